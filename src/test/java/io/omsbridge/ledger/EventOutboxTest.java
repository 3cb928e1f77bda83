package io.omsbridge.ledger;

/** Proves the outbox queries on H2, the embedded default database. */
class EventOutboxTest extends EventOutboxContract {

    EventOutboxTest() {
        super(Kind.H2);
    }
}
