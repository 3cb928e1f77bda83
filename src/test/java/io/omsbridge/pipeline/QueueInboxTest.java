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
import io.omsbridge.simulator.SimulatorSettings;
import java.time.Duration;
import org.apache.camel.ConsumerTemplate;
import org.apache.camel.Exchange;
import org.apache.camel.ProducerTemplate;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** Messages on oms.migration.requests become tasks; senders that ask for a reply get one; bad ones are dead-lettered.
 * */
class QueueInboxTest {

    private static final String REQUESTS = "jms:queue:oms.migration.requests";
    private static final ObjectMapper JSON = new ObjectMapper();
    private static OmsSimulator sim;
    private static BridgeRun bridge;
    private static ProducerTemplate producer;
    private static ConsumerTemplate consumer;

    @BeforeAll
    static void start() {
        sim = OmsSimulator.start(
                SimulatorSettings.builder().waitTime(Duration.ofMinutes(5)).build());
        bridge = BridgeRun.start(BridgeRun.defaults(sim, BridgeRun.newDataDir("queue-inbox")));
        producer = bridge.context().createProducerTemplate();
        consumer = bridge.context().createConsumerTemplate();
    }

    @AfterAll
    static void stop() {
        bridge.close();
        sim.close();
    }

    @Test
    void aMessageWithARequestIdHeaderBecomesOneTask() {
        producer.sendBodyAndHeader(REQUESTS, Requests.inline(null, "queue-bucket"), "requestId", "q-header-1");

        LedgerRecord r = awaitState("q-header-1", LedgerState.SUBMITTED);
        assertThat(r.source().name()).isEqualTo("QUEUE");
        assertThat(Tasks.perRequest(sim)).containsEntry("q-header-1", 1L);
    }

    @Test
    void aSenderThatAsksForAReplyIsToldTheRequestWasAccepted() throws Exception {
        String reply = producer.requestBodyAndHeader(
                REQUESTS + "?requestTimeout=10000",
                Requests.aliased("q-reply-1", "reply-bucket"),
                "requestId",
                "ignored-when-body-has-one",
                String.class);

        JsonNode ack = JSON.readTree(reply);
        assertThat(ack.path("request_id").asText()).isEqualTo("q-reply-1");
        assertThat(ack.path("status").asText()).isEqualTo("accepted");
        awaitState("q-reply-1", LedgerState.SUBMITTED);

        JsonNode again = JSON.readTree(producer.requestBody(
                REQUESTS + "?requestTimeout=10000", Requests.aliased("q-reply-1", "reply-bucket"), String.class));
        assertThat(again.path("status").asText()).isEqualTo("duplicate");
        assertThat(again.path("task_id").asLong())
                .isEqualTo(bridge.ledger().find("q-reply-1").orElseThrow().taskId());
        assertThat(Tasks.perRequest(sim)).containsEntry("q-reply-1", 1L);
    }

    @Test
    void aBadRequestIsRepliedToWithItsProblemsAndDeadLetteredWithTheReason() throws Exception {
        String bad = Requests.aliased("q-bad-1", "bad-bucket").replace("\"thread_num\":10", "\"thread_num\":500");

        JsonNode ack = JSON.readTree(producer.requestBody(REQUESTS + "?requestTimeout=10000", bad, String.class));
        assertThat(ack.path("status").asText()).isEqualTo("rejected");
        assertThat(ack.path("problems").get(0).path("field").asText()).isEqualTo("thread_num");

        Exchange dead = consumer.receive("jms:queue:oms.migration.requests.DLQ", 10_000);
        assertThat(dead).isNotNull();
        assertThat(dead.getMessage().getBody(String.class)).isEqualTo(bad);
        assertThat(dead.getMessage().getHeader("omsBridgeRejectReason", String.class))
                .startsWith("thread_num:");
        assertThat(bridge.ledger().find("q-bad-1").orElseThrow().state()).isEqualTo(LedgerState.REJECTED);

        // the route goes on with the next request
        producer.sendBody(REQUESTS, Requests.aliased("q-after-bad", "good-bucket"));
        awaitState("q-after-bad", LedgerState.SUBMITTED);
    }

    @Test
    void anInvalidRequestIdHeaderIsRefusedByNameInsteadOfReplacedSilently() throws Exception {
        JsonNode ack = JSON.readTree(producer.requestBodyAndHeader(
                REQUESTS + "?requestTimeout=10000",
                Requests.inline(null, "header-bucket"),
                "requestId",
                "not a valid id",
                String.class));

        assertThat(ack.path("status").asText()).isEqualTo("rejected");
        assertThat(ack.path("problems").get(0).path("field").asText()).isEqualTo("requestId (header)");
        assertThat(ack.path("problems").get(0).path("message").asText()).contains("[A-Za-z0-9._:-]{1,128}");
        assertThat(consumer.receive("jms:queue:oms.migration.requests.DLQ", 10_000))
                .isNotNull();
    }

    private static LedgerRecord awaitState(String requestId, LedgerState state) {
        return await().atMost(Duration.ofSeconds(20))
                .alias(requestId + " reaches " + state)
                .until(() -> bridge.ledger().find(requestId).orElse(null), r -> r != null && r.state() == state);
    }
}
