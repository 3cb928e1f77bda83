package io.omsbridge.operations;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import io.omsbridge.BridgeRun;
import io.omsbridge.Http;
import io.omsbridge.ledger.LedgerRecord;
import io.omsbridge.model.LedgerState;
import io.omsbridge.simulator.OmsSimulator;
import io.omsbridge.simulator.SimulatorSettings;
import io.omsbridge.simulator.TaskStatus;
import java.time.Duration;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/** Proves a task waiting behind OMS's five running tasks, raised to HIGH from the inbox, is the next to start. */
class WaitingTaskPriorityTest {

    private static final String AK = "WAITINGPRIOTESTAK001";
    private static final String SK = "waiting-priority-test-secret-key";

    private OmsSimulator sim;
    private BridgeRun bridge;
    private String api;

    @AfterEach
    void stop() {
        if (bridge != null) {
            bridge.close();
        }
        if (sim != null) {
            sim.close();
        }
    }

    @Test
    void aWaitingTaskRaisedToHighFromTheInboxStartsFirstWhenASlotFrees() throws Exception {
        // OMS's default limit of five running tasks; the five run a minute, so only the test frees a slot
        sim = OmsSimulator.start(SimulatorSettings.builder()
                .accessKey(AK, SK)
                .waitTime(Duration.ofMillis(100))
                .runTime(Duration.ofMinutes(1))
                .maxCreatesPer24h(0)
                .maxWaitingTasks(0)
                .build());
        Map<String, String> settings = BridgeRun.defaults(sim, BridgeRun.newDataDir("waiting-priority"));
        settings.keySet().removeIf(key -> key.startsWith("iam."));
        settings.put("oms.api-version", "v2");
        settings.put("oms.auth", "aksk");
        settings.put("oms.ak", AK);
        settings.put("oms.sk", SK);
        settings.put("bridge.poll.min-interval", "200");
        settings.put("bridge.poll.max-interval", "500");
        bridge = BridgeRun.start(settings);
        api = "http://127.0.0.1:" + settings.get("camel.server.port") + "/api/migrations";

        for (int i = 0; i < 5; i++) {
            submit("slot-" + i, "MEDIUM");
        }
        long firstSlot = awaitTask("slot-0");
        for (int i = 1; i < 5; i++) {
            awaitTask("slot-" + i);
        }
        // the five hold every slot; unraised, the MEDIUM one would start before the two LOW ones
        for (String waiting : new String[] {"wait-medium", "wait-low", "wait-raised"}) {
            submit(waiting, waiting.equals("wait-medium") ? "MEDIUM" : "LOW");
        }
        JsonNode shown = awaitOmsStatus("wait-raised", TaskStatus.WAITING.code());
        assertThat(shown.path("state").asText()).as("waiting is not an end").isEqualTo("SUBMITTED");

        bridge.drop(
                "raise.json",
                "{\"request_id\":\"wait-raised\",\"operation\":\"priority\",\"task_priority\":\"HIGH\","
                        + "\"operation_id\":\"raise-1\"}");
        JsonNode reprioritised = awaitEvent("wait-raised", "oms.task.reprioritised");
        sim.tasks().forceFinish(firstSlot, true);

        assertThat(reprioritised.path("data").path("task_priority").asText()).isEqualTo("HIGH");
        assertThat(reprioritised.path("data").path("operation_id").asText()).isEqualTo("raise-1");
        long raised = awaitState("wait-raised", LedgerState.RUNNING).taskId();
        assertThat(sim.tasks().find(raised).orElseThrow().taskPriority()).isEqualTo("HIGH");
        assertThat(sim.tasks()
                        .find(record("wait-medium").taskId())
                        .orElseThrow()
                        .status())
                .as("the older MEDIUM task still waits")
                .isEqualTo(TaskStatus.WAITING);
        assertThat(sim.tasks().find(record("wait-low").taskId()).orElseThrow().status())
                .isEqualTo(TaskStatus.WAITING);
        assertThat(awaitOmsStatus("wait-medium", TaskStatus.WAITING.code())
                        .path("state")
                        .asText())
                .isEqualTo("SUBMITTED");
    }

    /** A v2-shaped request with its priority, through the API. */
    private void submit(String requestId, String priority) {
        String body = """
                {"request_id":"%s","task_type":"prefix",
                 "src_node":{"cloud_type":"AWS","region":"cn-beijing","credential":"src","bucket":"%s-bucket",
                             "object_key":[""]},
                 "dst_node":{"region":"cn-north-1","credential":"dst","bucket":"destination-bucket"},
                 "task_priority":"%s"}""".formatted(requestId, requestId, priority);
        Http.Answer accepted = Http.post(api, body);
        assertThat(accepted.status()).as(accepted.body()).isEqualTo(202);
    }

    private LedgerRecord awaitState(String requestId, LedgerState state) {
        return await().atMost(Duration.ofSeconds(30))
                .alias(requestId + " " + state)
                .until(() -> bridge.record(requestId), r -> r != null && r.state() == state);
    }

    /** The id of the task OMS made for the request, once it has one. */
    private long awaitTask(String requestId) {
        return await().atMost(Duration.ofSeconds(30))
                .alias(requestId + " has a task")
                .until(() -> bridge.record(requestId), r -> r != null && r.taskId() != null)
                .taskId();
    }

    private JsonNode awaitOmsStatus(String requestId, int status) {
        return await().atMost(Duration.ofSeconds(30))
                .alias(requestId + " oms_status " + status)
                .until(
                        () -> Http.get(api + "/" + requestId).json(),
                        m -> m.path("oms_status").asInt(-1) == status);
    }

    private JsonNode awaitEvent(String requestId, String type) {
        return await().atMost(Duration.ofSeconds(30))
                .alias(requestId + " " + type)
                .until(
                        () -> bridge.outboxEvents(requestId).stream()
                                .filter(e -> e.path("type").asText().equals(type))
                                .findFirst()
                                .orElse(null),
                        e -> e != null);
    }

    private LedgerRecord record(String requestId) {
        return bridge.record(requestId);
    }
}
