package io.omsbridge.model;

/** The CloudEvents {@code type}s the bridge publishes (design.md, "States and events"). */
public enum EventType {
    SUCCEEDED("oms.task.succeeded", true),
    FAILED("oms.task.failed", true),
    STOPPED("oms.task.stopped", false),
    PROGRESS("oms.task.progress", false),
    REJECTED("oms.request.rejected", true),
    SUBMIT_FAILED("oms.request.submit-failed", true),
    RESUMED("oms.task.resumed", false),
    RETRIED("oms.task.retried", false),
    /** Terminal for the run when it ends one (a stopped task deleted); the data's {@code ends_run} says which. */
    DELETED("oms.task.deleted", false),
    /** A bandwidth operation replaced the task's bandwidth windows. */
    THROTTLED("oms.task.throttled", false),
    /** A priority operation set the task's priority. */
    REPRIORITISED("oms.task.reprioritised", false),
    GROUP_PROGRESS("oms.group.progress", false),
    GROUP_SUCCEEDED("oms.group.succeeded", true),
    GROUP_FAILED("oms.group.failed", true),
    /** A migration in passes is over (its cutover pass succeeded, or until came), with the totals of every pass. */
    MIGRATION_COMPLETED("oms.migration.completed", false),
    /** quiet_after passes in a row copied no object: the source has settled, a cutover can be planned. */
    MIGRATION_QUIET("oms.migration.quiet", false);

    private final String type;
    private final boolean terminal;

    EventType(String type, boolean terminal) {
        this.type = type;
        this.terminal = terminal;
    }

    public String type() {
        return type;
    }

    public boolean terminal() {
        return terminal;
    }
}
