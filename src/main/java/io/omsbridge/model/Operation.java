package io.omsbridge.model;

import java.util.Locale;
import java.util.Set;

/**
 * What an operator may do to a migration's task (design.md, "Operations"), and in which ledger states the bridge lets
 * it: the rest are refused before OMS is asked, naming the state. A retry of the failed objects only also needs the
 * list of them that OMS kept ({@link FailedObjectList}).
 */
public enum Operation {
    /** Pause a running task (OMS stops only status 2, a group only 1 and 2); the poll sees it stop. */
    STOP(Set.of(LedgerState.RUNNING), "a running task"),
    /** Resume a stopped task. */
    START(Set.of(LedgerState.STOPPED), "a stopped task"),
    /** Run a failed task again, all its objects or only the failed ones: a new run, with its own terminal event. */
    RETRY(Set.of(LedgerState.FAILED), "a failed task"),
    /** Delete the task in OMS (not while it runs: stop it first). */
    DELETE(Set.of(LedgerState.STOPPED, LedgerState.FAILED, LedgerState.SUCCEEDED), "a stopped or ended task"),
    /**
     * Ask a migration in passes for its final pass: it starts once the running pass ends (at once when none runs), and
     * when it succeeds the migration is over. The ledger alone carries it out; its rule is the schedule's, not a state.
     */
    CUTOVER(Set.of(), "a migration in passes"),
    /** Replace the task's bandwidth windows (up to five) while it has not ended: slow it down in business hours. */
    BANDWIDTH(
            Set.of(LedgerState.SUBMITTED, LedgerState.RUNNING, LedgerState.STOPPED),
            "a waiting, running or stopped task"),
    /** Set the task's priority while OMS holds it: waiting to run, paused or failed (OMS runs HIGH ones first). */
    PRIORITY(
            Set.of(LedgerState.SUBMITTED, LedgerState.STOPPED, LedgerState.FAILED),
            "a waiting, stopped or failed task");

    private final Set<LedgerState> allowedIn;
    private final String allowedWhat;

    Operation(Set<LedgerState> allowedIn, String allowedWhat) {
        this.allowedIn = allowedIn;
        this.allowedWhat = allowedWhat;
    }

    public String wire() {
        return name().toLowerCase(Locale.ROOT);
    }

    /** How every refusal of an operation by the migration it acts on begins (the API answers those 409). */
    public static final String REFUSED = "cannot ";

    /** Why an operation may not act on a migration: the field at fault ({@code state} or the operation's own). */
    public record Refusal(String field, String message) {}

    /**
     * The one rule for whether this operation may act on a migration, wherever it came from and whenever it is checked
     * (when received, and again when applied): the migration's {@code state}, and for a retry of the failed objects
     * only ({@code failedOnly}), a list of them that OMS kept and can run alone. Null when it may.
     */
    public Refusal refusal(String requestId, LedgerState state, boolean failedOnly, FailedObjectList failed) {
        if (!allowedIn.contains(state)) {
            return new Refusal("state", refusal(requestId, state));
        }
        String notRetryable = failedOnly ? failed.whyNotRetryable() : null;
        return notRetryable == null
                ? null
                : new Refusal(
                        "failed_objects_only",
                        REFUSED + "retry failed objects only"
                                + " of migration " + requestId + ": " + notRetryable
                                + "; retry the whole task instead (without"
                                + " failed_objects_only)");
    }

    /** Why it is refused in {@code state}, in a line for the operator. */
    private String refusal(String requestId, LedgerState state) {
        String why = switch (state) {
            case RECEIVED, SUBMITTING -> "it has no OMS task yet (" + state + ")";
            case REJECTED, SUBMIT_FAILED -> "it never became an OMS task (" + state + ")";
            case DELETED -> "its task was deleted";
            default -> "it is " + state;
        };
        String hint = this == DELETE && state == LedgerState.RUNNING
                ? "; stop it first"
                : this == STOP && state == LedgerState.SUBMITTED ? "; OMS stops a task once it runs" : "";
        return REFUSED + verb() + " migration " + requestId + ": " + why + "; only " + allowedWhat + " can be " + past()
                + hint;
    }

    private String past() {
        return switch (this) {
            case STOP -> "stopped";
            case START -> "started again";
            case RETRY -> "retried";
            case DELETE -> "deleted";
            case CUTOVER -> "cut over";
            case BANDWIDTH -> "throttled";
            case PRIORITY -> "reprioritised";
        };
    }

    /** The operation as a verb on a migration, for the operator's line. */
    private String verb() {
        return switch (this) {
            case BANDWIDTH -> "change the bandwidth of";
            case PRIORITY -> "change the priority of";
            default -> wire();
        };
    }

    /** Changes a setting of the task (its bandwidth or priority) rather than whether it runs. */
    public boolean changesSetting() {
        return this == BANDWIDTH || this == PRIORITY;
    }

    /** Starting a task again asks for its keys (OMS purges them when a task ends or stops). */
    public boolean needsKeys() {
        return this == START || this == RETRY;
    }

    public static Operation of(String wire) {
        return valueOf(wire.toUpperCase(Locale.ROOT));
    }
}
