package io.omsbridge.crash;

import io.omsbridge.BridgeRun;
import jakarta.jms.Connection;
import jakarta.jms.DeliveryMode;
import jakarta.jms.JMSException;
import jakarta.jms.MessageProducer;
import jakarta.jms.Session;
import java.util.Map;
import org.apache.activemq.artemis.jms.client.ActiveMQConnectionFactory;

/** A plain Artemis JMS client, as another system would be: persistent request messages, one transaction per batch. */
final class QueueClient {

    static final String REQUESTS = "oms.migration.requests";

    private QueueClient() {}

    /** Sends every body with its {@code requestId} property and commits; once this returns the broker has them all. */
    static void publish(String brokerUrl, Map<String, String> bodiesByRequestId) throws JMSException {
        try (ActiveMQConnectionFactory factory = new ActiveMQConnectionFactory(brokerUrl);
                Connection connection = factory.createConnection(BridgeRun.BROKER_USER, BridgeRun.BROKER_PASSWORD)) {
            Session session = connection.createSession(true, Session.SESSION_TRANSACTED);
            MessageProducer producer = session.createProducer(session.createQueue(REQUESTS));
            producer.setDeliveryMode(DeliveryMode.PERSISTENT);
            for (Map.Entry<String, String> request : bodiesByRequestId.entrySet()) {
                var message = session.createTextMessage(request.getValue());
                message.setStringProperty("requestId", request.getKey());
                producer.send(message);
            }
            session.commit();
        }
    }
}
