package io.omsbridge.ledger;

/** Proves the duty lease's contract on H2, the embedded default database. */
class DutyLeaseTest extends DutyLeaseContract {

    DutyLeaseTest() {
        super(Kind.H2);
    }
}
