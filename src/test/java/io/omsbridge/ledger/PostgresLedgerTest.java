package io.omsbridge.ledger;

/** Proves the ledger's contract on a real PostgreSQL 14 (embedded, started once for the class). */
class PostgresLedgerTest extends LedgerContract {

    PostgresLedgerTest() {
        super(Kind.POSTGRES);
    }
}
