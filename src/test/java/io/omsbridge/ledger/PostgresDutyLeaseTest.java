package io.omsbridge.ledger;

/** Proves the duty lease's contract on a real PostgreSQL 14 (embedded, started once for the class). */
class PostgresDutyLeaseTest extends DutyLeaseContract {

    PostgresDutyLeaseTest() {
        super(Kind.POSTGRES);
    }
}
