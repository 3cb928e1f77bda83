package io.omsbridge.crash;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import io.omsbridge.BridgeRun;
import io.omsbridge.Requests;
import io.omsbridge.simulator.OmsSimulator;
import io.omsbridge.simulator.SimulatorSettings;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.stream.Collectors;
import java.util.stream.IntStream;
import javax.sql.DataSource;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A bridge process SIGKILLed while it applies operations (a stop of every task, then a start of every task) applies
 * each exactly once: OMS is asked once per operation, every operation ends APPLIED, and every migration has one
 * stop and one resume event.
 */
class KillDuringOperationsTest {

    private static final Logger LOG = LoggerFactory.getLogger(KillDuringOperationsTest.class);
    private static final int MIGRATIONS = 12;
    private static final int KILLS_PER_PHASE = 1;

    private OmsSimulator sim;

    @BeforeEach
    void startSimulator() {
        // tasks run for ten minutes (they are running when stopped), stop at once; latency keeps calls in flight, so
        // a kill comes while some operations are applied and others are on their way to OMS
        sim = OmsSimulator.start(SimulatorSettings.builder()
                .waitTime(Duration.ofMillis(100))
                .runTime(Duration.ofMinutes(10))
                .pausingTime(Duration.ofMillis(100))
                .latency(Duration.ofMillis(150))
                .maxCreatesPer24h(0)
                .maxWaitingTasks(0)
                .maxRunningTasks(0)
                .build());
    }

    @AfterEach
    void stopSimulator() {
        sim.close();
    }

    @Test
    void aBridgeKilledWhileItAppliesOperationsAppliesEachExactlyOnce() throws Exception {
        Path data = BridgeRun.newDataDir("kill-operations");
        Path log = data.resolve("bridge.log");
        Map<String, String> settings = BridgeRun.defaults(sim, data);
        settings.put("bridge.submit.sweep-interval", "100");
        DataSource ledger = EndState.sqliteLedger(data);
        Random random = new Random(20261202L);

        try (BridgeProcess bridge = BridgeProcess.start(settings, log)) {
            Batch.drop(
                    data.resolve("inbox"),
                    "make.jsonl",
                    IntStream.range(0, MIGRATIONS)
                            .mapToObj(i -> Requests.aliased("kop-" + i, "kop-bucket-" + i))
                            .collect(Collectors.joining("\n")));
            await().atMost(Duration.ofSeconds(60))
                    .until(() -> states(ledger).getOrDefault("RUNNING", 0L) == MIGRATIONS);
            bridge.stop();
        }
        long updatesBefore = sim.stats().updates();

        phase("stop", "STOPPED", data, log, settings, ledger, random);
        phase("start", "RUNNING", data, log, settings, ledger, random);

        assertThat(operations(ledger))
                .hasSize(2 * MIGRATIONS)
                .allSatisfy((id, state) -> assertThat(state).as(id).isEqualTo("APPLIED"));
        assertThat(sim.stats().updates() - updatesBefore)
                .as("OMS stop and start calls, one per operation")
                .isEqualTo(2L * MIGRATIONS);
        for (int i = 0; i < MIGRATIONS; i++) {
            List<String> types = eventTypes(data, "kop-" + i);
            assertThat(types).as("kop-%d", i).containsOnlyOnce("oms.task.stopped", "oms.task.resumed");
        }
    }

    /**
     * Drops one operation per migration, kills the bridge {@link #KILLS_PER_PHASE} times at random moments, then lets
     * a last run apply what is left and the poll see every migration in {@code state}.
     */
    private void phase(
            String operation,
            String state,
            Path data,
            Path log,
            Map<String, String> settings,
            DataSource ledger,
            Random random)
            throws Exception {
        for (int run = 0; run <= KILLS_PER_PHASE; run++) {
            try (BridgeProcess bridge = BridgeProcess.start(settings, log)) {
                if (run == 0) {
                    Batch.drop(
                            data.resolve("inbox"),
                            operation + ".jsonl",
                            IntStream.range(0, MIGRATIONS)
                                    .mapToObj(i -> "{\"request_id\":\"kop-" + i + "\",\"operation\":\"" + operation
                                            + "\",\"operation_id\":\"" + operation + "-" + i + "\"}")
                                    .collect(Collectors.joining("\n")));
                }
                if (run < KILLS_PER_PHASE) {
                    // killed once some more of this phase's operations are applied (at random: 1 to 4 more)
                    long before = applied(ledger, operation);
                    long target = Math.min(MIGRATIONS - 1, before + 1 + random.nextInt(4));
                    await().atMost(Duration.ofSeconds(60))
                            .pollInterval(Duration.ofMillis(5))
                            .until(() -> applied(ledger, operation) >= target);
                    bridge.killAfter(Duration.ZERO);
                    LOG.info(
                            "{}: kill {} once {} operations were applied, {} after the kill",
                            operation,
                            run + 1,
                            target,
                            applied(ledger, operation));
                } else {
                    await().atMost(Duration.ofSeconds(60)).until(() -> applied(ledger, operation) == MIGRATIONS);
                    await().atMost(Duration.ofSeconds(30))
                            .until(() -> states(ledger).getOrDefault(state, 0L) == MIGRATIONS);
                    bridge.stop();
                }
            }
        }
    }

    private static long applied(DataSource ledger, String operation) throws SQLException {
        return operations(ledger).entrySet().stream()
                .filter(e ->
                        e.getKey().startsWith(operation + "-") && e.getValue().equals("APPLIED"))
                .count();
    }

    private static Map<String, Long> states(DataSource ledger) throws SQLException {
        Map<String, Long> states = new HashMap<>();
        try (Connection c = ledger.getConnection();
                Statement s = c.createStatement();
                ResultSet rs = s.executeQuery("select state, count(*) from bridge_request group by state")) {
            while (rs.next()) {
                states.put(rs.getString(1), rs.getLong(2));
            }
        } catch (SQLException notYet) {
            // the ledger file is made by the first start
        }
        return states;
    }

    private static Map<String, String> operations(DataSource ledger) throws SQLException {
        Map<String, String> ops = new HashMap<>();
        try (Connection c = ledger.getConnection();
                Statement s = c.createStatement();
                ResultSet rs = s.executeQuery("select operation_id, state from bridge_operation")) {
            while (rs.next()) {
                ops.put(rs.getString(1), rs.getString(2));
            }
        }
        return ops;
    }

    private static List<String> eventTypes(Path data, String requestId) throws Exception {
        return EndState.allEvents(data.resolve("outbox")).stream()
                .filter(e -> requestId.equals(e.path("subject").asText()))
                .map((JsonNode e) -> e.path("type").asText())
                .toList();
    }
}
