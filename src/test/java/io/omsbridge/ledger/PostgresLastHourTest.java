package io.omsbridge.ledger;

/** Proves the dashboard's last hour on a real PostgreSQL 14 (embedded, started once for the class). */
class PostgresLastHourTest extends LastHourContract {

    PostgresLastHourTest() {
        super(Kind.POSTGRES);
    }
}
