package io.omsbridge.ledger;

/** Proves the ledger's contract on H2, the embedded default database. */
class LedgerTest extends LedgerContract {

    LedgerTest() {
        super(Kind.H2);
    }
}
