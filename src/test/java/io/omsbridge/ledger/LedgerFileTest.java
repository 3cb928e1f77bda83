package io.omsbridge.ledger;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import io.omsbridge.BridgeRun;
import java.io.RandomAccessFile;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.Arrays;
import org.junit.jupiter.api.Test;
import org.sqlite.SQLiteConfig;

/** The embedded ledger file: WAL mode, the synchronous setting applied, and a damaged file refused with a way out. */
class LedgerFileTest {

    private final Path dir = BridgeRun.newDataDir("ledger-file");

    @Test
    void aNewLedgerIsASqliteFileInWalModeWithTheSynchronousSettingItWasOpenedWith() throws Exception {
        Path file = dir.resolve("ledger.db");
        try (LedgerDatabase db = LedgerDatabase.open(
                new LedgerDatabase.Options("jdbc:sqlite:" + file, null, null, 2, LedgerDatabase.Synchronous.NORMAL))) {
            assertThat(db.kind()).isEqualTo(LedgerDatabase.Kind.SQLITE);
            assertThat(db.file()).isEqualTo(file.toAbsolutePath());
            assertThat(db.<String>read(c -> pragma(c, "journal_mode"))).isEqualTo("wal");
            // on the connection that writes: 1 is NORMAL (2 would be FULL)
            assertThat(db.<String>write(c -> pragma(c, "synchronous"))).isEqualTo("1");
        }
        try (LedgerDatabase db = LedgerDatabase.open(LedgerDatabase.Options.of("jdbc:sqlite:" + file, 2))) {
            assertThat(db.<String>write(c -> pragma(c, "synchronous")))
                    .as("FULL, the default")
                    .isEqualTo("2");
        }
    }

    @Test
    void theReadingConnectionsRefuseToWriteSoEveryWriteGoesThroughTheOneWriter() throws Exception {
        try (LedgerDatabase db =
                        LedgerDatabase.open(LedgerDatabase.Options.of("jdbc:sqlite:" + dir.resolve("r.db"), 2));
                Connection c = db.dataSource().getConnection();
                Statement s = c.createStatement()) {
            Throwable refused =
                    catchThrowableOfType(SQLException.class, () -> s.executeUpdate("delete from bridge_duty"));
            assertThat(refused).hasMessageContaining("readonly");
        }
    }

    @Test
    void aFileThatIsNotADatabaseIsRefusedWithTheFileAndTheTwoWaysBackInOneLine() throws Exception {
        Path file = dir.resolve("garbage.db");
        byte[] junk = new byte[16384];
        Arrays.fill(junk, (byte) 0x5a);
        Files.write(file, junk);

        LedgerUnusableException e = catchThrowableOfType(
                LedgerUnusableException.class,
                () -> LedgerDatabase.open(LedgerDatabase.Options.of("jdbc:sqlite:" + file, 2)));

        assertThat(e.getMessage())
                .contains(file.toAbsolutePath() + " is damaged")
                .contains("restore it from a backup")
                .contains("move it aside")
                .doesNotContain("\n");
    }

    @Test
    void aLedgerWhosePagesWereDamagedFailsItsQuickCheckAndIsNeverUsed() throws Exception {
        Path file = dir.resolve("damaged.db");
        try (LedgerDatabase db = LedgerDatabase.open(LedgerDatabase.Options.of("jdbc:sqlite:" + file, 2))) {
            db.write(c -> {
                try (Statement s = c.createStatement()) {
                    for (int i = 0; i < 2000; i++) {
                        s.executeUpdate("insert into bridge_duty (duty, holder, until) values ('duty-" + i
                                + "', 'node-with-a-longish-name-" + i + "', " + i + ")");
                    }
                }
                return null;
            });
        }
        try (Connection c = new SQLiteConfig().createConnection("jdbc:sqlite:" + file);
                Statement s = c.createStatement()) {
            // everything into the main file, so the damage below hits what the next open reads
            s.execute("PRAGMA wal_checkpoint(TRUNCATE)");
        }
        long size = Files.size(file);
        try (RandomAccessFile raw = new RandomAccessFile(file.toFile(), "rw")) {
            byte[] noise = new byte[4096];
            Arrays.fill(noise, (byte) 0xa5);
            // the last pages hold the table's and its index's newest rows; the header page stays readable
            raw.seek(size - 3 * 4096);
            raw.write(noise);
        }

        LedgerUnusableException e = catchThrowableOfType(
                LedgerUnusableException.class,
                () -> LedgerDatabase.open(LedgerDatabase.Options.of("jdbc:sqlite:" + file, 2)));

        assertThat(e.getMessage())
                .startsWith("ledger " + file.toAbsolutePath() + " is damaged (")
                .contains(file + ".damaged");
    }

    @Test
    void anH2UrlIsNamedAsNoLongerSupported() {
        LedgerUnusableException e = catchThrowableOfType(
                LedgerUnusableException.class,
                () -> LedgerDatabase.open(LedgerDatabase.Options.of("jdbc:h2:file:./data/db/ledger", 2)));

        assertThat(e.getMessage())
                .startsWith("ledger.url: must be a SQLite file")
                .endsWith("H2 is no longer supported");
    }

    private static String pragma(Connection c, String name) throws SQLException {
        try (Statement s = c.createStatement();
                ResultSet rs = s.executeQuery("PRAGMA " + name)) {
            rs.next();
            return rs.getString(1);
        }
    }
}
