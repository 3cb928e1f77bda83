package io.omsbridge.model;

/** The life of a request in the ledger (design.md, "States and events"). */
public enum LedgerState {
    RECEIVED,
    SUBMITTING,
    SUBMITTED,
    RUNNING,
    STOPPED,
    SUCCEEDED,
    FAILED,
    REJECTED,
    SUBMIT_FAILED,
    /** The task was deleted in OMS by an operation: nothing more happens to the request. */
    DELETED;

    /** States the status poll watches: the task exists in OMS and has not ended. */
    public boolean inFlight() {
        return this == SUBMITTED || this == RUNNING || this == STOPPED;
    }

    public boolean terminal() {
        return this == SUCCEEDED || this == FAILED || this == REJECTED || this == SUBMIT_FAILED || this == DELETED;
    }
}
