package io.omsbridge.crash;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.omsbridge.BridgeRun;
import io.omsbridge.simulator.OmsSimulator;
import io.omsbridge.simulator.SimulatorSettings;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** A bridge killed with a backlog of 1,500 leaves tens of requests in doubt, and creates go out again at once after it.
 * */
class InDoubtAfterKillTest {

    private static final int BACKLOG = 1500;

    private OmsSimulator sim;

    @BeforeEach
    void startSimulator() {
        // creates take 20 ms, so a backlog is still being sent when the kill comes
        sim = OmsSimulator.start(SimulatorSettings.builder()
                .waitTime(Duration.ofMillis(200))
                .runTime(Duration.ofMillis(600))
                .latency(Duration.ofMillis(20))
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
    void aKillMidBacklogLeavesAboutTheClaimBudgetInDoubtAndNewCreatesGoOutWithinSecondsOfReady() throws Exception {
        Path data = BridgeRun.newDataDir("in-doubt");
        Path inbox = data.resolve("inbox");
        Path log = data.resolve("bridge.log");
        Files.createDirectories(data);
        Map<String, String> settings = BridgeRun.defaults(sim, data);
        settings.put("bridge.submit.consumers", "8");
        settings.put("bridge.submit.claim-ahead", "16");
        Batch batch = new Batch();
        Batch.drop(inbox, "backlog.jsonl", batch.jsonl("backlog", BACKLOG));

        try (BridgeProcess bridge = BridgeProcess.start(settings, log)) {
            await().atMost(Duration.ofSeconds(60))
                    .pollInterval(Duration.ofMillis(20))
                    .until(() -> sim.stats().creates() >= 100);
            bridge.killAfter(Duration.ZERO);
        }
        long submitting = submitting(data);
        assertThat(sim.stats().creates()).as("the kill came mid-backlog").isLessThan(BACKLOG);
        // sixteen claims, and creates made but not yet written by the recorder
        assertThat(submitting).as("requests in doubt after the kill").isLessThanOrEqualTo(40);

        long createdBeforeRestart = sim.stats().creates();
        try (BridgeProcess bridge = BridgeProcess.start(settings, log)) {
            Batch.drop(inbox, "fresh.json", batch.single("fresh", 1));
            // back to work: new creates go out within seconds of ready while the few in doubt are checked; measured
            // from ready, not from the JVM's launch, which a loaded machine stretches (the soak reports the figures)
            await().atMost(Duration.ofSeconds(90))
                    .pollInterval(Duration.ofMillis(50))
                    .until(() -> readyLines(log) == 2);
            await().atMost(Duration.ofSeconds(15))
                    .pollInterval(Duration.ofMillis(20))
                    .until(() -> sim.stats().creates() > createdBeforeRestart);
            EndState.awaitEnded(data.resolve("outbox"), batch.expected(), Duration.ofMinutes(3));
            bridge.stop();
        }
        EndState.read(sim, data.resolve("outbox"), EndState.sqliteLedger(data))
                .assertEveryRequestExactlyOnce(batch.expected(), batch.failing());
    }

    private static long readyLines(Path log) throws IOException {
        try (Stream<String> lines = Files.lines(log)) {
            return lines.filter(line -> line.contains("oms-bridge ready")).count();
        }
    }

    private static long submitting(Path data) throws SQLException {
        try (Connection c = EndState.sqliteLedger(data).getConnection();
                Statement s = c.createStatement();
                ResultSet rs = s.executeQuery("select count(*) from bridge_request where state = 'SUBMITTING'")) {
            rs.next();
            return rs.getLong(1);
        }
    }
}
