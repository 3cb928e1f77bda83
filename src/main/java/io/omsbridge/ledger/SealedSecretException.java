package io.omsbridge.ledger;

/** A request's sealed keys do not open: sealed for another request (moved between rows), or the key changed. */
public final class SealedSecretException extends RuntimeException {

    public SealedSecretException(String message, Throwable cause) {
        super(message, cause);
    }
}
