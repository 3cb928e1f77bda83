package io.omsbridge.submit;

/**
 * The search for a task an earlier attempt may have made could not be completed (OMS refused or kept failing the
 * list, the list is deeper than OMS lets a search read, or it kept shifting): the request must not be posted blind,
 * nor failed for an error that is not about it, so it is held and searched again. {@code isTransient}: trying again
 * soon may help (a 5xx, throttling, no answer, a shifting list), so the retry policy runs before the hold. OMS's
 * answer is in the message, never the cause: Camel matches error clauses on causes too, and the OmsException clauses
 * of the submit route would take it for a failed create.
 */
public final class SearchIncompleteException extends RuntimeException {

    private final boolean transientFailure;

    public SearchIncompleteException(String requestId, String reason, boolean transientFailure) {
        super("request " + requestId + ": the search for a task an earlier attempt may have made could not be"
                + " completed: " + reason);
        this.transientFailure = transientFailure;
    }

    public boolean isTransient() {
        return transientFailure;
    }
}
