package io.omsbridge.ledger;

/**
 * The ledger cannot be used at all (damaged, a database the bridge does not speak, a file it cannot open): the start
 * stops with this one line, which names the file and what to do.
 */
public final class LedgerUnusableException extends RuntimeException {

    public LedgerUnusableException(String message) {
        super(message);
    }
}
