package io.omsbridge.ledger;

/** Proves the dashboard's last hour on SQLite, the embedded default database. */
class LastHourTest extends LastHourContract {

    LastHourTest() {
        super(Kind.SQLITE);
    }
}
