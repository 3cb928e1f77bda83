package io.omsbridge.pipeline;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.omsbridge.BridgeRun;
import io.omsbridge.Requests;
import io.omsbridge.Tasks;
import io.omsbridge.model.LedgerState;
import io.omsbridge.poll.PollCycle;
import io.omsbridge.simulator.OmsSimulator;
import io.omsbridge.simulator.SimulatorSettings;
import io.zonky.test.db.postgres.embedded.EmbeddedPostgres;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.time.Clock;
import java.time.Duration;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.stream.Collectors;
import java.util.stream.IntStream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * The whole bridge runs on a PostgreSQL ledger (the cluster setup) as it does on the embedded SQLite one, also twice,
 * also with clocks that disagree.
 */
class PostgresLedgerBridgeTest {

    private static EmbeddedPostgres postgres;
    private static OmsSimulator sim;

    @BeforeAll
    static void start() throws Exception {
        postgres = EmbeddedPostgres.start();
        sim = OmsSimulator.start(
                SimulatorSettings.builder().waitTime(Duration.ofMinutes(5)).build());
    }

    @AfterAll
    static void stop() throws Exception {
        sim.close();
        postgres.close();
    }

    @Test
    void requestsOnAPostgresLedgerAreSubmittedOnceAcrossARestart() {
        Path data = BridgeRun.newDataDir("postgres");
        Map<String, String> props = BridgeRun.defaults(sim, data);
        props.put("ledger.url", postgres.getJdbcUrl("postgres", "postgres"));
        props.put("ledger.username", "postgres");
        props.put("ledger.password", "");

        try (BridgeRun bridge = BridgeRun.start(props)) {
            bridge.drop(
                    "pg.jsonl",
                    IntStream.range(0, 20)
                            .mapToObj(i -> Requests.inline("pg-" + i, "pg-" + i))
                            .collect(Collectors.joining("\n")));
            await().atMost(Duration.ofSeconds(30))
                    .until(() -> bridge.ledger().countByState().getOrDefault(LedgerState.SUBMITTED, 0L) == 20);
        }
        try (BridgeRun again = BridgeRun.start(props)) {
            again.drop("pg-again.jsonl", Requests.inline("pg-0", "pg-0") + "\n" + Requests.inline("pg-20", "pg-20"));
            await().atMost(Duration.ofSeconds(30))
                    .until(() -> again.ledger().countByState().getOrDefault(LedgerState.SUBMITTED, 0L) == 21);
        }
        assertThat(Tasks.perRequest(sim))
                .hasSize(21)
                .allSatisfy((id, n) -> assertThat(n).as(id).isEqualTo(1L));
    }

    @Test
    void twoBridgesOnOneLedgerSubmitEachRequestOnceAndOnlyOneOfThemPollsAtATime() throws Exception {
        try (Connection c = postgres.getPostgresDatabase().getConnection()) {
            c.createStatement().execute("create database cluster");
        }
        int brokerPort = BridgeRun.freePort();
        Map<String, String> a = shared(BridgeRun.newDataDir("cluster-a"), "node-a");
        a.put("broker.port", String.valueOf(brokerPort));
        Map<String, String> b = shared(BridgeRun.newDataDir("cluster-b"), "node-b");
        // one broker for the cluster: the first bridge's embedded one, reached over TCP with its account
        b.put("broker.url", "tcp://127.0.0.1:" + brokerPort);
        for (Map<String, String> node : List.of(a, b)) {
            node.put("broker.username", BridgeRun.BROKER_USER);
            node.put("broker.password", BridgeRun.BROKER_PASSWORD);
        }

        try (BridgeRun first = BridgeRun.start(a);
                BridgeRun second = BridgeRun.start(b)) {
            first.drop(
                    "a.jsonl",
                    IntStream.range(0, 10)
                            .mapToObj(i -> Requests.inline("cl-a-" + i, "cl-a-" + i))
                            .collect(Collectors.joining("\n")));
            second.drop(
                    "b.jsonl",
                    IntStream.range(0, 10)
                            .mapToObj(i -> Requests.inline("cl-b-" + i, "cl-b-" + i))
                            .collect(Collectors.joining("\n")));
            await().atMost(Duration.ofSeconds(30))
                    .until(() -> first.ledger().countByState().getOrDefault(LedgerState.SUBMITTED, 0L) == 20);

            PollCycle polled = first.poller().cycle();
            long callsBefore = sim.stats().lists() + sim.stats().shows();
            PollCycle idle = second.poller().cycle();

            assertThat(polled.due()).isEqualTo(20);
            assertThat(idle.due())
                    .as("the second bridge does not hold the poll duty")
                    .isZero();
            assertThat(sim.stats().lists() + sim.stats().shows()).isEqualTo(callsBefore);

            // the first bridge stops and hands its duties back: the second one polls from now on
            first.close();
            PollCycle takenOver = await().atMost(Duration.ofSeconds(20))
                    .until(() -> second.poller().cycle(), cycle -> cycle.due() == 20);
            assertThat(takenOver.failed()).isZero();
        }
        assertThat(Tasks.perRequest(sim).entrySet().stream()
                        .filter(e -> e.getKey().startsWith("cl-")))
                .hasSize(20)
                .allSatisfy(e -> assertThat(e.getValue()).as(e.getKey()).isEqualTo(1L));
    }

    @Test
    void twoBridgesWhoseClocksAreThirtySecondsApartNeitherTakeOverTheOthersClaimsNorItsDuties() throws Exception {
        try (Connection c = postgres.getPostgresDatabase().getConnection()) {
            c.createStatement().execute("create database skewed");
        }
        // a simulator of its own, without quotas, whose creates take a while: claims stay in flight
        OmsSimulator oms = OmsSimulator.start(SimulatorSettings.builder()
                .waitTime(Duration.ofMinutes(5))
                .maxCreatesPer24h(0)
                .maxWaitingTasks(0)
                .maxRunningTasks(0)
                .latency(Duration.ofMillis(100))
                .build());
        int brokerPort = BridgeRun.freePort();
        Map<String, String> a = shared(BridgeRun.newDataDir("skewed-a"), "node-a", "skewed", oms);
        a.put("broker.port", String.valueOf(brokerPort));
        Map<String, String> b = shared(BridgeRun.newDataDir("skewed-b"), "node-b", "skewed", oms);
        b.put("broker.url", "tcp://127.0.0.1:" + brokerPort);
        for (Map<String, String> node : List.of(a, b)) {
            node.put("broker.username", BridgeRun.BROKER_USER);
            node.put("broker.password", BridgeRun.BROKER_PASSWORD);
            // leases shorter than the clocks' difference: judged on a node's own clock, the bridge ahead would see
            // every claim and duty of the other as run out the moment it was made
            node.put("oms.call-deadline", "PT5S");
            node.put("bridge.submit.lease", "PT20S");
            node.put("bridge.duty-lease", "PT10S");
            node.put("bridge.poll-cron", "0/1 * * * * ?");
        }
        Set<String> pollHolders = ConcurrentHashMap.newKeySet();
        Set<String> publishHolders = ConcurrentHashMap.newKeySet();

        try (BridgeRun behind = BridgeRun.start(a, Clock.systemUTC());
                BridgeRun ahead = BridgeRun.start(b, Clock.offset(Clock.systemUTC(), Duration.ofSeconds(30)))) {
            behind.drop(
                    "skewed.jsonl",
                    IntStream.range(0, 200)
                            .mapToObj(i -> Requests.inline("sk-" + i, "sk-" + i))
                            .collect(Collectors.joining("\n")));
            await().atMost(Duration.ofSeconds(60)).until(() -> {
                holders(pollHolders, publishHolders);
                return behind.ledger().countByState().getOrDefault(LedgerState.SUBMITTED, 0L) == 200;
            });
            // polls and publishes go on every second for a while: still one holder each
            await().during(Duration.ofSeconds(3)).atMost(Duration.ofSeconds(10)).until(() -> {
                holders(pollHolders, publishHolders);
                return pollHolders.size() == 1 && publishHolders.size() == 1;
            });

            for (int i = 0; i < 200; i++) {
                assertThat(behind.record("sk-" + i).attempts())
                        .as("sk-%d: claimed once, never taken over", i)
                        .isEqualTo(1);
            }
            assertThat(Tasks.perRequest(oms))
                    .hasSize(200)
                    .allSatisfy((id, tasks) -> assertThat(tasks).as(id).isEqualTo(1L));
        } finally {
            oms.close();
        }
        assertThat(pollHolders).as("who polled").hasSize(1);
        assertThat(publishHolders).as("who published").hasSize(1);
    }

    /** Adds who holds the poll and the publish duty now, as the ledger says. */
    private static void holders(Set<String> poll, Set<String> publish) throws Exception {
        try (Connection c = DriverManager.getConnection(postgres.getJdbcUrl("postgres", "skewed"));
                ResultSet rs = c.createStatement().executeQuery("select duty, holder from bridge_duty")) {
            while (rs.next()) {
                (rs.getString(1).equals("poll") ? poll : publish).add(rs.getString(2));
            }
        }
    }

    private static final String SHARED_SECRET_KEY =
            Base64.getEncoder().encodeToString("shared-sealing-key-of-the-ledger".getBytes(StandardCharsets.US_ASCII));

    private static Map<String, String> shared(Path data, String nodeId) {
        Map<String, String> props = shared(data, nodeId, "cluster", sim);
        // the test runs each cycle by hand; a lease far longer than a cycle of 20 tasks on a slow machine, so the
        // duty moves only because the first bridge hands it back as it stops (the other asks every half lease)
        props.put("bridge.poll-cron", "0 0 0 1 1 ? 2099");
        props.put("bridge.duty-lease", "PT10S");
        return props;
    }

    private static Map<String, String> shared(Path data, String nodeId, String database, OmsSimulator oms) {
        Map<String, String> props = BridgeRun.defaults(oms, data);
        props.put("ledger.url", postgres.getJdbcUrl("postgres", database));
        props.put("ledger.username", "postgres");
        props.put("ledger.password", "");
        props.put("bridge.node-id", nodeId);
        // one sealing key for every bridge of a ledger, as a deployment must have it: a request one bridge accepted
        // with inline keys may be claimed and sent by another
        props.put("bridge.secret-key", SHARED_SECRET_KEY);
        return props;
    }
}
