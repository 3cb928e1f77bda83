package io.omsbridge.ledger;

/** Proves the duty lease's contract on SQLite, the embedded default database. */
class DutyLeaseTest extends DutyLeaseContract {

    DutyLeaseTest() {
        super(Kind.SQLITE);
    }
}
