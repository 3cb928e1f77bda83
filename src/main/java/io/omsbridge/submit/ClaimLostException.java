package io.omsbridge.submit;

/**
 * This exchange's claim on a request ran out and the request was handed out again: whoever holds it now submits it,
 * so this one stops without posting.
 */
public final class ClaimLostException extends RuntimeException {
    public ClaimLostException(String requestId) {
        super("request " + requestId + ": the claim ran out and another attempt has it now; this one stops");
    }
}
