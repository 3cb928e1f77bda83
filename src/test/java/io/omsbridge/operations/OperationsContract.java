package io.omsbridge.operations;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import io.omsbridge.BridgeRun;
import io.omsbridge.Http;
import io.omsbridge.Requests;
import io.omsbridge.ledger.LedgerRecord;
import io.omsbridge.ledger.OperationLedger;
import io.omsbridge.model.LedgerState;
import io.omsbridge.simulator.OmsSimulator;
import io.omsbridge.simulator.SimulatorSettings;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.function.Consumer;
import org.apache.camel.ProducerTemplate;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Test;

/**
 * An operator acts on a migration from any entry point (inbox, queue, API): stop and start it again, retry a failed
 * one (its failed objects only), delete it; each is checked against the migration's state first, applied once by its
 * id through OMS's own operation for the API version, and seen as an event. Run per OMS API version.
 */
abstract class OperationsContract {

    static final String AK = "OPERATIONSTESTAK0001";
    static final String SK = "operations-test-secret-key";

    // one simulator and one bridge for the class: each test works on migrations of its own
    static OmsSimulator sim;
    static BridgeRun bridge;
    static String api;

    /** Starts the simulator and the bridge on the API version under test ({@code apiVersion} adds its settings). */
    static void start(Consumer<Map<String, String>> apiVersion) {
        // tasks run a minute, so they are running when stopped; a stop takes 200 ms to settle
        sim = OmsSimulator.start(SimulatorSettings.builder()
                .accessKey(AK, SK)
                .waitTime(Duration.ofMillis(100))
                .runTime(Duration.ofMinutes(1))
                .pausingTime(Duration.ofMillis(200))
                .maxCreatesPer24h(0)
                .maxWaitingTasks(0)
                .maxRunningTasks(0)
                .build());
        Map<String, String> settings = BridgeRun.defaults(sim, BridgeRun.newDataDir("operations"));
        settings.put("bridge.poll.min-interval", "200");
        settings.put("bridge.poll.max-interval", "500");
        apiVersion.accept(settings);
        bridge = BridgeRun.start(settings);
        api = "http://127.0.0.1:" + settings.get("camel.server.port") + "/api/migrations";
    }

    @AfterAll
    static void stop() {
        bridge.close();
        sim.close();
    }

    @Test
    void aRunningTaskIsStoppedFromTheInboxAndStartedAgainFromTheQueue() throws Exception {
        running("op-run");

        bridge.drop("stop.json", "{\"request_id\":\"op-run\",\"operation\":\"stop\",\"operation_id\":\"stop-1\"}");
        awaitState("op-run", LedgerState.STOPPED);
        ProducerTemplate queue = bridge.context().createProducerTemplate();
        queue.sendBodyAndHeader(
                "jms:queue:oms.migration.requests",
                "{\"request_id\":\"op-run\",\"operation\":" + "\"start\"}",
                "requestId",
                "start-1");

        JsonNode resumed = awaitEvent("op-run", "oms.task.resumed");
        assertThat(resumed.path("data").path("operation_id").asText()).isEqualTo("start-1");
        assertThat(awaitState("op-run", LedgerState.RUNNING).run())
                .as("a resume is the same run")
                .isEqualTo(1);
        assertThat(types("op-run")).containsSubsequence("oms.task.stopped", "oms.task.resumed");
    }

    @Test
    void aFailedTaskRetriedWithItsFailedObjectsOnlyIsANewRunWithATerminalEventOfItsOwn() throws Exception {
        long task = running("op-retry", true).taskId();
        sim.tasks().forceFinish(task, false);
        JsonNode failed = awaitEvent("op-retry", "oms.task.failed");
        assertThat(failed.path("data").path("run").asInt()).isEqualTo(1);
        assertThat(failed.path("data")
                        .path("failed_objects")
                        .path("retry_supported")
                        .asBoolean())
                .isTrue();
        JsonNode rule = Http.get(api + "/op-retry").json().path("retry_failed_objects_only");
        assertThat(rule.path("allowed").asBoolean()).as(rule.toString()).isTrue();
        assertThat(rule.path("reason").isNull()).isTrue();

        Http.Answer retry =
                Http.post(api + "/op-retry/retry", "{\"failed_objects_only\":true}", "Idempotency-Key", "retry-1");
        assertThat(retry.status()).isEqualTo(202);
        JsonNode retried = awaitEvent("op-retry", "oms.task.retried");
        assertThat(retried.path("data").path("run").asInt()).isEqualTo(2);
        assertThat(retried.path("data").path("failed_objects_only").asBoolean()).isTrue();
        awaitState("op-retry", LedgerState.RUNNING);
        sim.tasks().forceFinish(task, true);

        JsonNode succeeded = awaitEvent("op-retry", "oms.task.succeeded");
        assertThat(succeeded.path("data").path("run").asInt()).isEqualTo(2);
        assertThat(succeeded.path("id").asText()).isNotEqualTo(failed.path("id").asText());
        assertThat(types("op-retry")).containsSubsequence("oms.task.failed", "oms.task.retried", "oms.task.succeeded");
    }

    @Test
    void aRetryOfTheFailedObjectsOnlyIsRefusedNamingWhyWhenOmsKeptNoListOfThemOverHttpAndFromTheInbox()
            throws Exception {
        long task = running("op-nolist", false).taskId();
        sim.tasks().forceFinish(task, false);
        JsonNode failed = awaitEvent("op-nolist", "oms.task.failed");
        assertThat(failed.path("data").path("failed_objects").isMissingNode())
                .as("no list in the event")
                .isTrue();
        long updatesBefore = sim.stats().updates();

        Http.Answer overHttp = Http.post(api + "/op-nolist/retry", "{\"failed_objects_only\":true}");
        bridge.drop(
                "retry-nolist.json",
                "{\"request_id\":\"op-nolist\",\"operation\":\"retry\","
                        + "\"failed_objects_only\":true,\"operation_id\":\"retry-nolist-1\"}");
        Path report = bridge.inbox().resolve(".failed/retry-nolist.json.error.json");
        await().atMost(Duration.ofSeconds(30)).until(() -> Files.exists(report));
        JsonNode problem =
                BridgeRun.JSON.readTree(report.toFile()).path("problems").get(0);
        JsonNode view = Http.get(api + "/op-nolist").json();

        String why = "cannot retry failed objects only of migration op-nolist: OMS kept no list of its failed objects"
                + " (enable_failed_object_recording was off); retry the whole task instead";
        assertThat(overHttp.status()).isEqualTo(409);
        assertThat(overHttp.json().path("problems").get(0).path("field").asText())
                .isEqualTo("failed_objects_only");
        assertThat(overHttp.json().path("problems").get(0).path("message").asText())
                .startsWith(why);
        assertThat(problem.path("field").asText()).isEqualTo("failed_objects_only");
        assertThat(problem.path("message").asText()).startsWith(why);
        assertThat(view.path("retry_failed_objects_only").path("allowed").asBoolean())
                .isFalse();
        assertThat(view.path("retry_failed_objects_only").path("reason").asText())
                .startsWith(why);
        assertThat(view.path("operations")).as("nothing recorded to apply").isEmpty();
        assertThat(record("op-nolist").state()).isEqualTo(LedgerState.FAILED);
        assertThat(sim.stats().updates()).as("OMS was not asked").isEqualTo(updatesBefore);

        // the whole task may still be retried
        assertThat(Http.post(api + "/op-nolist/retry", "").status()).isEqualTo(202);
        assertThat(awaitEvent("op-nolist", "oms.task.retried")
                        .path("data")
                        .path("failed_objects_only")
                        .asBoolean())
                .isFalse();
    }

    @Test
    void aRunningTaskCannotBeDeletedButAStoppedOneIsAndThatEndsItsRun() throws Exception {
        long task = running("op-delete").taskId();

        Http.Answer refused = Http.delete(api + "/op-delete");
        assertThat(refused.status()).isEqualTo(409);
        assertThat(refused.json().path("problems").get(0).path("message").asText())
                .contains("it is RUNNING")
                .contains("stop it first");
        assertThat(Http.post(api + "/op-delete/stop", "").status()).isEqualTo(202);
        awaitState("op-delete", LedgerState.STOPPED);
        assertThat(Http.delete(api + "/op-delete").status()).isEqualTo(202);

        JsonNode deleted = awaitEvent("op-delete", "oms.task.deleted");
        assertThat(deleted.path("data").path("ends_run").asBoolean()).isTrue();
        assertThat(awaitState("op-delete", LedgerState.DELETED).taskId()).isEqualTo(task);
        assertThat(sim.tasks().find(task)).as("gone from OMS").isEmpty();
    }

    @Test
    void operationsTheStateDoesNotAllowAreRefusedNamingItAndAResentOneIsAppliedOnce() throws Exception {
        running("op-once");
        long updatesBefore = sim.stats().updates();

        Http.Answer first = Http.post(api + "/op-once/stop", "", "Idempotency-Key", "stop-once");
        Http.Answer again = Http.post(api + "/op-once/stop", "", "Idempotency-Key", "stop-once");
        awaitState("op-once", LedgerState.STOPPED);
        Http.Answer stopStopped = Http.post(api + "/op-once/stop", "");
        Http.Answer unknown = Http.post(api + "/never-made/stop", "");
        Http.Answer startNothing = Http.post(api + "/op-once/retry", "");

        assertThat(first.status()).isEqualTo(202);
        assertThat(first.json().path("operation_id").asText()).isEqualTo("stop-once");
        assertThat(first.json().path("request_id").asText()).isEqualTo("op-once");
        assertThat(again.json().path("status").asText()).isEqualTo("duplicate");
        await().atMost(Duration.ofSeconds(10))
                .until(
                        () -> bridge.bean("operationLedger", OperationLedger.class)
                                .of("op-once")
                                .get(0)
                                .state(),
                        "APPLIED"::equals);
        assertThat(sim.stats().updates() - updatesBefore).as("OMS stop calls").isEqualTo(1);
        assertThat(stopStopped.status()).isEqualTo(409);
        assertThat(stopStopped.json().path("problems").get(0).path("message").asText())
                .contains("it is STOPPED");
        assertThat(unknown.status()).isEqualTo(404);
        assertThat(startNothing.status()).isEqualTo(409);
        assertThat(startNothing.json().path("problems").get(0).path("message").asText())
                .contains("cannot retry");
    }

    @Test
    void aRefusedOperationNamesTheMigrationAndTheOperationApartOverHttpAndInItsInboxReport() throws Exception {
        Http.Answer unknownName = Http.post(api + "/op-named/frobnicate", "", "Idempotency-Key", "frob-1");
        bridge.drop("refused-op.json", "{\"request_id\":\"never-made\",\"operation\":\"stop\"}");
        Path report = bridge.inbox().resolve(".failed").resolve("refused-op.json.error.json");
        await().atMost(Duration.ofSeconds(30)).until(() -> Files.exists(report));

        assertThat(unknownName.status()).isEqualTo(400);
        assertThat(unknownName.json().path("request_id").asText()).isEqualTo("op-named");
        assertThat(unknownName.json().path("operation_id").asText()).isEqualTo("frob-1");
        assertThat(unknownName.json().path("problems")).singleElement().satisfies(p -> {
            assertThat(p.path("request_id").asText()).isEqualTo("op-named");
            assertThat(p.path("operation_id").asText()).isEqualTo("frob-1");
            assertThat(p.path("field").asText()).isEqualTo("operation");
        });
        JsonNode problem =
                BridgeRun.JSON.readTree(report.toFile()).path("problems").get(0);
        assertThat(problem.path("request_id").asText()).isEqualTo("never-made");
        assertThat(problem.path("operation_id").asText()).isEqualTo("refused-op");
        assertThat(problem.path("field").asText()).isEqualTo("request_id");
    }

    @Test
    void aMigrationMadeWithInlineKeysIsStartedOnlyWithItsKeysGivenAgain() throws Exception {
        Http.post(api, Requests.inline("op-inline", "inline-bucket"));
        awaitState("op-inline", LedgerState.RUNNING);
        Http.post(api + "/op-inline/stop", "");
        awaitState("op-inline", LedgerState.STOPPED);

        Http.Answer withoutKeys = Http.post(api + "/op-inline/start", "");
        Http.Answer withKeys = Http.post(
                api + "/op-inline/start",
                "{\"src_node\":{\"ak\":\"" + Requests.SRC_AK + "\",\"sk\":\"" + Requests.SRC_SK
                        + "\"},\"dst_node\":{\"credential\":\"dst\"}}");

        assertThat(withoutKeys.status()).isEqualTo(400);
        assertThat(withoutKeys.json().path("problems"))
                .extracting(p -> p.path("field").asText())
                .containsExactlyInAnyOrder("src_node.ak", "dst_node.ak");
        assertThat(withKeys.status()).isEqualTo(202);
        awaitEvent("op-inline", "oms.task.resumed");
        assertThat(withKeys.body()).doesNotContain(Requests.SRC_SK);
    }

    @Test
    void aRunningTaskIsThrottledFromTheApiOnceByItsOperationIdWhateverTheEntryPointThatRepeatsIt() throws Exception {
        long task = running("op-bw").taskId();
        long updatesBefore = sim.stats().updates();
        String policy = "[{\"start\":\"08:00\",\"end\":\"18:00\",\"max_bandwidth\":20971520}]";

        Http.Answer accepted =
                Http.post(api + "/op-bw/bandwidth", "{\"bandwidth_policy\":" + policy + "}", "Idempotency-Key", "bw-1");
        assertThat(accepted.status()).as(accepted.body()).isEqualTo(202);
        JsonNode throttled = awaitEvent("op-bw", "oms.task.throttled");
        bridge.drop(
                "bw-again.json",
                "{\"request_id\":\"op-bw\",\"operation\":\"bandwidth\",\"operation_id\":"
                        + "\"bw-1\",\"bandwidth_policy\":" + policy + "}");
        await().atMost(Duration.ofSeconds(30))
                .until(() -> Files.exists(bridge.inbox().resolve(".done/bw-again.json"))
                        || Files.exists(bridge.inbox().resolve(".failed/bw-again.json")));

        assertThat(throttled.path("data").path("operation_id").asText()).isEqualTo("bw-1");
        assertThat(throttled
                        .path("data")
                        .path("bandwidth_policy")
                        .get(0)
                        .path("max_bandwidth")
                        .asLong())
                .isEqualTo(20_971_520L);
        assertThat(throttled.path("data").path("state").asText())
                .as("it runs on")
                .isEqualTo("RUNNING");
        JsonNode shown =
                BridgeRun.JSON.readTree(sim.tasks().find(task).orElseThrow().toV2Json());
        assertThat(shown.path("bandwidth_policy").get(0).path("start").asText()).isEqualTo("08:00");
        assertThat(shown.path("bandwidth_policy").get(0).path("max_bandwidth").asLong())
                .isEqualTo(20_971_520L);
        assertThat(sim.stats().updates() - updatesBefore)
                .as("one call to OMS for the one operation id")
                .isEqualTo(1);
        assertThat(types("op-bw").stream().filter("oms.task.throttled"::equals)).hasSize(1);
        assertThat(record("op-bw").state()).isEqualTo(LedgerState.RUNNING);
    }

    @Test
    void aBandwidthOutsideOmsRangeOrWithOverlappingWindowsIsRefusedByField() {
        Http.Answer refused = Http.post(
                api + "/any/bandwidth",
                "{\"bandwidth_policy\":[{\"start\":\"08:00\","
                        + "\"end\":\"18:00\",\"max_bandwidth\":20},{\"start\":\"17:00\",\"end\":\"19:00\","
                        + "\"max_bandwidth\":20971520}]}");

        assertThat(refused.status()).isEqualTo(400);
        assertThat(refused.body())
                .contains("bandwidth_policy[0].max_bandwidth")
                .contains("bytes per second")
                .contains("bandwidth_policy[1]")
                .contains("overlap");
    }

    // --- helpers -----------------------------------------------------------------------------------------------

    LedgerRecord running(String requestId) {
        assertThat(Http.post(api, Requests.aliased(requestId, requestId + "-bucket"))
                        .status())
                .isEqualTo(202);
        return awaitState(requestId, LedgerState.RUNNING);
    }

    /** A running migration whose task records its failed objects in a list, or not ({@code recorded}). */
    LedgerRecord running(String requestId, boolean recorded) {
        String body = Requests.aliased(requestId, requestId + "-bucket")
                .replace("\"thread_num\":10", "\"thread_num\":10,\"enable_failed_object_recording\":" + recorded);
        assertThat(Http.post(api, body).status()).isEqualTo(202);
        return awaitState(requestId, LedgerState.RUNNING);
    }

    LedgerRecord record(String requestId) {
        return bridge.record(requestId);
    }

    LedgerRecord awaitState(String requestId, LedgerState state) {
        return await().atMost(Duration.ofSeconds(30))
                .alias(requestId + " " + state)
                .until(() -> bridge.record(requestId), r -> r != null && r.state() == state);
    }

    JsonNode awaitEvent(String requestId, String type) {
        return await().atMost(Duration.ofSeconds(30))
                .alias(requestId + " " + type)
                .until(
                        () -> bridge.outboxEvents(requestId).stream()
                                .filter(e -> e.path("type").asText().equals(type))
                                .reduce((a, b) -> b)
                                .orElse(null),
                        e -> e != null);
    }

    List<String> types(String requestId) throws IOException {
        return bridge.outboxEvents(requestId).stream()
                .sorted((a, b) ->
                        a.path("time").asText().compareTo(b.path("time").asText()))
                .map(e -> e.path("type").asText())
                .toList();
    }
}
