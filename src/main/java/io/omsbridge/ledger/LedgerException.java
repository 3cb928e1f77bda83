package io.omsbridge.ledger;

/** The ledger could not be read or written (database down, disk full): transient, the caller retries. */
public final class LedgerException extends RuntimeException {
    public LedgerException(Throwable cause) {
        super("ledger unavailable: " + cause.getMessage(), cause);
    }
}
