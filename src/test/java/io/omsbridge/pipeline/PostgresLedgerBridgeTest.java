package io.omsbridge.pipeline;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;
import java.util.stream.IntStream;

import io.omsbridge.BridgeRun;
import io.omsbridge.Requests;
import io.omsbridge.Tasks;
import io.omsbridge.model.LedgerState;
import io.omsbridge.poll.PollCycle;
import io.omsbridge.simulator.OmsSimulator;
import io.omsbridge.simulator.SimulatorSettings;
import io.zonky.test.db.postgres.embedded.EmbeddedPostgres;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** The whole bridge runs on a PostgreSQL ledger (the cluster setup) as it does on the embedded SQLite one, also twice. */
class PostgresLedgerBridgeTest {

    private static EmbeddedPostgres postgres;
    private static OmsSimulator sim;

    @BeforeAll
    static void start() throws Exception {
        postgres = EmbeddedPostgres.start();
        sim = OmsSimulator.start(SimulatorSettings.builder().waitTime(Duration.ofMinutes(5)).build());
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
            bridge.drop("pg.jsonl", IntStream.range(0, 20).mapToObj(i -> Requests.inline("pg-" + i, "pg-" + i))
                    .collect(Collectors.joining("\n")));
            await().atMost(Duration.ofSeconds(30)).until(() -> bridge.ledger().countByState()
                    .getOrDefault(LedgerState.SUBMITTED, 0L) == 20);
        }
        try (BridgeRun again = BridgeRun.start(props)) {
            again.drop("pg-again.jsonl", Requests.inline("pg-0", "pg-0") + "\n" + Requests.inline("pg-20", "pg-20"));
            await().atMost(Duration.ofSeconds(30)).until(() -> again.ledger().countByState()
                    .getOrDefault(LedgerState.SUBMITTED, 0L) == 21);
        }
        assertThat(Tasks.perRequest(sim)).hasSize(21).allSatisfy((id, n) -> assertThat(n).as(id).isEqualTo(1L));
    }

    @Test
    void twoBridgesOnOneLedgerSubmitEachRequestOnceAndOnlyOneOfThemPollsAtATime() throws Exception {
        try (java.sql.Connection c = postgres.getPostgresDatabase().getConnection()) {
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

        try (BridgeRun first = BridgeRun.start(a); BridgeRun second = BridgeRun.start(b)) {
            first.drop("a.jsonl", IntStream.range(0, 10).mapToObj(i -> Requests.inline("cl-a-" + i, "cl-a-" + i))
                    .collect(Collectors.joining("\n")));
            second.drop("b.jsonl", IntStream.range(0, 10).mapToObj(i -> Requests.inline("cl-b-" + i, "cl-b-" + i))
                    .collect(Collectors.joining("\n")));
            await().atMost(Duration.ofSeconds(30)).until(() -> first.ledger().countByState()
                    .getOrDefault(LedgerState.SUBMITTED, 0L) == 20);

            PollCycle polled = first.poller().cycle();
            long callsBefore = sim.stats().lists() + sim.stats().shows();
            PollCycle idle = second.poller().cycle();

            assertThat(polled.due()).isEqualTo(20);
            assertThat(idle.due()).as("the second bridge does not hold the poll duty").isZero();
            assertThat(sim.stats().lists() + sim.stats().shows()).isEqualTo(callsBefore);

            // the first bridge stops and hands its duties back: the second one polls from now on
            first.close();
            PollCycle takenOver = await().atMost(Duration.ofSeconds(20)).until(() -> second.poller().cycle(),
                    cycle -> cycle.due() == 20);
            assertThat(takenOver.failed()).isZero();
        }
        assertThat(Tasks.perRequest(sim).entrySet().stream().filter(e -> e.getKey().startsWith("cl-")))
                .hasSize(20).allSatisfy(e -> assertThat(e.getValue()).as(e.getKey()).isEqualTo(1L));
    }

    private static Map<String, String> shared(Path data, String nodeId) {
        Map<String, String> props = BridgeRun.defaults(sim, data);
        props.put("ledger.url", postgres.getJdbcUrl("postgres", "cluster"));
        props.put("ledger.username", "postgres");
        props.put("ledger.password", "");
        props.put("bridge.node-id", nodeId);
        // the test runs each cycle by hand; a lease far longer than a cycle of 20 tasks on a slow machine, so the
        // duty moves only because the first bridge hands it back as it stops (the other asks every half lease)
        props.put("bridge.poll-cron", "0 0 0 1 1 ? 2099");
        props.put("bridge.duty-lease", "PT10S");
        return props;
    }
}
