package io.omsbridge.ledger;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.sql.Statement;
import org.flywaydb.core.api.MigrationVersion;
import org.flywaydb.core.api.migration.Context;
import org.flywaydb.core.api.migration.JavaMigration;

/**
 * Migration 7: the state counts and their triggers, and the newest-first indexes. The two databases say triggers in
 * dialects of their own, so this one migration runs {@code db/state-counts/sqlite.sql} or {@code postgresql.sql},
 * whichever the ledger is on; the others are plain SQL files both databases read.
 */
final class StateCountsMigration implements JavaMigration {

    @Override
    public MigrationVersion getVersion() {
        return MigrationVersion.fromVersion("7");
    }

    @Override
    public String getDescription() {
        return "state counts and newest-first indexes";
    }

    @Override
    public Integer getChecksum() {
        return script("sqlite").hashCode() * 31 + script("postgresql").hashCode();
    }

    @Override
    public boolean canExecuteInTransaction() {
        return true;
    }

    @Override
    public void migrate(Context context) throws Exception {
        String product =
                context.getConnection().getMetaData().getDatabaseProductName().toLowerCase();
        String script = script(product.contains("postgres") ? "postgresql" : "sqlite");
        try (Statement statement = context.getConnection().createStatement()) {
            for (String sql : script.split("\n--;\n")) {
                if (!sql.lines().allMatch(line -> line.isBlank() || line.startsWith("--"))) {
                    statement.execute(sql);
                }
            }
        }
    }

    private static String script(String dialect) {
        try (InputStream in = StateCountsMigration.class.getResourceAsStream("/db/state-counts/" + dialect + ".sql")) {
            return new String(in.readAllBytes(), StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
