package io.omsbridge.ledger;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.ObjectMapper;
import io.omsbridge.event.EventFactory;
import io.omsbridge.model.AcceptOutcome;
import io.omsbridge.model.ReceivedRequest;
import io.omsbridge.model.RequestSource;
import io.omsbridge.request.InputReader;
import io.omsbridge.request.SeedRequests;
import io.zonky.test.db.postgres.embedded.EmbeddedPostgres;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Clock;
import java.util.Base64;
import java.util.List;
import java.util.UUID;
import javax.sql.DataSource;
import org.flywaydb.core.Flyway;
import org.junit.jupiter.api.Test;
import org.sqlite.SQLiteDataSource;

/** A ledger whose rejected rows kept their fingerprint in body (up to V10) still knows the same bad input again. */
class RejectedFingerprintMigrationTest {

    private static final String KEY =
            Base64.getEncoder().encodeToString("0123456789abcdef0123456789abcdef".getBytes(StandardCharsets.US_ASCII));

    private final ObjectMapper mapper = new ObjectMapper();
    private final ReceivedRequest bad = new InputReader(SeedRequests.reader(), 1 << 20)
            .fromText(
                    "bad-1",
                    SeedRequests.json(SeedRequests.seed().put("thread_num", 99)),
                    RequestSource.EMBEDDED,
                    "test");

    @Test
    void aSqliteLedgerRejectedBeforeTheFingerprintColumnIsMovedAndTheSameBadInputAddsNoEvent() throws Exception {
        Path file = Files.createDirectories(Path.of("target", "ledgers"))
                .resolve("v10-" + UUID.randomUUID() + ".db")
                .toAbsolutePath();
        SQLiteDataSource v10 = new SQLiteDataSource();
        v10.setUrl("jdbc:sqlite:" + file);
        rejectedAsV10Did(v10);

        try (LedgerDatabase database = LedgerDatabase.open(LedgerDatabase.Options.of("jdbc:sqlite:" + file, 4))) {
            assertTheBadInputIsKnownAgain(database);
        }
    }

    @Test
    void aPostgresLedgerRejectedBeforeTheFingerprintColumnIsMovedAndTheSameBadInputAddsNoEvent() throws Exception {
        try (EmbeddedPostgres postgres = EmbeddedPostgres.start()) {
            rejectedAsV10Did(postgres.getPostgresDatabase());

            try (LedgerDatabase database =
                    LedgerDatabase.open(postgres.getJdbcUrl("postgres", "postgres"), "postgres", "", 4)) {
                assertTheBadInputIsKnownAgain(database);
            }
        }
    }

    /** The schema up to V10, with a rejected row as V10's code wrote it: the fingerprint in body. */
    private void rejectedAsV10Did(DataSource dataSource) throws SQLException {
        Flyway.configure()
                .dataSource(dataSource)
                .locations("classpath:db/migration")
                .javaMigrations(new StateCountsMigration())
                .target("10")
                .load()
                .migrate();
        try (Connection c = dataSource.getConnection();
                PreparedStatement ps = c.prepareStatement("insert into bridge_request (request_id, source,"
                        + " project_id, body, state, attempts, last_error, created_at, updated_at, completed_at)"
                        + " values (?, 'EMBEDDED', '', ?, 'REJECTED', 0, 'thread_num: too many', 1, 1, 1)")) {
            ps.setString(1, bad.requestId());
            ps.setString(2, bad.fingerprint());
            ps.executeUpdate();
        }
    }

    private void assertTheBadInputIsKnownAgain(LedgerDatabase database) throws SQLException {
        Clock clock = Clock.systemUTC();
        Ledger ledger = new Ledger(
                database, mapper, new EventFactory(mapper, clock), SecretBox.open(KEY, null), clock, "node-1", 5_000);

        AcceptOutcome again = ledger.accept(List.of(bad)).get(0);

        assertThat(again.kind()).isEqualTo(AcceptOutcome.Kind.REJECTED);
        try (Connection c = database.dataSource().getConnection();
                Statement s = c.createStatement()) {
            try (ResultSet rs = s.executeQuery("select count(*) from bridge_event")) {
                assertThat(rs.next()).isTrue();
                assertThat(rs.getLong(1))
                        .as("events for the same bad input again")
                        .isZero();
            }
            try (ResultSet rs = s.executeQuery("select body, fingerprint from bridge_request")) {
                assertThat(rs.next()).isTrue();
                assertThat(rs.getString(1)).isEmpty();
                assertThat(rs.getString(2)).isEqualTo(bad.fingerprint());
            }
        }
    }
}
