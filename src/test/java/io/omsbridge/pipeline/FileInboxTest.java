package io.omsbridge.pipeline;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.omsbridge.BridgeRun;
import io.omsbridge.Requests;
import io.omsbridge.Tasks;
import io.omsbridge.ledger.LedgerRecord;
import io.omsbridge.model.LedgerState;
import io.omsbridge.simulator.OmsSimulator;
import io.omsbridge.simulator.SimTask;
import io.omsbridge.simulator.SimulatorSettings;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** Files dropped into the inbox become exactly one OMS task per valid request, and a clear report for the rest. */
class FileInboxTest {

    private static final ObjectMapper JSON = new ObjectMapper();
    private static OmsSimulator sim;
    private static BridgeRun bridge;

    @BeforeAll
    static void start() {
        sim = OmsSimulator.start(
                SimulatorSettings.builder().waitTime(Duration.ofMinutes(5)).build());
        Map<String, String> props = BridgeRun.defaults(sim, BridgeRun.newDataDir("file-inbox"));
        props.put("bridge.inbox.max-file-bytes", "20000");
        bridge = BridgeRun.start(props);
    }

    @AfterAll
    static void stop() {
        bridge.close();
        sim.close();
    }

    @Test
    void theSeedsRequestFileBecomesOneTaskWithTheRequestIdInItsDescription() throws Exception {
        String seed = Files.readString(Path.of("examples/seed-request.json"))
                .replace("demo-source", "src")
                .replace("demo-target", "dst");
        bridge.drop("seed-example.json", seed);

        LedgerRecord record = awaitState("seed-example", LedgerState.SUBMITTED);
        SimTask task = sim.tasks().find(record.taskId()).orElseThrow();
        // the tag: the request id, and the end of the lease it was posted under (epoch ms, the ledger's clock)
        assertThat(task.description()).matches("\\[oms-bridge:seed-example@\\d{13}] A migration task\\.");
        assertThat(task.srcBucket()).isEqualTo("source-bucket");
        assertThat(Tasks.perRequest(sim)).containsEntry("seed-example", 1L);
        await().until(() -> Files.exists(bridge.inbox().resolve(".done/seed-example.json")));
        assertThat(bridge.inbox().resolve("seed-example.json")).doesNotExist();
    }

    @Test
    void validLinesOfAJsonlFileGoThroughWhileTheBadOnesAreReportedByLineAndField() throws Exception {
        String good = Requests.aliased(null, "bucket-a");
        String bad = good.replace("\"thread_num\":10", "\"thread_num\":99")
                .replace("\"bucket\":\"bucket-a\"", "\"buckett\":\"bucket-a\"");
        bridge.drop("mixed.jsonl", good + "\n" + bad + "\n\n" + good.replace("bucket-a", "bucket-c") + "\n");

        awaitState("mixed#1", LedgerState.SUBMITTED);
        awaitState("mixed#4", LedgerState.SUBMITTED);
        Path report = bridge.inbox().resolve(".failed/mixed.jsonl.error.json");
        await().until(() -> Files.exists(report) && Files.exists(bridge.inbox().resolve(".failed/mixed.jsonl")));
        JsonNode problems = JSON.readTree(report.toFile()).path("problems");
        assertThat(problems).extracting(p -> p.path("request_id").asText()).containsOnly("mixed#2");
        assertThat(problems).extracting(p -> p.path("line").asInt()).containsOnly(2);
        assertThat(problems)
                .extracting(p -> p.path("field").asText())
                .contains("thread_num", "src_node.buckett", "src_node.bucket");
        assertThat(bridge.ledger().find("mixed#2").orElseThrow().state()).isEqualTo(LedgerState.REJECTED);

        // the corrected file dropped again submits only the line that was not submitted yet
        bridge.drop(
                "mixed.jsonl",
                good + "\n" + good.replace("bucket-a", "bucket-b") + "\n\n" + good.replace("bucket-a", "bucket-c")
                        + "\n");
        awaitState("mixed#2", LedgerState.SUBMITTED);
        await().until(() -> Files.exists(bridge.inbox().resolve(".done/mixed.jsonl")));
        assertThat(Tasks.perRequest(sim))
                .containsEntry("mixed#1", 1L)
                .containsEntry("mixed#2", 1L)
                .containsEntry("mixed#4", 1L);
    }

    @Test
    void aRequestIdAlreadyAcceptedIsNeverSubmittedAgainAndTheReportNamesItsTask() throws Exception {
        bridge.drop("first.json", Requests.aliased("order-42", "bucket-dup"));
        LedgerRecord first = awaitState("order-42", LedgerState.SUBMITTED);
        bridge.drop("second.json", Requests.aliased("order-42", "bucket-dup"));

        Path report = bridge.inbox().resolve(".done/second.json.report.json");
        await().until(() -> Files.exists(bridge.inbox().resolve(".done/second.json")) && Files.exists(report));
        assertThat(JSON.readTree(report.toFile())
                        .path("problems")
                        .get(0)
                        .path("message")
                        .asText())
                .contains("duplicate")
                .contains("as OMS task " + first.taskId());
        assertThat(Tasks.perRequest(sim)).containsEntry("order-42", 1L);
        assertThat(bridge.ledger().find("order-42").orElseThrow().taskId()).isEqualTo(first.taskId());
    }

    @Test
    void aJsonlDroppedAgainHasADuplicateReportNamingTheLineOfEachDuplicate() throws Exception {
        String lines = Requests.aliased("again-1", "bucket-again") + "\n\n"
                + Requests.aliased("again-3", "bucket-again") + "\n";
        bridge.drop("again.jsonl", lines);
        awaitState("again-1", LedgerState.SUBMITTED);
        awaitState("again-3", LedgerState.SUBMITTED);
        Path report = bridge.inbox().resolve(".done/again.jsonl.report.json");
        await().until(() -> Files.exists(bridge.inbox().resolve(".done/again.jsonl")));

        bridge.drop("again.jsonl", lines);

        await().until(() -> Files.exists(report));
        JsonNode problems = JSON.readTree(report.toFile()).path("problems");
        assertThat(problems).extracting(p -> p.path("request_id").asText()).containsExactly("again-1", "again-3");
        assertThat(problems).extracting(p -> p.path("line").asInt()).containsExactly(1, 3);
    }

    @Test
    void everyKindOfUnusableFileIsRejectedWithAReportAndTheNextRequestStillGoesThrough() throws Exception {
        bridge.drop("empty.json", new byte[0]);
        bridge.drop("binary.json", new byte[] {0x7b, 0x00, 0x01, 0x02, 0x7d});
        bridge.drop("latin1.json", "{\"description\":\"caf\u00e9\"}".getBytes(StandardCharsets.ISO_8859_1));
        bridge.drop("huge.json", ("{\"description\":\"" + "x".repeat(30_000) + "\"}").getBytes());
        bridge.drop("syntax.json", "{\"src_node\": {\"region\": \"a\",}");
        bridge.drop("array.json", "[1,2,3]");
        bridge.drop("after-the-bad-ones.json", Requests.aliased(null, "bucket-after"));

        Map<String, String> expected = Map.of(
                "empty.json", "empty",
                "binary.json", "binary content",
                "latin1.json", "not valid UTF-8",
                "huge.json", "too large",
                "syntax.json", "not valid JSON",
                "array.json", "must be a JSON object");
        for (Map.Entry<String, String> e : expected.entrySet()) {
            Path report = bridge.inbox().resolve(".failed/" + e.getKey() + ".error.json");
            await().until(() -> Files.exists(report));
            assertThat(JSON.readTree(report.toFile())
                            .path("problems")
                            .get(0)
                            .path("message")
                            .asText())
                    .as(e.getKey())
                    .contains(e.getValue());
            // the report is written in the route, the file moves when the exchange completes: a moment later
            await().untilAsserted(() ->
                    assertThat(bridge.inbox().resolve(".failed/" + e.getKey())).exists());
        }
        awaitState("after-the-bad-ones", LedgerState.SUBMITTED);
    }

    private static LedgerRecord awaitState(String requestId, LedgerState state) {
        return await().atMost(Duration.ofSeconds(20))
                .alias(requestId + " reaches " + state)
                .until(() -> bridge.ledger().find(requestId).orElse(null), r -> r != null && r.state() == state);
    }
}
