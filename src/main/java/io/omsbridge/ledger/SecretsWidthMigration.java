package io.omsbridge.ledger;

import java.sql.Statement;
import org.flywaydb.core.api.MigrationVersion;
import org.flywaydb.core.api.migration.Context;
import org.flywaydb.core.api.migration.JavaMigration;

/**
 * Migration 12: room in the secrets columns for a v2 request's temporary keys (two security tokens of up to 16,384
 * characters, a Google key file of up to 65,535) in their sealed form. PostgreSQL holds a column to its declared
 * length and says the change in its own words; SQLite holds no text column to a length, so there is nothing to do.
 */
final class SecretsWidthMigration implements JavaMigration {

    /** The sealed secrets of one request or operation: the longest v2 secrets, sealed and base64-encoded, fit. */
    static final int SECRETS_CHARS = 200_000;

    @Override
    public MigrationVersion getVersion() {
        return MigrationVersion.fromVersion("12");
    }

    @Override
    public String getDescription() {
        return "secrets columns wide enough for security tokens";
    }

    @Override
    public Integer getChecksum() {
        return SECRETS_CHARS;
    }

    @Override
    public boolean canExecuteInTransaction() {
        return true;
    }

    @Override
    public void migrate(Context context) throws Exception {
        String product =
                context.getConnection().getMetaData().getDatabaseProductName().toLowerCase();
        if (!product.contains("postgres")) {
            return;
        }
        try (Statement statement = context.getConnection().createStatement()) {
            for (String table : new String[] {"bridge_request", "bridge_operation"}) {
                statement.execute("alter table " + table + " alter column secrets type varchar(" + SECRETS_CHARS + ")");
            }
        }
    }
}
