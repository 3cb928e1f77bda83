package io.omsbridge.ledger;

/** Proves the outbox queries on SQLite, the embedded default database. */
class EventOutboxTest extends EventOutboxContract {

    EventOutboxTest() {
        super(Kind.SQLITE);
    }
}
