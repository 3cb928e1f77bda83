package io.omsbridge.crash;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import io.omsbridge.BridgeRun;
import io.omsbridge.Requests;
import io.omsbridge.model.TaskDescription;
import io.omsbridge.simulator.OmsSimulator;
import io.omsbridge.simulator.SimTask;
import io.omsbridge.simulator.SimulatorSettings;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.stream.IntStream;
import javax.sql.DataSource;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

// Proves that a bridge SIGKILLed between a pass's end and the next pass's create, and again while a pass's create is
// on its way back from OMS, neither skips a pass nor makes one twice: OMS holds exactly one task per pass number.
class KillBetweenPassesTest {

    private static final Logger LOG = LoggerFactory.getLogger(KillBetweenPassesTest.class);
    private static final String ID = "kill-live";
    private static final String BUCKET = "kill-live-source";

    private OmsSimulator sim;

    @BeforeEach
    void startSimulator() {
        sim = OmsSimulator.start(SimulatorSettings.builder()
                .waitTime(Duration.ofMillis(100))
                .runTime(Duration.ofMillis(300))
                .maxCreatesPer24h(0)
                .maxWaitingTasks(0)
                .maxRunningTasks(0)
                .build());
        sim.tasks()
                .buckets()
                .put(
                        BUCKET,
                        IntStream.range(0, 5).mapToObj(i -> "o" + i).toList(),
                        System.currentTimeMillis() - 86_400_000L);
    }

    @AfterEach
    void stopSimulator() {
        sim.close();
    }

    @Test
    void aBridgeKilledAfterAPassEndedAndAgainDuringAPassCreateMakesEveryPassExactlyOnce() throws Exception {
        Path data = BridgeRun.newDataDir("kill-passes");
        Path log = data.resolve("bridge.log");
        Map<String, String> settings = BridgeRun.defaults(sim, data);
        settings.put("bridge.passes.check-cron", "0/1 * * * * ?");
        settings.put("bridge.passes.margin", "PT1S");
        DataSource ledger = EndState.sqliteLedger(data);
        String request = Requests.aliased(ID, BUCKET);
        request = request.substring(0, request.length() - 1) + ",\"passes\":{\"every\":\"PT2S\"}}";

        try (BridgeProcess bridge = BridgeProcess.start(settings, log)) {
            Batch.drop(data.resolve("inbox"), ID + ".json", request);
            // killed the moment pass 2 has ended in the ledger: its end is not yet taken into account, pass 3 not made
            await().atMost(Duration.ofSeconds(60))
                    .pollInterval(Duration.ofMillis(5))
                    .until(() -> "SUCCEEDED".equals(state(ledger, ID + "~p2")));
            bridge.killAfter(Duration.ZERO);
        }
        // pass 3 may or may not have been recorded in the ledger in the moment before the kill: either way it must
        // be made once, and its task not before the restart
        LOG.info(
                "killed after pass 2 ended: passes recorded {}, OMS tasks of pass 3 {}",
                passRows(ledger),
                tasksOfPass(3).size());

        // pass 3's create reaches OMS, and its answer comes back a byte at a time over 3 s: killed on the way
        sim.faults().trickleCreates(Duration.ofSeconds(3));
        try (BridgeProcess bridge = BridgeProcess.start(settings, log)) {
            await().atMost(Duration.ofSeconds(60))
                    .pollInterval(Duration.ofMillis(5))
                    .until(() -> tasksOfPass(3).size() == 1);
            bridge.killAfter(Duration.ZERO);
        }
        assertThat(taskId(ledger, ID + "~p3"))
                .as("pass 3's task, never recorded before the kill")
                .isNull();
        sim.faults().trickleCreates(Duration.ZERO);

        try (BridgeProcess bridge = BridgeProcess.start(settings, log)) {
            await().atMost(Duration.ofSeconds(60)).until(() -> "SUCCEEDED".equals(state(ledger, ID + "~p4")));
            Batch.drop(
                    data.resolve("inbox"),
                    "cutover.json",
                    "{\"request_id\":\"" + ID + "\",\"operation\":\"cutover\",\"operation_id\":\"cut-1\"}");
            await().atMost(Duration.ofSeconds(60)).until(() -> completed(data).size() == 1);
            bridge.stop();
        }

        List<String> passes = passRows(ledger);
        assertThat(passes.size()).isGreaterThanOrEqualTo(5);
        for (int pass = 1; pass <= passes.size(); pass++) {
            String id = pass == 1 ? ID : ID + "~p" + pass;
            assertThat(tasksOfPass(pass)).as("OMS tasks of pass %d", pass).hasSize(1);
            assertThat(state(ledger, id)).as(id).isEqualTo("SUCCEEDED");
            assertThat(taskId(ledger, id)).isEqualTo(tasksOfPass(pass).get(0).id());
            assertThat(EndState.allEvents(data.resolve("outbox")).stream()
                            .filter(e -> id.equals(e.path("subject").asText())
                                    && e.path("type").asText().equals("oms.task.succeeded"))
                            .count())
                    .as(id)
                    .isOne();
        }
        assertThat(sim.tasks().all()).hasSize(passes.size());
        assertThat(completed(data))
                .singleElement()
                .satisfies(
                        e -> assertThat(e.path("data").path("passes").asInt()).isEqualTo(passes.size()));
    }

    /** The simulator's tasks whose tag names this pass (pass 1 is the request id itself). */
    private List<SimTask> tasksOfPass(int pass) {
        String id = pass == 1 ? ID : ID + "~p" + pass;
        return sim.tasks().all().stream()
                .filter(t -> id.equals(TaskDescription.requestIdOf(t.description())))
                .toList();
    }

    private static List<JsonNode> completed(Path data) {
        return EndState.allEvents(data.resolve("outbox")).stream()
                .filter(e -> e.path("type").asText().equals("oms.migration.completed"))
                .toList();
    }

    private static List<String> passRows(DataSource ledger) throws SQLException {
        List<String> ids = new ArrayList<>();
        try (Connection c = ledger.getConnection();
                PreparedStatement ps = c.prepareStatement(
                        "select request_id from bridge_request where migration_id = ? order by pass")) {
            ps.setString(1, ID);
            try (ResultSet rs = ps.executeQuery()) {
                while (rs.next()) {
                    ids.add(rs.getString(1));
                }
            }
        }
        return ids;
    }

    private static String state(DataSource ledger, String requestId) {
        return column(ledger, requestId, "state");
    }

    private static Long taskId(DataSource ledger, String requestId) {
        String id = column(ledger, requestId, "task_id");
        return id == null ? null : Long.valueOf(id);
    }

    private static String column(DataSource ledger, String requestId, String column) {
        try (Connection c = ledger.getConnection();
                PreparedStatement ps =
                        c.prepareStatement("select " + column + " from bridge_request where request_id = ?")) {
            ps.setString(1, requestId);
            try (ResultSet rs = ps.executeQuery()) {
                return rs.next() ? rs.getString(1) : null;
            }
        } catch (SQLException notYet) {
            // the ledger file is made by the first start
            return null;
        }
    }
}
