package io.omsbridge.pipeline;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.omsbridge.BridgeRun;
import io.omsbridge.Requests;
import io.omsbridge.Tasks;
import io.omsbridge.config.EmbeddedBroker;
import io.omsbridge.model.LedgerState;
import io.omsbridge.simulator.OmsSimulator;
import io.omsbridge.simulator.SimulatorSettings;
import jakarta.jms.Connection;
import jakarta.jms.Message;
import jakarta.jms.MessageConsumer;
import jakarta.jms.MessageProducer;
import jakarta.jms.Session;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
import org.apache.qpid.jms.JmsConnectionFactory;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** broker.url=amqp://... : the bridge takes requests from any AMQP 1.0 broker, and dead-letters there too. */
class AmqpBrokerTest {

    private OmsSimulator sim;
    private EmbeddedBroker broker;
    private BridgeRun bridge;
    private String amqpUrl;

    @BeforeEach
    void start() throws Exception {
        sim = OmsSimulator.start(
                SimulatorSettings.builder().waitTime(Duration.ofMinutes(5)).build());
        Path data = BridgeRun.newDataDir("amqp");
        int port = BridgeRun.freePort();
        // an AMQP 1.0 broker the bridge knows nothing about but its URL: here Artemis, reached over AMQP only
        broker = new EmbeddedBroker(
                data.resolve("amqp-broker"), "127.0.0.1", port, 10, BridgeRun.BROKER_USER, BridgeRun.BROKER_PASSWORD);
        broker.start();
        amqpUrl = "amqp://127.0.0.1:" + port;
        bridge = BridgeRun.start(
                sim,
                data,
                Map.of(
                        "broker.url",
                        amqpUrl,
                        "broker.username",
                        BridgeRun.BROKER_USER,
                        "broker.password",
                        BridgeRun.BROKER_PASSWORD));
    }

    @AfterEach
    void stop() {
        bridge.close();
        broker.stop();
        sim.close();
    }

    @Test
    void aRequestPublishedOverAmqpBecomesOneTaskAndABadOneIsDeadLetteredWithItsReason() throws Exception {
        String bad = Requests.aliased(null, "bad-bucket").replace("\"thread_num\":10", "\"thread_num\":500");
        try (Connection connection =
                new JmsConnectionFactory(amqpUrl).createConnection(BridgeRun.BROKER_USER, BridgeRun.BROKER_PASSWORD)) {
            connection.start();
            Session session = connection.createSession(true, Session.SESSION_TRANSACTED);
            MessageProducer producer = session.createProducer(session.createQueue(EmbeddedBroker.REQUESTS));
            Message good = session.createTextMessage(Requests.aliased(null, "amqp-bucket"));
            good.setStringProperty("requestId", "amqp-1");
            producer.send(good);
            Message wrong = session.createTextMessage(bad);
            wrong.setStringProperty("requestId", "amqp-bad");
            producer.send(wrong);
            session.commit();

            await().atMost(Duration.ofSeconds(20))
                    .until(() -> bridge.ledger()
                            .find("amqp-1")
                            .map(r -> r.state() == LedgerState.SUBMITTED)
                            .orElse(false));
            assertThat(Tasks.perRequest(sim)).containsEntry("amqp-1", 1L).doesNotContainKey("amqp-bad");

            MessageConsumer dead = session.createConsumer(session.createQueue(EmbeddedBroker.REQUESTS_DLQ));
            Message refused = dead.receive(10_000);
            session.commit();
            assertThat(refused).isNotNull();
            assertThat(refused.getBody(String.class)).isEqualTo(bad);
            assertThat(refused.getStringProperty("omsBridgeRejectReason")).startsWith("thread_num:");
        }
        assertThat(bridge.ledger().find("amqp-bad").orElseThrow().state()).isEqualTo(LedgerState.REJECTED);
    }
}
