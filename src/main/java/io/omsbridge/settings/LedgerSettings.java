package io.omsbridge.settings;

import java.nio.file.Path;
import java.util.Locale;
import org.apache.camel.spi.PropertiesComponent;
import org.apache.camel.util.URISupport;

/**
 * Where the ledger lives and how durable a commit is, read once at start: by default a SQLite file under the data
 * directory in WAL mode with {@code synchronous=FULL} (a commit survives a power cut; {@code NORMAL} survives a killed
 * process and commits faster); PostgreSQL by URL when several bridges share one ledger.
 */
public record LedgerSettings(
        String url, String username, String password, int poolSize, String synchronous, boolean defaultUrl) {

    /** The embedded default ledger's file name under the data directory. */
    public static final String FILE = "ledger.db";

    public static LedgerSettings read(PropertiesComponent properties, Path dataDir) {
        SettingsReader in = new SettingsReader(properties);
        String url = in.string("ledger.url", null);
        boolean defaultUrl = url == null;
        if (defaultUrl) {
            url = "jdbc:sqlite:" + dataDir.resolve(FILE).toAbsolutePath();
        } else if (!url.startsWith("jdbc:sqlite:") && !url.startsWith("jdbc:postgresql:")) {
            in.problem("ledger.url: must be a SQLite file (jdbc:sqlite:/path/ledger.db; the default is "
                    + dataDir.resolve(FILE) + ") or PostgreSQL (jdbc:postgresql://host:5432/db)"
                    + (url.startsWith("jdbc:h2:") ? "; H2 is no longer supported" : ""));
        }
        String synchronous = in.string("ledger.sqlite.synchronous", "FULL").toUpperCase(Locale.ROOT);
        if (!synchronous.equals("FULL") && !synchronous.equals("NORMAL")) {
            in.problem("ledger.sqlite.synchronous: must be FULL (a commit survives a power cut) or NORMAL (it survives"
                    + " a killed process), got '" + synchronous + "'");
            synchronous = "FULL";
        }
        LedgerSettings settings = new LedgerSettings(
                url,
                in.string("ledger.username", null),
                in.string("ledger.password", ""),
                in.integer("ledger.pool-size", 16, 1, 1_000),
                synchronous,
                defaultUrl);
        if (!in.problems().isEmpty()) {
            throw new ConfigurationException(in.problems());
        }
        return settings;
    }

    @Override
    public String toString() {
        return "LedgerSettings[url=" + URISupport.sanitizeUri(url) + ", synchronous=" + synchronous + "]";
    }
}
