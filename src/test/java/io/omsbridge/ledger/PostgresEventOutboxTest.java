package io.omsbridge.ledger;

/** Proves the outbox queries on a real PostgreSQL 14 (embedded, started once for the class). */
class PostgresEventOutboxTest extends EventOutboxContract {

    PostgresEventOutboxTest() {
        super(Kind.POSTGRES);
    }
}
