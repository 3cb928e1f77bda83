package io.omsbridge.poll;

import com.fasterxml.jackson.databind.JsonNode;
import io.omsbridge.BridgeRun;
import jakarta.jms.Connection;
import jakarta.jms.JMSException;
import jakarta.jms.MessageConsumer;
import jakarta.jms.Session;
import jakarta.jms.TextMessage;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import org.apache.activemq.artemis.jms.client.ActiveMQConnectionFactory;

/** A plain JMS subscriber on a destination of the bridge's embedded broker, keeping every text it receives. */
final class EventTopic implements AutoCloseable {

    private final Connection connection;
    private final List<String> texts = new CopyOnWriteArrayList<>();

    private EventTopic(String destination, boolean topic) throws JMSException {
        connection = new ActiveMQConnectionFactory("vm://0").createConnection();
        Session session = connection.createSession(false, Session.AUTO_ACKNOWLEDGE);
        MessageConsumer consumer =
                session.createConsumer(topic ? session.createTopic(destination) : session.createQueue(destination));
        consumer.setMessageListener(m -> {
            try {
                texts.add(((TextMessage) m).getText());
            } catch (JMSException | ClassCastException e) {
                texts.add("NOT TEXT: " + m);
            }
        });
        connection.start();
    }

    /** Subscribes to the events topic {@code oms.migration.events}. */
    static EventTopic events() throws JMSException {
        return new EventTopic("oms.migration.events", true);
    }

    static EventTopic queue(String name) throws JMSException {
        return new EventTopic(name, false);
    }

    List<String> texts() {
        return texts;
    }

    /** Received events about one request. */
    List<JsonNode> events(String requestId) {
        return texts.stream()
                .map(EventTopic::parse)
                .filter(e -> requestId.equals(e.path("subject").asText()))
                .toList();
    }

    private static JsonNode parse(String text) {
        try {
            return BridgeRun.JSON.readTree(text);
        } catch (Exception e) {
            return BridgeRun.JSON.createObjectNode();
        }
    }

    @Override
    public void close() throws JMSException {
        connection.close();
    }
}
