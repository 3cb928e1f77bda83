package io.omsbridge.security;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import io.omsbridge.BridgeRun;
import io.omsbridge.Requests;
import io.omsbridge.intake.InboxOutcome;
import io.omsbridge.intake.InboxSteps;
import io.omsbridge.simulator.OmsSimulator;
import io.omsbridge.simulator.SimulatorSettings;
import jakarta.jms.BytesMessage;
import jakarta.jms.Connection;
import jakarta.jms.Session;
import java.io.RandomAccessFile;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
import org.apache.activemq.artemis.jms.client.ActiveMQConnectionFactory;
import org.apache.camel.Exchange;
import org.apache.camel.support.DefaultExchange;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * An input over bridge.inbox.max-file-bytes is refused by its size, without being read whole: a file listed small
 * that has grown since, and a queue message, each get the limit in their report and leave the route free for the next.
 */
class OversizeInputTest {

    private static final int LIMIT = 64 * 1024;
    private static OmsSimulator sim;
    private static BridgeRun bridge;

    @BeforeAll
    static void start() {
        sim = OmsSimulator.start(
                SimulatorSettings.builder().waitTime(Duration.ofMinutes(5)).build());
        bridge = BridgeRun.start(
                sim, BridgeRun.newDataDir("oversize"), Map.of("bridge.inbox.max-file-bytes", String.valueOf(LIMIT)));
    }

    @AfterAll
    static void stop() {
        bridge.close();
        sim.close();
    }

    @Test
    void aFileOverTheLimitIsRefusedWithTheLimitInItsReport() throws Exception {
        bridge.drop("huge.json", "{\"pad\":\"" + "x".repeat(2 * LIMIT) + "\"}");

        JsonNode problem = report("huge.json");
        assertThat(problem.path("message").asText())
                .isEqualTo("too large: " + (2 * LIMIT + 10) + " bytes, the limit" + " is " + LIMIT
                        + " (bridge.inbox.max-file-bytes)");
    }

    @Test
    void aFileThatGrewPastTheLimitAfterItWasListedIsReadOnlyUpToTheLimit() throws Exception {
        // a sparse gigabyte: read whole, it would not fit the test JVM's heap
        Path inflight = Files.createDirectories(bridge.inbox().resolve(".grown"));
        Path file = inflight.resolve("grown.json");
        Files.writeString(file, "{}");
        try (RandomAccessFile raw = new RandomAccessFile(file.toFile(), "rw")) {
            raw.setLength(1L << 30);
        }
        var inbox = bridge.context().getRegistry().lookupByNameAndType("inbox", InboxSteps.class);
        Exchange exchange = new DefaultExchange(bridge.context());
        exchange.getMessage().setHeader(Exchange.FILE_NAME_ONLY, "grown.json");
        // what the consumer saw when it listed the file: two bytes
        exchange.getMessage().setHeader(Exchange.FILE_LENGTH, 2L);
        exchange.getMessage().setBody(file.toFile());

        inbox.record(inbox.readFile(exchange), exchange);

        var outcome = exchange.getProperty("omsInboxOutcome", InboxOutcome.class);
        assertThat(outcome.problems())
                .singleElement()
                .extracting(p -> p.message())
                .isEqualTo("too large: more than the limit of " + LIMIT + " bytes (bridge.inbox.max-file-bytes)");
    }

    @Test
    void aMessageOverTheLimitIsRefusedByItsLengthAndDeadLetteredWithoutItsBody() throws Exception {
        try (ActiveMQConnectionFactory factory = new ActiveMQConnectionFactory("vm://0");
                Connection connection = factory.createConnection()) {
            Session session = connection.createSession(false, Session.AUTO_ACKNOWLEDGE);
            BytesMessage big = session.createBytesMessage();
            big.writeBytes(new byte[4 * LIMIT]);
            big.setStringProperty("requestId", "big-message");
            session.createProducer(session.createQueue("oms.migration.requests"))
                    .send(big);
        }

        Exchange dead =
                bridge.context().createConsumerTemplate().receive("jms:queue:oms.migration.requests.DLQ", 20_000);
        assertThat(dead).isNotNull();
        assertThat(dead.getMessage().getHeader("omsBridgeRejectReason", String.class))
                .isEqualTo(
                        "too large: " + 4 * LIMIT + " bytes, the limit is " + LIMIT + " (bridge.inbox.max-file-bytes)");
        assertThat(dead.getMessage().getBody(String.class)).isEmpty();
        // the route goes on with the next message
        bridge.context()
                .createProducerTemplate()
                .sendBodyAndHeader(
                        "jms:queue:oms.migration.requests",
                        Requests.aliased(null, "after-big"),
                        "requestId",
                        "after-big");
        await().atMost(Duration.ofSeconds(20))
                .until(() -> bridge.ledger().find("after-big").isPresent());
    }

    private static JsonNode report(String name) throws Exception {
        Path report = bridge.inbox().resolve(".failed").resolve(name + ".error.json");
        await().atMost(Duration.ofSeconds(20)).until(() -> Files.exists(report));
        return BridgeRun.JSON.readTree(report.toFile()).path("problems").get(0);
    }
}
