package io.omsbridge.pipeline;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import io.omsbridge.BridgeRun;
import io.omsbridge.KafkaBroker;
import io.omsbridge.Requests;
import io.omsbridge.Tasks;
import io.omsbridge.ledger.LedgerRecord;
import io.omsbridge.model.LedgerState;
import io.omsbridge.simulator.OmsSimulator;
import io.omsbridge.simulator.SimulatorSettings;
import java.time.Duration;
import java.util.AbstractMap.SimpleEntry;
import java.util.List;
import java.util.Map;
import org.apache.camel.component.kafka.KafkaEndpoint;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** Records on the Kafka request topic become tasks, their events go to a Kafka topic, bad records to the DLT. */
class KafkaInboxTest {

    private static final String REQUESTS = "oms.migration.requests";
    private static final String DLT = REQUESTS + ".DLT";
    private static final String EVENTS = "oms.migration.events";
    private static final String GROUP = "kafka-inbox-test";
    private static KafkaBroker kafka;
    private static OmsSimulator sim;
    private static BridgeRun bridge;

    @BeforeAll
    static void start() {
        kafka = KafkaBroker.start();
        // two partitions: a batch commits each partition's own offset
        kafka.createTopics(2, REQUESTS, DLT, EVENTS);
        sim = OmsSimulator.start(SimulatorSettings.builder()
                .waitTime(Duration.ofMillis(100))
                .runTime(Duration.ofMillis(300))
                .build());
        var data = BridgeRun.newDataDir("kafka-inbox");
        bridge = BridgeRun.start(
                sim,
                data,
                Map.of(
                        "bridge.kafka.bootstrap-servers",
                        kafka.bootstrapServers(),
                        "bridge.kafka.group-id",
                        GROUP,
                        "events.endpoints",
                        "file:" + data.resolve("outbox") + ",kafka:" + EVENTS,
                        // a security key of Camel's own, harmless on this PLAINTEXT broker: it must reach the inbox
                        "camel.component.kafka.sasl-mechanism",
                        "SCRAM-SHA-512"));
    }

    @AfterAll
    static void stop() {
        if (bridge != null) {
            bridge.close();
        }
        if (sim != null) {
            sim.close();
        }
        if (kafka != null) {
            kafka.close();
        }
    }

    @Test
    void aRecordKeyedByItsRequestIdBecomesOneTaskAndItsEventsGoToKafkaKeyedByIt() throws Exception {
        kafka.send(REQUESTS, List.of(new SimpleEntry<>("k-accepted-1", Requests.aliased(null, "kafka-bucket"))));

        LedgerRecord r = awaitState("k-accepted-1", LedgerState.SUCCEEDED);
        assertThat(r.source().name()).isEqualTo("KAFKA");
        assertThat(r.origin()).startsWith("kafka:" + REQUESTS + "-");
        assertThat(Tasks.perRequest(sim)).containsEntry("k-accepted-1", 1L);
        ConsumerRecord<String, String> event = await().atMost(Duration.ofSeconds(20))
                .until(
                        () -> kafka.read(EVENTS).stream()
                                .filter(e -> "k-accepted-1".equals(e.key()) && type(e).equals("oms.task.succeeded"))
                                .findFirst()
                                .orElse(null),
                        e -> e != null);
        assertThat(BridgeRun.JSON
                        .readTree(event.value())
                        .path("data")
                        .path("task_id")
                        .asLong())
                .isEqualTo(r.taskId());
    }

    @Test
    void aRecordWithNeitherKeyNorRequestIdIsNamedByItsPlaceInTheLog() {
        String place = kafka.send(REQUESTS, List.of(new SimpleEntry<>(null, Requests.aliased(null, "unkeyed"))))
                .get(0);

        awaitTask(place);
        assertThat(Tasks.perRequest(sim)).containsEntry(place, 1L);
    }

    @Test
    void theSameRequestSentTwiceBecomesOneTask() {
        String body = Requests.aliased("k-twice-1", "twice-bucket");
        kafka.send(REQUESTS, List.of(new SimpleEntry<>(null, body), new SimpleEntry<>(null, body)));

        awaitTask("k-twice-1");
        await().atMost(Duration.ofSeconds(20)).until(() -> committedEverything());
        assertThat(Tasks.perRequest(sim)).containsEntry("k-twice-1", 1L);
    }

    @Test
    void aPoisonRecordIsRejectedAndCopiedToTheDeadLetterTopicWithItsReasonsAndNoSecret() {
        String bad = Requests.inline(null, "poison-bucket").replace("\"thread_num\":50", "\"thread_num\":500");
        String place = kafka.send(
                        REQUESTS,
                        List.of(
                                new SimpleEntry<>("k-poison-1", bad),
                                new SimpleEntry<>("k-after-poison", Requests.aliased(null, "good-bucket"))))
                .get(0);

        ConsumerRecord<String, String> dead = await().atMost(Duration.ofSeconds(20))
                .until(
                        () -> kafka.read(DLT).stream()
                                .filter(d -> "k-poison-1".equals(d.key()))
                                .findFirst()
                                .orElse(null),
                        d -> d != null);
        assertThat(KafkaBroker.header(dead, "omsBridgeRejectReason")).startsWith("thread_num:");
        assertThat(KafkaBroker.header(dead, "omsBridgeRejectProblems")).contains("\"field\":\"thread_num\"");
        assertThat(KafkaBroker.header(dead, "omsBridgeRejectOrigin")).isEqualTo("kafka:" + place);
        assertThat(dead.value())
                .contains("poison-bucket")
                .doesNotContain(Requests.SRC_SK, Requests.DST_SK, Requests.SRC_AK, Requests.DST_AK);
        assertThat(bridge.record("k-poison-1").state()).isEqualTo(LedgerState.REJECTED);
        // the inbox goes on with the next record, and commits both
        awaitTask("k-after-poison");
        await().atMost(Duration.ofSeconds(20)).until(() -> committedEverything());
    }

    @Test
    void aKeyThatIsNotAValidRequestIdIsRefusedByNameInsteadOfReplacedSilently() {
        kafka.send(REQUESTS, List.of(new SimpleEntry<>("not a valid id", Requests.aliased(null, "key-bucket"))));

        ConsumerRecord<String, String> dead = await().atMost(Duration.ofSeconds(20))
                .until(
                        () -> kafka.read(DLT).stream()
                                .filter(d -> "not a valid id".equals(d.key()))
                                .findFirst()
                                .orElse(null),
                        d -> d != null);
        assertThat(KafkaBroker.header(dead, "omsBridgeRejectReason"))
                .startsWith("key (record):")
                .contains("[A-Za-z0-9._:-]{1,128}");
        assertThat(Tasks.perRequest(sim)).doesNotContainKey("not a valid id");
    }

    @Test
    void camelsOwnKafkaKeysReachTheInboxSoSecuritySettingsPassThrough() {
        KafkaEndpoint inbox =
                (KafkaEndpoint) bridge.context().getRoute("inbox-kafka").getEndpoint();

        assertThat(inbox.getConfiguration().getSaslMechanism()).isEqualTo("SCRAM-SHA-512");
        assertThat(inbox.getConfiguration().getBrokers()).isEqualTo(kafka.bootstrapServers());
    }

    /** Every record sent so far is committed by the bridge's group (each partition up to its end). */
    private static boolean committedEverything() {
        return kafka.committed(GROUP, REQUESTS) == kafka.read(REQUESTS).size();
    }

    private static String type(ConsumerRecord<String, String> event) {
        try {
            JsonNode json = BridgeRun.JSON.readTree(event.value());
            return json.path("type").asText();
        } catch (Exception e) {
            return "";
        }
    }

    /** The request has its OMS task (it may have ended already: the simulator's tasks run for 300 ms). */
    private static LedgerRecord awaitTask(String requestId) {
        return await().atMost(Duration.ofSeconds(30))
                .alias(requestId + " has its task")
                .until(() -> bridge.ledger().find(requestId).orElse(null), r -> r != null && r.taskId() != null);
    }

    private static LedgerRecord awaitState(String requestId, LedgerState state) {
        return await().atMost(Duration.ofSeconds(30))
                .alias(requestId + " reaches " + state)
                .until(() -> bridge.ledger().find(requestId).orElse(null), r -> r != null && r.state() == state);
    }
}
