package io.omsbridge.ledger;

import com.zaxxer.hikari.HikariConfig;
import com.zaxxer.hikari.HikariDataSource;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.SQLNonTransientConnectionException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import javax.sql.DataSource;
import org.apache.camel.support.service.ServiceSupport;
import org.flywaydb.core.Flyway;
import org.sqlite.SQLiteConfig;
import org.sqlite.SQLiteDataSource;

/**
 * The ledger's database, its schema brought up to date by Flyway before anyone uses it: an embedded SQLite file (the
 * default; WAL, one writer) or PostgreSQL (several bridges on one ledger). A write is one transaction that is durable
 * when {@link #write} returns: on SQLite with {@code synchronous=FULL} it survives a power cut, with {@code NORMAL}
 * a killed process (the WAL is synced at checkpoints only). Reads go to a pool of their own connections, which
 * under WAL never wait for the writer.
 */
public final class LedgerDatabase extends ServiceSupport implements AutoCloseable {

    /** The databases the ledger runs on. */
    public enum Kind {
        SQLITE,
        POSTGRESQL
    }

    /** {@code synchronous} of a SQLite ledger (oms-api-independent: SQLite's own pragma values). */
    public enum Synchronous {
        FULL,
        NORMAL
    }

    /** How to open the ledger: its JDBC URL and, for PostgreSQL, its account and pool size. */
    public record Options(String url, String username, String password, int poolSize, Synchronous synchronous) {

        public static Options of(String url, int poolSize) {
            return new Options(url, null, null, poolSize, Synchronous.FULL);
        }
    }

    /** A writer waits at most this long for a lock it should never meet (another process writing the file). */
    private static final int BUSY_TIMEOUT_MS = 30_000;

    private final Options options;
    private final Kind kind;
    private volatile HikariDataSource readers;
    private volatile SerialWriter writer;
    private volatile Path file;

    /**
     * The ledger at {@code options.url()}, opened (checked, migrated) when started: by the Camel context it is a
     * service
     * of, or by {@link #open}. Reads and writes before that fail as an unavailable ledger.
     */
    public LedgerDatabase(Options options) {
        this.options = options;
        String url = options.url();
        if (url.startsWith("jdbc:sqlite:")) {
            kind = Kind.SQLITE;
        } else if (url.startsWith("jdbc:postgresql:")) {
            kind = Kind.POSTGRESQL;
        } else {
            throw new LedgerUnusableException("ledger.url: must be a SQLite file (jdbc:sqlite:/path/ledger.db, the"
                    + " default) or PostgreSQL (jdbc:postgresql://host:5432/db), got '"
                    + url.replaceAll("//[^@/]*@", "//***@") + "'"
                    + (url.startsWith("jdbc:h2:") ? "; H2 is no longer supported" : ""));
        }
    }

    /** A SQLite file with {@code synchronous=FULL}, or PostgreSQL, by URL, opened now. */
    public static LedgerDatabase open(String url, String username, String password, int poolSize) {
        return open(new Options(url, username, password, poolSize, Synchronous.FULL));
    }

    /** The ledger, opened now (outside a Camel context: tests, tools). */
    public static LedgerDatabase open(Options options) {
        LedgerDatabase database = new LedgerDatabase(options);
        database.start();
        return database;
    }

    @Override
    protected void doStart() {
        if (kind == Kind.SQLITE) {
            openSqlite();
        } else {
            openPostgres();
        }
    }

    /** The SQLite file of a {@code jdbc:sqlite:} URL (its query string left out). */
    public static Path sqliteFile(String url) {
        String rest = url.substring("jdbc:sqlite:".length());
        if (rest.startsWith("file:")) {
            rest = rest.substring("file:".length());
        }
        int query = rest.indexOf('?');
        return Path.of(query < 0 ? rest : rest.substring(0, query));
    }

    private void openSqlite() {
        Path file = sqliteFile(options.url()).toAbsolutePath();
        SQLiteConfig config = new SQLiteConfig();
        config.setJournalMode(SQLiteConfig.JournalMode.WAL);
        config.setSynchronous(
                options.synchronous() == Synchronous.NORMAL
                        ? SQLiteConfig.SynchronousMode.NORMAL
                        : SQLiteConfig.SynchronousMode.FULL);
        config.setBusyTimeout(BUSY_TIMEOUT_MS);
        String url = "jdbc:sqlite:" + file;
        try {
            Files.createDirectories(file.getParent());
        } catch (IOException e) {
            throw new LedgerUnusableException("ledger " + file + ": cannot create its directory (" + e + ")");
        }
        SerialWriter writer = null;
        HikariDataSource readers = null;
        try {
            Connection connection = config.createConnection(url);
            try {
                checkIntact(connection, file);
                checkWal(connection, file);
            } catch (SQLException | RuntimeException e) {
                connection.close();
                throw e;
            }
            SQLiteDataSource migrations = new SQLiteDataSource(config);
            migrations.setUrl(url);
            migrate(migrations);
            writer = new SerialWriter(connection, "ledger-writer");
            SQLiteDataSource reading = new SQLiteDataSource(config);
            reading.setUrl(url);
            HikariConfig pool = new HikariConfig();
            pool.setDataSource(reading);
            pool.setMaximumPoolSize(options.poolSize());
            pool.setPoolName("ledger-readers");
            pool.setAutoCommit(true);
            // reads only: every write goes through the one writer, so nobody waits for SQLite's single write lock
            pool.setConnectionInitSql("PRAGMA query_only = 1");
            pool.setConnectionTimeout(30_000);
            readers = new HikariDataSource(pool);
            this.file = file;
            this.writer = writer;
            this.readers = readers;
        } catch (SQLException e) {
            close(writer, readers);
            if (damaged(e)) {
                throw damaged(file, e.getMessage());
            }
            throw new LedgerUnusableException("ledger " + file + ": cannot open it (" + e.getMessage() + ")");
        } catch (RuntimeException e) {
            close(writer, readers);
            throw e;
        }
    }

    /** A damaged ledger is never used: SQLite's quick check runs before anything reads or writes it. */
    private static void checkIntact(Connection connection, Path file) throws SQLException {
        List<String> problems = new ArrayList<>();
        try (Statement s = connection.createStatement();
                ResultSet rs = s.executeQuery("PRAGMA quick_check")) {
            while (rs.next()) {
                problems.add(rs.getString(1));
            }
        }
        if (!(problems.size() == 1 && "ok".equalsIgnoreCase(problems.get(0)))) {
            throw damaged(file, "quick_check: " + String.join("; ", problems.subList(0, Math.min(3, problems.size()))));
        }
    }

    private static void checkWal(Connection connection, Path file) throws SQLException {
        try (Statement s = connection.createStatement();
                ResultSet rs = s.executeQuery("PRAGMA journal_mode")) {
            String mode = rs.next() ? rs.getString(1) : "";
            if (!"wal".equalsIgnoreCase(mode)) {
                throw new LedgerUnusableException("ledger " + file + ": SQLite would not switch it to WAL mode (it"
                        + " reports journal_mode " + mode + "); is the file on a network file system?");
            }
        }
    }

    private static boolean damaged(SQLException e) {
        String m = String.valueOf(e.getMessage()).toUpperCase(Locale.ROOT);
        return m.contains("SQLITE_CORRUPT") || m.contains("SQLITE_NOTADB");
    }

    /** What an operator reads when the ledger is damaged: which file, and the two ways back. */
    static LedgerUnusableException damaged(Path file, String detail) {
        return new LedgerUnusableException("ledger " + file + " is damaged (" + detail + "); the bridge will not"
                + " use it. Either restore it from a backup (stop the bridge, put the copy in its place and remove "
                + file.getFileName() + "-wal and " + file.getFileName() + "-shm), or move it aside (mv " + file + " "
                + file + ".damaged, with its -wal and -shm) to start on an empty ledger: the tasks the bridge made"
                + " stay in OMS, tagged [oms-bridge:<request id>] in their description, but requests that had not"
                + " reached OMS and events not yet published are lost with the old file");
    }

    private void openPostgres() {
        HikariConfig config = new HikariConfig();
        config.setJdbcUrl(options.url());
        config.setUsername(options.username());
        config.setPassword(options.password());
        config.setMaximumPoolSize(options.poolSize());
        config.setPoolName("ledger");
        config.setAutoCommit(true);
        // wait for a database that is briefly unavailable instead of failing the first request
        config.setConnectionTimeout(30_000);
        config.setInitializationFailTimeout(-1);
        HikariDataSource dataSource = new HikariDataSource(config);
        try {
            migrate(dataSource);
        } catch (RuntimeException e) {
            dataSource.close();
            throw e;
        }
        this.readers = dataSource;
    }

    private static void migrate(DataSource dataSource) {
        // the SQL both databases read, and migrations 7 and 12, which each database says in its own dialect
        Flyway.configure()
                .dataSource(dataSource)
                .locations("classpath:db/migration")
                .javaMigrations(new StateCountsMigration(), new SecretsWidthMigration())
                .load()
                .migrate();
    }

    public Kind kind() {
        return kind;
    }

    /**
     * The database's clock in epoch milliseconds, as SQL: leases, attempt times and duties are judged on it alone, so
     * several bridges need not agree on the time. SQLite's is the clock of the machine holding the file (one machine);
     * PostgreSQL's is the server's, read once per statement.
     */
    String nowMillisSql() {
        return kind == Kind.SQLITE
                ? "cast(unixepoch('now', 'subsec') * 1000 as integer)"
                : "cast(floor(extract(epoch from statement_timestamp()) * 1000) as bigint)";
    }

    /** A number in a column of JSON text, as SQL (null where the column or the field is): {@code $.field}. */
    String jsonNumberSql(String column, String field) {
        return kind == Kind.SQLITE
                ? "json_extract(" + column + ", '$." + field + "')"
                : "cast(cast(" + column + " as jsonb) ->> '" + field + "' as numeric)";
    }

    /** The database's clock now, in epoch milliseconds (what the leases are judged on). */
    public long now() {
        return read(c ->
                Jdbc.query(c, "select " + nowMillisSql(), rs -> rs.getLong(1)).get(0));
    }

    /** The SQLite file, or null on PostgreSQL. */
    public Path file() {
        return file;
    }

    /** Connections for reading (on SQLite they refuse writes: use {@link #write}). */
    public DataSource dataSource() {
        return readers;
    }

    /** Runs {@code work} in one transaction; it is committed (and durable) when this returns. */
    public <T> T write(Jdbc.Work<T> work) {
        HikariDataSource readers = openReaders();
        SerialWriter writer = this.writer;
        try {
            if (writer != null) {
                return writer.write(work);
            }
            try (Connection c = readers.getConnection()) {
                c.setAutoCommit(false);
                try {
                    T result = work.run(c);
                    c.commit();
                    return result;
                } catch (SQLException | RuntimeException e) {
                    try {
                        c.rollback();
                    } catch (SQLException rollbackFailed) {
                        e.addSuppressed(rollbackFailed);
                    }
                    throw e;
                } finally {
                    restoreAutoCommit(c);
                }
            }
        } catch (SQLException e) {
            throw new LedgerException(e);
        }
    }

    /** One read on a connection of its own, in auto-commit: no transaction to begin and end. */
    public <T> T read(Jdbc.Work<T> work) {
        try (Connection c = openReaders().getConnection()) {
            return work.run(c);
        } catch (SQLException e) {
            throw new LedgerException(e);
        }
    }

    private HikariDataSource openReaders() {
        HikariDataSource open = readers;
        if (open == null) {
            throw new LedgerException(new SQLNonTransientConnectionException("the ledger is not open", "08003"));
        }
        return open;
    }

    /** A dead connection must not hide the database error that killed it. */
    private static void restoreAutoCommit(Connection c) {
        try {
            c.setAutoCommit(true);
        } catch (SQLException ignored) {
            // the pool drops a broken connection; the original error is already on its way
        }
    }

    private static void close(SerialWriter writer, HikariDataSource readers) {
        if (writer != null) {
            writer.close();
        }
        if (readers != null) {
            readers.close();
        }
    }

    @Override
    protected void doStop() {
        // the writer first: it finishes what was handed to it while the readers can still answer
        close(writer, readers);
        writer = null;
        readers = null;
    }

    @Override
    public void close() {
        stop();
    }
}
