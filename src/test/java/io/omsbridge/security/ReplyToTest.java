package io.omsbridge.security;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import ch.qos.logback.classic.Logger;
import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.core.read.ListAppender;
import io.omsbridge.BridgeRun;
import io.omsbridge.Requests;
import io.omsbridge.intake.InboxSteps;
import io.omsbridge.ledger.LedgerRecord;
import io.omsbridge.simulator.OmsSimulator;
import io.omsbridge.simulator.SimulatorSettings;
import jakarta.jms.Connection;
import jakarta.jms.Destination;
import jakarta.jms.Message;
import jakarta.jms.Session;
import jakarta.jms.TextMessage;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.apache.activemq.artemis.jms.client.ActiveMQConnectionFactory;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.slf4j.LoggerFactory;

/**
 * A request's JMSReplyTo may not aim the bridge's acknowledgements and events at its own destinations, nor, with
 * bridge.queue.reply-to-pattern, anywhere outside the pattern: a refused destination gets nothing (a WARN names it)
 * and the request itself is accepted as any other.
 */
class ReplyToTest {

    private static final ListAppender<ILoggingEvent> LOGS = new ListAppender<>();
    private static final Logger INBOX_LOG = (Logger) LoggerFactory.getLogger(InboxSteps.class);
    private static OmsSimulator sim;
    private static BridgeRun bridge;
    private static ActiveMQConnectionFactory factory;

    @BeforeAll
    static void start() {
        LOGS.start();
        INBOX_LOG.addAppender(LOGS);
        sim = OmsSimulator.start(
                SimulatorSettings.builder().waitTime(Duration.ofMinutes(5)).build());
        bridge = BridgeRun.start(
                sim, BridgeRun.newDataDir("reply-to"), Map.of("bridge.queue.reply-to-pattern", "replies.*"));
        factory = new ActiveMQConnectionFactory("vm://0");
    }

    @AfterAll
    static void stop() {
        factory.close();
        bridge.close();
        sim.close();
        INBOX_LOG.detachAppender(LOGS);
    }

    /** Sends a request with that JMSReplyTo; returns what arrives there within the wait (null if nothing). */
    private static Message request(String requestId, String replyQueue, Duration wait) throws Exception {
        try (Connection connection = factory.createConnection()) {
            connection.start();
            Session session = connection.createSession(false, Session.AUTO_ACKNOWLEDGE);
            Destination reply = session.createQueue(replyQueue);
            TextMessage message = session.createTextMessage(Requests.aliased(requestId, "reply-bucket"));
            message.setJMSReplyTo(reply);
            session.createProducer(session.createQueue("oms.migration.requests"))
                    .send(message);
            if (replyQueue.equals("oms.migration.requests")) {
                return null;
            }
            return session.createConsumer(reply).receive(wait.toMillis());
        }
    }

    private static LedgerRecord accepted(String requestId) {
        return await().atMost(Duration.ofSeconds(20))
                .until(() -> bridge.ledger().find(requestId).orElse(null), r -> r != null && r.taskId() != null);
    }

    @Test
    void aReplyToTheRequestQueueItselfGetsNothingAndTheRequestIsAccepted() throws Exception {
        request("loop-1", "oms.migration.requests", Duration.ZERO);

        LedgerRecord r = accepted("loop-1");
        assertThat(r.replyTo()).as("no reply destination kept for its events").isNull();
        assertThat(warnings())
                .anySatisfy(
                        w -> assertThat(w)
                                .contains("request loop-1")
                                .contains(
                                        "JMSReplyTo queue:oms.migration.requests is refused (it is one of the bridge's own destinations)"));
        // an acknowledgement sent into the request queue would be read as a request and dead-lettered: none is
        assertThat(bridge.context().createConsumerTemplate().receive("jms:queue:oms.migration.requests.DLQ", 2_000))
                .isNull();
    }

    @Test
    void aReplyToOutsideThePatternGetsNothingAndTheRequestIsAccepted() throws Exception {
        Message reply = request("outside-1", "elsewhere.inbox", Duration.ofSeconds(2));

        assertThat(reply).isNull();
        assertThat(accepted("outside-1").replyTo()).isNull();
        assertThat(warnings())
                .anySatisfy(w -> assertThat(w)
                        .contains("queue:elsewhere.inbox")
                        .contains("it does not match bridge.queue.reply-to-pattern (replies.*)"));
    }

    @Test
    void aReplyToInsideThePatternGetsTheAcknowledgement() throws Exception {
        Message reply = request("inside-1", "replies.team-a", Duration.ofSeconds(20));

        assertThat(reply).isNotNull();
        assertThat(((TextMessage) reply).getText())
                .contains("\"request_id\":\"inside-1\"")
                .contains("accepted");
        assertThat(accepted("inside-1").replyTo()).isEqualTo("queue:replies.team-a");
    }

    private static List<String> warnings() {
        return List.copyOf(LOGS.list).stream()
                .map(ILoggingEvent::getFormattedMessage)
                .toList();
    }
}
