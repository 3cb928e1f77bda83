package io.omsbridge.ledger;

import java.util.UUID;

/** Proves the duty lease's contract on H2, the embedded default database. */
class DutyLeaseTest extends DutyLeaseContract {

    @Override
    protected LedgerDatabase openDatabase() {
        return LedgerDatabase.open("jdbc:h2:mem:duty-" + UUID.randomUUID() + ";DB_CLOSE_DELAY=-1", "sa", "", 8);
    }
}
