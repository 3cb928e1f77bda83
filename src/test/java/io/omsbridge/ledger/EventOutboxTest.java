package io.omsbridge.ledger;

import java.util.UUID;

/** Proves the outbox queries on H2, the embedded default database. */
class EventOutboxTest extends EventOutboxContract {

    @Override
    protected LedgerDatabase openDatabase() {
        return LedgerDatabase.open("jdbc:h2:mem:outbox-" + UUID.randomUUID() + ";DB_CLOSE_DELAY=-1", "sa", "", 8);
    }
}
