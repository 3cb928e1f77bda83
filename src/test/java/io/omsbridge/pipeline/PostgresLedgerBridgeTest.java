package io.omsbridge.pipeline;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
import java.util.stream.Collectors;
import java.util.stream.IntStream;

import io.omsbridge.BridgeRun;
import io.omsbridge.Requests;
import io.omsbridge.Tasks;
import io.omsbridge.ledger.LedgerState;
import io.omsbridge.simulator.OmsSimulator;
import io.omsbridge.simulator.SimulatorSettings;
import io.zonky.test.db.postgres.embedded.EmbeddedPostgres;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** The whole bridge runs on a PostgreSQL ledger (the cluster setup) as it does on the embedded H2 one. */
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
}
