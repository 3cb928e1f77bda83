package io.omsbridge.model;

import java.util.Locale;
import java.util.Set;

/**
 * What an operator may do to a migration's task (design.md, "Operations"), and in which ledger states the bridge lets
 * it: the rest are refused before OMS is asked, naming the state.
 */
public enum Operation {
    /** Pause a running task (OMS stops only status 2, a group only 1 and 2); the poll sees it stop. */
    STOP(Set.of(LedgerState.RUNNING), "a running task"),
    /** Resume a stopped task. */
    START(Set.of(LedgerState.STOPPED), "a stopped task"),
    /** Run a failed task again, all its objects or only the failed ones: a new run, with its own terminal event. */
    RETRY(Set.of(LedgerState.FAILED), "a failed task"),
    /** Delete the task in OMS (not while it runs: stop it first). */
    DELETE(Set.of(LedgerState.STOPPED, LedgerState.FAILED, LedgerState.SUCCEEDED), "a stopped or ended task");

    private final Set<LedgerState> allowedIn;
    private final String allowedWhat;

    Operation(Set<LedgerState> allowedIn, String allowedWhat) {
        this.allowedIn = allowedIn;
        this.allowedWhat = allowedWhat;
    }

    public String wire() {
        return name().toLowerCase(Locale.ROOT);
    }

    public boolean allowedIn(LedgerState state) {
        return allowedIn.contains(state);
    }

    /** Why it is refused in {@code state}, in a line for the operator. */
    public String refusal(String requestId, LedgerState state) {
        String why = switch (state) {
            case RECEIVED, SUBMITTING -> "it has no OMS task yet (" + state + ")";
            case REJECTED, SUBMIT_FAILED -> "it never became an OMS task (" + state + ")";
            case DELETED -> "its task was deleted";
            default -> "it is " + state;
        };
        String hint = this == DELETE && state == LedgerState.RUNNING ? "; stop it first"
                : this == STOP && state == LedgerState.SUBMITTED ? "; OMS stops a task once it runs" : "";
        return "cannot " + wire() + " migration " + requestId + ": " + why + "; only " + allowedWhat + " can be "
                + past() + hint;
    }

    private String past() {
        return switch (this) {
            case STOP -> "stopped";
            case START -> "started again";
            case RETRY -> "retried";
            case DELETE -> "deleted";
        };
    }

    /** Starting a task again asks for its keys (OMS purges them when a task ends or stops). */
    public boolean needsKeys() {
        return this == START || this == RETRY;
    }

    public static Operation of(String wire) {
        return valueOf(wire.toUpperCase(Locale.ROOT));
    }
}
