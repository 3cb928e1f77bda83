package io.omsbridge.ledger;

import java.io.IOException;
import java.io.UncheckedIOException;

import io.zonky.test.db.postgres.embedded.EmbeddedPostgres;

/** Proves the outbox queries on a real PostgreSQL 14 (embedded, started once for the class). */
class PostgresEventOutboxTest extends EventOutboxContract {

    private EmbeddedPostgres postgres;

    @Override
    protected LedgerDatabase openDatabase() {
        try {
            postgres = EmbeddedPostgres.start();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return LedgerDatabase.open(postgres.getJdbcUrl("postgres", "postgres"), "postgres", "", 8);
    }

    @Override
    protected void afterDatabaseClosed() throws IOException {
        if (postgres != null) {
            postgres.close();
        }
    }
}
