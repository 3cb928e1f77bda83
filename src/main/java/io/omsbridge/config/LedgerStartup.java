package io.omsbridge.config;

import io.omsbridge.ledger.LedgerDatabase;
import io.omsbridge.ledger.LedgerUnusableException;
import io.omsbridge.settings.ConfigurationException;
import io.omsbridge.settings.LedgerSettings;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.apache.camel.support.service.ServiceSupport;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Opens the ledger when the Camel context starts and closes it when it stops (after the routes). A ledger that cannot
 * be used (damaged, or an H2 ledger of an earlier build where the new one would go) stops the start with one line
 * saying what was found and what to do.
 */
final class LedgerStartup extends ServiceSupport {

    private static final Logger LOG = LoggerFactory.getLogger(LedgerStartup.class);

    private final LedgerDatabase database;
    private final LedgerSettings settings;
    private final Path dataDir;

    LedgerStartup(LedgerDatabase database, LedgerSettings settings, Path dataDir) {
        this.database = database;
        this.settings = settings;
        this.dataDir = dataDir;
    }

    @Override
    protected void doStart() {
        Path h2 = dataDir.resolve("db").resolve("ledger.mv.db");
        if (settings.defaultUrl() && Files.exists(h2)) {
            Path sqlite = LedgerDatabase.sqliteFile(settings.url());
            if (!Files.exists(sqlite)) {
                throw new ConfigurationException(List.of("ledger: " + h2 + " is the H2 ledger of an earlier"
                        + " oms-bridge; this build keeps its ledger in SQLite (" + sqlite + ") and cannot read H2."
                        + " Let the earlier build finish the requests it holds, then move " + dataDir.resolve("db")
                        + " aside (mv " + dataDir.resolve("db") + " " + dataDir.resolve("db.h2-old")
                        + ") and start again"));
            }
            LOG.warn(
                    "ledger: {} is the H2 ledger of an earlier oms-bridge and is not used (the ledger is {}); move it"
                            + " aside once you no longer need it",
                    h2,
                    sqlite);
        }
        try {
            database.start();
        } catch (LedgerUnusableException e) {
            throw new ConfigurationException(List.of(e.getMessage()));
        }
    }

    @Override
    protected void doStop() {
        database.stop();
    }
}
