package io.omsbridge.pipeline;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import io.omsbridge.BridgeRun;
import io.omsbridge.Requests;
import io.omsbridge.Tasks;
import io.omsbridge.model.LedgerState;
import io.omsbridge.simulator.OmsSimulator;
import io.omsbridge.simulator.SimulatorSettings;
import io.omsbridge.simulator.SimulatorStats;
import java.io.IOException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeSet;
import java.util.stream.Collectors;
import java.util.stream.IntStream;
import org.apache.camel.ProducerTemplate;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * With {@code oms.api-version=v2} and {@code oms.auth=aksk} and no IAM settings at all, inbox, queue and embedded
 * requests become v2 tasks exactly once, are polled in pages of v2's list, and end in the events a v1 run publishes.
 */
class ApiV2PipelineTest {

    private static final String AK = "V2PIPELINEAK00000001";
    private static final String SK = "v2-pipeline-secret-key";

    private OmsSimulator sim;
    private BridgeRun bridge;

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
    void inboxQueueAndEmbeddedRequestsBecomeOneSignedV2TaskEachWithoutAnyIamCall() throws IOException {
        sim = simulator();
        bridge = BridgeRun.start(v2Settings("v2-pipeline"));

        bridge.drop("batch.jsonl", lines("file", 120));
        ProducerTemplate producer = bridge.context().createProducerTemplate();
        for (int i = 0; i < 100; i++) {
            producer.sendBodyAndHeader(
                    "jms:queue:oms.migration.requests",
                    Requests.inline(null, "q-bucket-" + i),
                    "requestId",
                    "queue-" + i);
        }
        String ack = producer.requestBodyAndHeader(
                "direct:oms-migration-request", Requests.aliased(null, "esb"), "requestId", "embedded-1", String.class);
        bridge.drop("fails.json", Requests.inline("v2-fails", "bucket-fail-here"));

        assertThat(ack).contains("\"status\":\"accepted\"");
        awaitTerminal(222);
        Map<String, Long> perRequest = Tasks.perRequest(sim);
        assertThat(perRequest)
                .hasSize(222)
                .allSatisfy((id, tasks) -> assertThat(tasks).as(id).isEqualTo(1L));
        SimulatorStats stats = sim.stats();
        assertThat(stats.tokenCalls()).as("IAM token calls").isZero();
        assertThat(stats.v2Calls()).as("OMS calls on v2").isPositive();
        assertThat(stats.akskCalls()).as("signed OMS calls").isEqualTo(stats.v2Calls());
        assertThat(stats.lists()).as("the poll read v2's list").isPositive();
        assertThat(bridge.ledger().countByState())
                .containsEntry(LedgerState.SUCCEEDED, 221L)
                .containsEntry(LedgerState.FAILED, 1L);
        await().atMost(Duration.ofSeconds(30)).until(() -> bridge.outboxEvents("v2-fails"), e -> !e.isEmpty());
        assertThat(bridge.outboxEvents("v2-fails"))
                .singleElement()
                .satisfies(e -> assertThat(
                                e.path("data").path("error").path("code").asText())
                        .isEqualTo("TRF.0004"));
    }

    @Test
    void aTaskMadeOnV2EndsInAnEventOfTheSameShapeAsOneMadeOnV1() throws IOException {
        sim = simulator();
        List<JsonNode> v1 = endEvents(BridgeRun.defaults(sim, BridgeRun.newDataDir("v1-shape")));
        List<JsonNode> v2 = endEvents(v2Settings("v2-shape"));

        for (int i = 0; i < v1.size(); i++) {
            JsonNode one = v1.get(i);
            JsonNode two = v2.get(i);
            assertThat(two.path("type").asText()).isEqualTo(one.path("type").asText());
            assertThat(fieldNames(two)).isEqualTo(fieldNames(one));
            assertThat(fieldNames(two.path("data"))).isEqualTo(fieldNames(one.path("data")));
            for (String same :
                    List.of("request_id", "project_id", "status", "state", "source", "destination", "error")) {
                assertThat(two.path("data").path(same))
                        .as(same)
                        .isEqualTo(one.path("data").path(same));
            }
            // the counters are v1's names, read from v2's successful_num / failed_num / skipped_num
            assertThat(two.path("data").path("success_num").asLong()
                            + two.path("data").path("fail_num").asLong()
                            + two.path("data").path("skip_num").asLong())
                    .isEqualTo(two.path("data").path("total_num").asLong())
                    .isPositive();
        }
    }

    /** Runs one succeeding and one failing request through a fresh bridge and returns their end events. */
    private List<JsonNode> endEvents(Map<String, String> settings) throws IOException {
        bridge = BridgeRun.start(settings);
        bridge.drop("ok.json", Requests.inline("shape-ok", "bucket-ok"));
        bridge.drop("fails.json", Requests.inline("shape-fails", "bucket-fail-here"));
        awaitTerminal(2);
        await().atMost(Duration.ofSeconds(30)).until(() -> bridge.outboxEvents().size() >= 2);
        List<JsonNode> events = new ArrayList<>();
        events.addAll(bridge.outboxEvents("shape-ok"));
        events.addAll(bridge.outboxEvents("shape-fails"));
        bridge.close();
        bridge = null;
        assertThat(events).hasSize(2);
        return events;
    }

    private static OmsSimulator simulator() {
        return OmsSimulator.start(SimulatorSettings.builder()
                .accessKey(AK, SK)
                .waitTime(Duration.ofMillis(200))
                .runTime(Duration.ofMillis(500))
                .maxCreatesPer24h(0)
                .maxWaitingTasks(0)
                .maxRunningTasks(0)
                .build());
    }

    /** The shared test settings on v2 with AK/SK, every IAM key taken out. */
    private Map<String, String> v2Settings(String name) {
        Map<String, String> settings = BridgeRun.defaults(sim, BridgeRun.newDataDir(name));
        settings.keySet().removeIf(key -> key.startsWith("iam."));
        settings.put("oms.api-version", "v2");
        settings.put("oms.auth", "aksk");
        settings.put("oms.ak", AK);
        settings.put("oms.sk", SK);
        return settings;
    }

    private static TreeSet<String> fieldNames(JsonNode node) {
        TreeSet<String> names = new TreeSet<>();
        node.fieldNames().forEachRemaining(names::add);
        return names;
    }

    private static String lines(String prefix, int n) {
        return IntStream.range(0, n)
                .mapToObj(i -> Requests.inline(prefix + "-" + i, prefix + "-bucket-" + i))
                .collect(Collectors.joining("\n"));
    }

    private void awaitTerminal(long n) {
        await().atMost(Duration.ofSeconds(90))
                .alias(n + " requests ended")
                .until(
                        () -> {
                            Map<LedgerState, Long> states = bridge.ledger().countByState();
                            return states.getOrDefault(LedgerState.SUCCEEDED, 0L)
                                    + states.getOrDefault(LedgerState.FAILED, 0L);
                        },
                        ended -> ended == n);
    }
}
