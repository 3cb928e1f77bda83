package io.omsbridge.corpus;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import io.omsbridge.BridgeRun;
import io.omsbridge.Requests;
import io.omsbridge.Tasks;
import io.omsbridge.corpus.CorpusManifest.Entry;
import io.omsbridge.corpus.CorpusManifest.Outcome;
import io.omsbridge.ledger.LedgerRecord;
import io.omsbridge.model.LedgerState;
import io.omsbridge.request.SecretRedaction;
import io.omsbridge.simulator.OmsSimulator;
import io.omsbridge.simulator.SimulatorSettings;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.InvalidPathException;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.Stream;
import org.apache.camel.ConsumerTemplate;
import org.apache.camel.Exchange;
import org.apache.camel.ProducerTemplate;
import org.awaitility.core.ConditionFactory;
import org.awaitility.core.ConditionTimeoutException;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.DynamicTest;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestFactory;
import org.junit.jupiter.api.TestMethodOrder;
import org.junit.jupiter.api.function.Executable;

/** Each bad-input corpus entry gets the outcome its manifest names, by inbox and queue, and holds up no request. */
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class BadInputCorpusTest {

    private static final String REQUESTS = "jms:queue:oms.migration.requests";
    private static final String DLQ = "jms:queue:oms.migration.requests.DLQ";
    private static final Duration WAIT = Duration.ofSeconds(20);

    private static final CorpusManifest CORPUS = CorpusManifest.load();
    /** The bytes of each dropped file, by the name it was dropped under (names the file system rejects: left out). */
    private static final Map<String, byte[]> DROPPED = new LinkedHashMap<>();
    /** Valid requests put between the corpus entries, by inbox and by queue: each must become exactly one task. */
    private static final List<String> BETWEEN = new ArrayList<>();
    /** Every id that must end with exactly one OMS task. */
    private static final Set<String> ONE_TASK_EACH = new LinkedHashSet<>();

    private static OmsSimulator sim;
    private static BridgeRun bridge;
    private static ProducerTemplate producer;
    private static ConsumerTemplate consumer;

    @BeforeAll
    static void startTheBridgeAndDropTheWholeCorpusWithAValidFileAfterEachEntry() {
        // quotas lifted: the corpus makes a few hundred tasks, and every one must stay SUBMITTED while it is checked
        sim = OmsSimulator.start(SimulatorSettings.builder()
                .waitTime(Duration.ofMinutes(5))
                .maxWaitingTasks(10_000)
                .maxRunningTasks(0)
                .maxCreatesPer24h(10_000)
                .build());
        Map<String, String> props = BridgeRun.defaults(sim, BridgeRun.newDataDir("corpus"));
        props.put("bridge.inbox.max-file-bytes", String.valueOf(CORPUS.maxFileBytes()));
        bridge = BridgeRun.start(props);
        producer = bridge.context().createProducerTemplate();
        consumer = bridge.context().createConsumerTemplate();

        for (String id : CORPUS.acceptedBefore()) {
            bridge.drop(id + ".json", Requests.aliased(id, "corpus-earlier"));
            awaitState(id, LedgerState.SUBMITTED);
            ONE_TASK_EACH.add(id);
        }
        for (Entry entry : CORPUS.entries()) {
            byte[] bytes = CORPUS.bytes(entry);
            if (!nameable(entry.dropName())) {
                continue;
            }
            bridge.drop(entry.dropName(), bytes);
            DROPPED.put(entry.dropName(), bytes);
            String between = "between-" + (BETWEEN.size() + 1);
            bridge.drop(between + ".json", Requests.aliased(null, "corpus-between"));
            BETWEEN.add(between);
        }
    }

    @AfterAll
    static void stop() {
        bridge.close();
        sim.close();
    }

    @TestFactory
    @Order(1)
    Stream<DynamicTest> everyCorpusFileDroppedInTheInboxIsMovedAndReportedAsTheManifestSays() {
        assertThat(CORPUS.entries()).hasSizeGreaterThanOrEqualTo(45);
        return CORPUS.entries().stream()
                .map(entry -> DynamicTest.dynamicTest(
                        "inbox: " + entry.title() + " -> "
                                + (entry.jsonl() ? "per line" : entry.single().describe()),
                        () -> naming(entry, () -> checkInbox(entry))));
    }

    @TestFactory
    @Order(2)
    Stream<DynamicTest> everySingleRequestSentToTheQueueIsAcknowledgedAndBadOnesAreDeadLetteredWithTheReason() {
        return CORPUS.entries().stream()
                .filter(Entry::queueable)
                .map(entry -> DynamicTest.dynamicTest(
                        "queue: " + entry.title() + " -> " + entry.single().describe(),
                        () -> naming(entry, () -> checkQueue(entry))));
    }

    @Test
    @Order(3)
    void theValidRequestsBetweenTheBadOnesEachBecomeExactlyOneTaskAndNothingElseReachesOms() {
        ONE_TASK_EACH.addAll(BETWEEN);
        waiting()
                .alias("every valid request SUBMITTED")
                .until(
                        () -> ONE_TASK_EACH.stream()
                                .filter(id -> !isIn(id, LedgerState.SUBMITTED))
                                .toList(),
                        List::isEmpty);

        Map<String, Long> expected = new LinkedHashMap<>();
        ONE_TASK_EACH.forEach(id -> expected.put(id, 1L));
        assertThat(Tasks.perRequest(sim)).as("OMS tasks per request id").isEqualTo(expected);
    }

    @Test
    @Order(4)
    void everyDroppedFileEndsInDoneOrFailedAndNoAcceptedMessageIsDeadLettered() throws IOException {
        for (String name : DROPPED.keySet()) {
            Path done = bridge.inbox().resolve(".done").resolve(name);
            Path failed = bridge.inbox().resolve(".failed").resolve(name);
            assertThat(Files.exists(done) || Files.exists(failed))
                    .as(name + " moved to .done or .failed")
                    .isTrue();
        }
        try (Stream<Path> left = Files.list(bridge.inbox())) {
            assertThat(left.filter(Files::isRegularFile))
                    .as("files left in the inbox")
                    .isEmpty();
        }
        assertThat(consumer.receive(DLQ, 500))
                .as("a message dead-lettered beyond the rejected ones")
                .isNull();
    }

    // --- inbox -------------------------------------------------------------------------------------------------

    /** The copy of a dropped file the bridge keeps: as dropped, but for its inline secrets (too large: unread). */
    private static byte[] kept(String name) {
        byte[] dropped = DROPPED.get(name);
        return dropped.length > maxBytes()
                ? dropped
                : SecretRedaction.redact(dropped, name.endsWith(".jsonl")).orElse(dropped);
    }

    private static long maxBytes() {
        return bridge.context()
                .getPropertiesComponent()
                .resolveProperty("bridge.inbox.max-file-bytes")
                .map(Long::parseLong)
                .orElse(Long.MAX_VALUE);
    }

    private static void checkInbox(Entry entry) throws Exception {
        Assumptions.assumeTrue(DROPPED.containsKey(entry.dropName()), "file system cannot name " + entry.dropName());
        String name = entry.dropName();
        Path done = bridge.inbox().resolve(".done").resolve(name);
        Path failed = bridge.inbox().resolve(".failed").resolve(name);
        Path report = bridge.inbox().resolve(".failed").resolve(name + ".error.json");

        if (!entry.anyRejected()) {
            waiting().alias(name + " moved to .done").until(() -> Files.exists(done));
            assertThat(report)
                    .as("no report for a file without rejected requests")
                    .doesNotExist();
            assertThat(Files.readAllBytes(done))
                    .as("the file as it was dropped, secrets redacted")
                    .isEqualTo(kept(name));
        } else {
            waiting()
                    .alias(name + " moved to .failed with its report")
                    .until(() -> Files.exists(report) && Files.exists(failed));
            assertThat(Files.readAllBytes(failed))
                    .as("the file as it was dropped, secrets redacted")
                    .isEqualTo(kept(name));
            JsonNode json = BridgeRun.JSON.readTree(report.toFile());
            assertThat(json.path("file").asText()).isEqualTo(name);
            assertThat(json.path("accepted").asLong()).as("accepted").isEqualTo(entry.count("accepted"));
            assertThat(json.path("duplicates").asLong()).as("duplicates").isEqualTo(entry.count("duplicate"));
            assertThat(json.path("rejected").asLong()).as("rejected").isEqualTo(entry.count("rejected"));
            assertThat(json.path("problems"))
                    .as("every problem has a message")
                    .allSatisfy(p -> assertThat(p.path("message").asText()).isNotBlank());
        }
        for (Outcome outcome : entry.outcomes()) {
            if (outcome.rejected()) {
                JsonNode problems = BridgeRun.JSON.readTree(report.toFile()).path("problems");
                assertNamesTheRule(problemsOf(problems, outcome.requestId()), outcome);
                if (entry.jsonl()) {
                    assertThat(problemsOf(problems, outcome.requestId()))
                            .allSatisfy(p -> assertThat(p.path("line").asInt()).isEqualTo(outcome.line()));
                }
            } else if (outcome.duplicate() && entry.anyRejected()) {
                JsonNode problems = BridgeRun.JSON.readTree(report.toFile()).path("problems");
                assertThat(problemsOf(problems, outcome.requestId()))
                        .as("the duplicate named in the report")
                        .anySatisfy(p -> {
                            assertThat(p.path("field").asText()).isEqualTo("request_id");
                            assertThat(p.path("message").asText()).contains("duplicate");
                        });
            }
            checkLedgerAndTasks(outcome.requestId(), outcome);
        }
        String written = entry.anyRejected() ? Files.readString(report) : "";
        for (Outcome outcome : entry.outcomes()) {
            assertShowsNoSecret(entry, outcome.requestId(), outcome, written);
        }
    }

    // --- queue -------------------------------------------------------------------------------------------------

    private static void checkQueue(Entry entry) throws Exception {
        Outcome outcome = entry.single();
        String header = "q-" + entry.file().substring(0, entry.file().lastIndexOf('.'));
        String requestId = entry.queueId(header);
        byte[] bytes = CORPUS.bytes(entry);
        String text = asText(bytes);
        // what a sender would send: text as a TextMessage, anything else as a BytesMessage
        Object body = text != null ? text : bytes;

        JsonNode ack = BridgeRun.JSON.readTree(producer.requestBodyAndHeader(
                REQUESTS + "?requestTimeout=10000", body, "requestId", header, String.class));

        // taken off the DLQ first, so one failed check leaves nothing behind for the others
        Exchange dead =
                outcome.rejected() ? consumer.receive(DLQ + "?selector=RAW(requestId='" + header + "')", 10_000) : null;

        assertThat(ack.path("request_id").asText())
                .as("acknowledged request id")
                .isEqualTo(requestId);
        assertThat(ack.path("status").asText())
                .as("acknowledged status of " + ack)
                .isEqualTo(outcome.expect());
        if (outcome.rejected()) {
            assertNamesTheRule(ack.path("problems"), outcome);
            assertThat(dead).as("dead-lettered").isNotNull();
            // as it came, but for its inline secrets, each replaced by its fingerprint; one too large to read, empty
            byte[] kept = bytes.length > maxBytes()
                    ? new byte[0]
                    : SecretRedaction.redact(bytes, false).orElse(bytes);
            assertThat(dead.getMessage().getBody(byte[].class))
                    .as("dead-lettered as it came, secrets redacted")
                    .isEqualTo(kept);
            assertThat(dead.getMessage().getHeader("omsBridgeRejectReason", String.class))
                    .as("reject reason")
                    .isNotBlank();
            assertNamesTheRule(
                    BridgeRun.JSON.readTree(dead.getMessage().getHeader("omsBridgeRejectProblems", String.class)),
                    outcome);
        } else {
            assertThat(ack.path("problems").size()).as("problems of " + ack).isEqualTo(outcome.duplicate() ? 1 : 0);
        }
        if (outcome.duplicate()) {
            assertThat(ack.path("task_id").asLong())
                    .as("the task it already has")
                    .isEqualTo(bridge.record(requestId).taskId());
        }
        checkLedgerAndTasks(requestId, outcome);
        assertShowsNoSecret(
                entry,
                requestId,
                outcome,
                ack
                        + (dead == null
                                ? ""
                                : dead.getMessage().getHeader("omsBridgeRejectReason", String.class)
                                        + dead.getMessage().getHeader("omsBridgeRejectProblems", String.class)));

        String between = "q-between-" + (BETWEEN.size() + 1);
        producer.sendBodyAndHeader(REQUESTS, Requests.aliased(null, "corpus-between"), "requestId", between);
        BETWEEN.add(between);
    }

    // --- shared ------------------------------------------------------------------------------------------------

    /** Surefire lists dynamic tests by number: a failure names its corpus entry itself. */
    private static void naming(Entry entry, Executable check) throws Throwable {
        try {
            check.execute();
        } catch (AssertionError | ConditionTimeoutException e) {
            throw new AssertionError(entry.title() + ": " + e.getMessage(), e);
        }
    }

    /** One of the problems names the field (null: the whole input) and says the rule in words the manifest gives. */
    private static void assertNamesTheRule(JsonNode problems, Outcome outcome) {
        assertThat(problems)
                .as("problems of " + outcome.requestId() + ": " + problems)
                .anySatisfy(p -> {
                    assertThat(p.path("field").isNull() ? null : p.path("field").asText())
                            .isEqualTo(outcome.field());
                    assertThat(p.path("message").asText()).containsIgnoringCase(outcome.message());
                });
    }

    /**
     * None of the entry's secrets is in {@code written} (report, reply, dead-letter properties), in the ledger row of
     * the request, or in its rejected event.
     */
    private static void assertShowsNoSecret(Entry entry, String requestId, Outcome outcome, String written)
            throws IOException {
        if (entry.mustNotShow().isEmpty()) {
            return;
        }
        LedgerRecord r = bridge.record(requestId);
        StringBuilder seen = new StringBuilder(written).append(r.body()).append(r.lastError());
        if (outcome.rejected()) {
            waiting()
                    .alias(requestId + " has its rejected event in the outbox")
                    .until(() -> bridge.outboxEvents(requestId), events -> !events.isEmpty())
                    .forEach(seen::append);
        }
        assertThat(seen.toString())
                .as("what the bridge wrote about " + requestId)
                .doesNotContain(entry.mustNotShow());
    }

    /**
     * Rejected: REJECTED in the ledger and no task (unless the id was accepted before: that request keeps its one
     * task). Accepted and duplicate: submitted, with exactly one task in the end.
     */
    private static void checkLedgerAndTasks(String requestId, Outcome outcome) {
        boolean knownBefore = CORPUS.acceptedBefore().contains(requestId);
        if (outcome.rejected() && !knownBefore) {
            LedgerRecord r = waiting().until(() -> bridge.record(requestId), rec -> rec != null);
            assertThat(r.state()).as(requestId + " in the ledger").isEqualTo(LedgerState.REJECTED);
            assertThat(Tasks.perRequest(sim)).as("tasks").doesNotContainKey(requestId);
        } else {
            awaitState(requestId, LedgerState.SUBMITTED);
            ONE_TASK_EACH.add(requestId);
        }
    }

    private static JsonNode problemsOf(JsonNode problems, String requestId) {
        var list = BridgeRun.JSON.createArrayNode();
        problems.forEach(p -> {
            if (requestId.equals(p.path("request_id").asText())) {
                list.add(p);
            }
        });
        return list;
    }

    /** The bytes as text when a sender would send them as text (valid UTF-8 without NUL), else null. */
    private static String asText(byte[] bytes) {
        for (byte b : bytes) {
            if (b == 0) {
                return null;
            }
        }
        try {
            return StandardCharsets.UTF_8
                    .newDecoder()
                    .decode(ByteBuffer.wrap(bytes))
                    .toString();
        } catch (CharacterCodingException e) {
            return null;
        }
    }

    private static boolean nameable(String name) {
        try {
            bridge.inbox().resolve(name);
            return true;
        } catch (InvalidPathException e) {
            return false;
        }
    }

    private static LedgerRecord awaitState(String requestId, LedgerState state) {
        return waiting()
                .alias(requestId + " reaches " + state)
                .until(() -> bridge.record(requestId), r -> r != null && r.state() == state);
    }

    private static boolean isIn(String requestId, LedgerState state) {
        LedgerRecord r = bridge.record(requestId);
        return r != null && r.state() == state;
    }

    /** Checks at once and then often: most outcomes are already there when they are looked for. */
    private static ConditionFactory waiting() {
        return await().atMost(WAIT).pollDelay(Duration.ZERO).pollInterval(Duration.ofMillis(20));
    }
}
