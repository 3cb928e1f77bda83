package io.omsbridge.ledger;

/** Proves the ledger's contract on SQLite, the embedded default database. */
class LedgerTest extends LedgerContract {

    LedgerTest() {
        super(Kind.SQLITE);
    }
}
