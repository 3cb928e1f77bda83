package io.omsbridge.ledger;

import java.util.UUID;

/** Proves the ledger's contract on H2, the embedded default database. */
class LedgerTest extends LedgerContract {

    @Override
    protected LedgerDatabase openDatabase() {
        return LedgerDatabase.open("jdbc:h2:mem:ledger-" + UUID.randomUUID() + ";DB_CLOSE_DELAY=-1", "sa", "", 4);
    }
}
