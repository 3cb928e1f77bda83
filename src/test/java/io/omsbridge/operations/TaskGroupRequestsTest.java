package io.omsbridge.operations;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import io.omsbridge.BridgeRun;
import io.omsbridge.Http;
import io.omsbridge.Requests;
import io.omsbridge.ledger.LedgerRecord;
import io.omsbridge.model.LedgerState;
import io.omsbridge.simulator.OmsSimulator;
import io.omsbridge.simulator.SimulatorSettings;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * A bucket too large for one task goes as a task group (OMS API v2, {@code "group": true}): one CreateTaskGroup, the
 * poll follows the group and ends it in one {@code oms.group.succeeded} or {@code oms.group.failed} with the group's
 * counters; stop and start work on it with the group operations; an unanswered create is found, not made twice.
 */
class TaskGroupRequestsTest {

    private static final String AK = "GROUPTESTACCESSKEY01";
    private static final String SK = "group-test-secret-key";

    private OmsSimulator sim;
    private BridgeRun bridge;
    private String api;

    private void start(Duration runTime, String apiVersion) {
        sim = OmsSimulator.start(SimulatorSettings.builder()
                .accessKey(AK, SK)
                .waitTime(Duration.ofMillis(100))
                .runTime(runTime)
                .pausingTime(Duration.ofMillis(200))
                .maxCreatesPer24h(0)
                .maxWaitingTasks(0)
                .maxRunningTasks(0)
                .build());
        Map<String, String> settings = BridgeRun.defaults(sim, BridgeRun.newDataDir("groups"));
        if (apiVersion.equals("v2")) {
            settings.keySet().removeIf(key -> key.startsWith("iam."));
            settings.put("oms.api-version", "v2");
            settings.put("oms.auth", "aksk");
            settings.put("oms.ak", AK);
            settings.put("oms.sk", SK);
        }
        bridge = BridgeRun.start(settings);
        api = "http://127.0.0.1:" + settings.get("camel.server.port") + "/api/migrations";
    }

    @AfterEach
    void stop() {
        if (bridge != null) {
            bridge.close();
        }
        sim.close();
    }

    /** A request for the whole bucket's three prefixes as one group. */
    private static String group(String requestId, String bucket) {
        return Requests.aliased(requestId, bucket)
                .replace(
                        "\"object_key\":{\"path\":\"\",\"keys\":[]}",
                        "\"object_key\":{\"path\":\"\",\"keys\":[\"logs/\",\"images/\",\"archive/\"]}")
                .replace("{\"request_id\"", "{\"group\":true,\"request_id\"");
    }

    @Test
    void aGroupRequestBecomesOneTaskGroupWhoseEndIsOneEventWithTheGroupsCounters() throws Exception {
        start(Duration.ofMillis(600), "v2");

        bridge.drop("group.json", group("big-bucket", "big-bucket"));

        JsonNode done = awaitEvent("big-bucket", "oms.group.succeeded");
        LedgerRecord r = bridge.record("big-bucket");
        assertThat(r.state()).isEqualTo(LedgerState.SUCCEEDED);
        assertThat(r.groupId()).isNotBlank();
        assertThat(r.taskId()).isNull();
        assertThat(sim.tasks().groups(r.projectId()))
                .singleElement()
                .satisfies(g -> assertThat(g.id()).isEqualTo(r.groupId()));
        JsonNode data = done.path("data");
        assertThat(data.path("group_id").asText()).isEqualTo(r.groupId());
        assertThat(data.path("total_task_num").asInt()).isEqualTo(3);
        assertThat(data.path("complete_task_num").asInt()).isEqualTo(3);
        assertThat(data.path("failed_task_num").asInt()).isZero();
        assertThat(data.path("success_num").asLong())
                .isEqualTo(data.path("total_num").asLong())
                .isPositive();
        assertThat(bridge.outboxEvents("big-bucket"))
                .extracting(e -> e.path("type").asText())
                .containsOnlyOnce("oms.group.succeeded");
        JsonNode detail = Http.get(api + "/big-bucket").json();
        assertThat(detail.path("group_id").asText()).isEqualTo(r.groupId());
        assertThat(detail.path("total_task_num").asInt()).isEqualTo(3);
    }

    @Test
    void aGroupWhoseTasksFailEndsInOneFailedEventWithItsReason() throws Exception {
        start(Duration.ofMillis(600), "v2");

        bridge.drop("group.json", group("failing-group", "bucket-fail-here"));

        JsonNode failed = awaitEvent("failing-group", "oms.group.failed");
        assertThat(failed.path("data").path("failed_task_num").asInt()).isPositive();
        assertThat(failed.path("data").path("error").path("code").asText()).isNotBlank();
        assertThat(bridge.record("failing-group").state()).isEqualTo(LedgerState.FAILED);
    }

    @Test
    void aGroupIsStoppedAndStartedAgainWithTheGroupOperations() throws Exception {
        start(Duration.ofMinutes(1), "v2");
        bridge.drop("group.json", group("paused-group", "paused-bucket"));
        awaitState("paused-group", LedgerState.RUNNING);

        assertThat(Http.post(api + "/paused-group/stop", "").status()).isEqualTo(202);
        awaitState("paused-group", LedgerState.STOPPED);
        assertThat(Http.post(api + "/paused-group/start", "").status()).isEqualTo(202);

        JsonNode resumed = awaitEvent("paused-group", "oms.task.resumed");
        assertThat(resumed.path("data").path("group_id").asText())
                .isEqualTo(bridge.record("paused-group").groupId());
        awaitState("paused-group", LedgerState.RUNNING);
    }

    @Test
    void anUnansweredGroupCreateIsFoundByListingGroupsNotMadeTwice() throws Exception {
        start(Duration.ofSeconds(2), "v2");
        sim.faults().dropAfterCreateRate(1.0);
        bridge.drop("group.json", group("lost-group", "lost-bucket"));
        await().atMost(Duration.ofSeconds(20)).until(() -> sim.stats().droppedCreates() >= 1);
        sim.faults().reset();

        awaitState("lost-group", LedgerState.SUBMITTED, LedgerState.RUNNING, LedgerState.SUCCEEDED);

        assertThat(sim.tasks().groups(bridge.record("lost-group").projectId()))
                .as("groups in OMS")
                .hasSize(1);
    }

    @Test
    void onApiV1AGroupRequestIsRejectedNamingTheField() {
        start(Duration.ofSeconds(1), "v1");

        Http.Answer answer = Http.post(api, group("v1-group", "b"));

        assertThat(answer.status()).isEqualTo(400);
        assertThat(answer.json().path("problems")).anySatisfy(p -> {
            assertThat(p.path("field").asText()).isEqualTo("group");
            assertThat(p.path("message").asText()).contains("oms.api-version=v2");
        });
    }

    private LedgerRecord awaitState(String requestId, LedgerState... states) {
        return await().atMost(Duration.ofSeconds(30))
                .alias(requestId + " " + List.of(states))
                .until(
                        () -> bridge.record(requestId),
                        r -> r != null && List.of(states).contains(r.state()));
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
}
