package io.omsbridge.crash;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.omsbridge.BridgeRun;
import io.omsbridge.ledger.LedgerDatabase;
import io.omsbridge.simulator.OmsSimulator;
import io.omsbridge.simulator.SimulatorSettings;
import io.zonky.test.db.postgres.embedded.EmbeddedPostgres;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Duration;
import java.util.Map;
import org.apache.camel.ProducerTemplate;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/** The PostgreSQL ledger stops mid-batch and comes back: the bridge waits for it, then ends every request once. */
class DatabaseOutageTest {

    private static final Logger LOG = LoggerFactory.getLogger(DatabaseOutageTest.class);
    private static final Duration WAIT = Duration.ofSeconds(60);

    private OmsSimulator sim;
    private Path data;
    private Path pgData;
    private int pgPort;
    private EmbeddedPostgres postgres;
    private BridgeRun bridge;
    private ProducerTemplate queue;
    private final Batch batch = new Batch();

    @BeforeEach
    void start() throws IOException {
        sim = OmsSimulator.start(SimulatorSettings.builder()
                .waitTime(Duration.ofMillis(200))
                .runTime(Duration.ofMillis(600))
                .maxCreatesPer24h(0)
                .maxWaitingTasks(0)
                .maxRunningTasks(0)
                .build());
        data = BridgeRun.newDataDir("db-outage");
        pgData = data.resolve("pgdata");
        pgPort = BridgeRun.freePort();
        postgres = startPostgres();
        Map<String, String> props = BridgeRun.defaults(sim, data);
        props.put("ledger.url", postgres.getJdbcUrl("postgres", "postgres"));
        props.put("ledger.username", "postgres");
        props.put("ledger.password", "");
        // a submission whose ledger write failed with the database is handed out again after this lease (default 2 min)
        // (at least four call deadlines: the local simulator answers well within one)
        props.put("bridge.submit.lease", "PT5S");
        props.put("oms.call-deadline", "PT1S");
        bridge = BridgeRun.start(props);
        queue = bridge.context().createProducerTemplate();

        bridge.drop("before.jsonl", batch.jsonl("before", 150));
        send("before-q", 100);
        await().atMost(WAIT).until(() -> sim.stats().creates() >= 250);
    }

    @AfterEach
    void stop() throws IOException {
        bridge.close();
        if (postgres != null) {
            postgres.close();
        }
        sim.close();
    }

    @Test
    void aLedgerThatGoesDownWhileAFileIsBeingRecordedLosesAndDuplicatesNothing() throws Exception {
        // hold the insert of the next file inside its transaction, so the outage hits it mid-transaction every time
        Connection lock = postgres.getPostgresDatabase().getConnection();
        try {
            lock.setAutoCommit(false);
            lock.createStatement().execute("lock table bridge_request in exclusive mode");
            bridge.drop("during.jsonl", batch.jsonl("during", 50));
            // the ledger's writes go through one writer, in group transactions: the statement the lock holds up may be
            // the file's insert, or a sweep's select for update in the transaction that carries the file's insert
            Path recording = bridge.inbox().resolve(".inflight").resolve("during.jsonl");
            await().atMost(WAIT)
                    .alias("the bridge is recording during.jsonl when the database goes")
                    .until(() -> Files.exists(recording) && blockedLedgerStatements(lock) > 0);
            Duration outage = outage(Duration.ZERO);
            LOG.info("ledger outage of {} ms while during.jsonl was being recorded", outage.toMillis());
        } finally {
            // whatever failed above, the lock goes: held, it would hang the bridge's stop (and the suite) for ever
            try {
                lock.close();
            } catch (SQLException endedWithTheServer) {
                // the locking session died with the server it locked
            }
        }
        assertEveryRequestEndedOnce();
    }

    /** Longer than the ledger pool waits for a connection (30 s): what arrives then fails, and must come again. */
    @Test
    @Tag("soak")
    void aLedgerDownForLongerThanThePoolWaitsLosesAndDuplicatesNothing() throws Exception {
        Duration outage = outage(Duration.ofSeconds(40));
        LOG.info("ledger outage of {} ms", outage.toMillis());
        assertEveryRequestEndedOnce();
    }

    /** Stops PostgreSQL; a file and messages arrive; after {@code atLeast} it starts again on the same data. */
    private Duration outage(Duration atLeast) throws IOException {
        long started = System.nanoTime();
        postgres.close();
        postgres = null;
        Path file = bridge.drop("outage.jsonl", batch.jsonl("outage", 50));
        send("outage-q", 50);
        await().atMost(WAIT)
                .alias("the bridge has taken the file that came during the outage")
                .until(() -> !Files.exists(file));
        if (!atLeast.isZero()) {
            await().atMost(atLeast.plusSeconds(5))
                    .alias("the ledger has been down for " + atLeast)
                    .until(() -> Duration.ofNanos(System.nanoTime() - started).compareTo(atLeast) >= 0);
        }
        postgres = startPostgres();
        return Duration.ofNanos(System.nanoTime() - started);
    }

    private void assertEveryRequestEndedOnce() throws IOException {
        EndState.awaitEnded(bridge.outbox(), batch.expected(), WAIT);
        try (var stuck = Files.list(bridge.inbox().resolve(".inflight"))) {
            assertThat(stuck.toList())
                    .as("inbox files left half-read in .inflight, not read again until a restart")
                    .isEmpty();
        }
        EndState end = EndState.read(
                sim,
                bridge.outbox(),
                bridge.bean("ledgerDatabase", LedgerDatabase.class).dataSource());
        LOG.info(
                "ledger outage: {} requests, {} OMS tasks, {} duplicate tasks",
                batch.size(),
                sim.tasks().size(),
                end.duplicateTasks());
        end.assertEveryRequestExactlyOnce(batch.expected(), batch.failing());
    }

    private void send(String prefix, int n) {
        batch.messages(prefix, n)
                .forEach((id, body) ->
                        queue.sendBodyAndHeader("jms:queue:" + QueueClient.REQUESTS, body, "requestId", id));
    }

    private static long blockedLedgerStatements(Connection c) throws SQLException {
        try (ResultSet rs = c.createStatement()
                .executeQuery("select count(*) from pg_stat_activity where"
                        + " wait_event_type = 'Lock' and query like '%bridge_request%'"
                        + " and pid <> pg_backend_pid()")) {
            rs.next();
            return rs.getLong(1);
        }
    }

    /** PostgreSQL on the same data directory and port each time, so the ledger survives its restart. */
    private EmbeddedPostgres startPostgres() throws IOException {
        return EmbeddedPostgres.builder()
                .setDataDirectory(pgData)
                .setCleanDataDirectory(false)
                .setPort(pgPort)
                .start();
    }
}
