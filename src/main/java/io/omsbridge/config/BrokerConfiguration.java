package io.omsbridge.config;

import io.omsbridge.settings.BridgeSettings;
import jakarta.jms.ConnectionFactory;
import org.apache.activemq.artemis.jms.client.ActiveMQConnectionFactory;
import org.apache.camel.BeanInject;
import org.apache.camel.BindToRegistry;
import org.apache.camel.CamelConfiguration;
import org.apache.camel.CamelContext;
import org.apache.camel.component.jms.JmsComponent;
import org.apache.qpid.jms.JmsConnectionFactory;
import org.springframework.jms.connection.CachingConnectionFactory;

/**
 * The queue the requests come in on and the events may go out on: the embedded Artemis broker (with
 * {@code bridge.embedded-broker}), or a remote one, reached through the {@code jms} component's cached connections.
 */
public class BrokerConfiguration implements CamelConfiguration {

    /** The registry name of the embedded broker; absent with a remote one. */
    public static final String EMBEDDED_BROKER = "embeddedBroker";

    @BindToRegistry(EMBEDDED_BROKER)
    public EmbeddedBroker embeddedBroker(@BeanInject(AllSettings.BEAN) AllSettings all) {
        BridgeSettings settings = all.bridge();
        if (!settings.embeddedBroker()) {
            return null;
        }
        return new EmbeddedBroker(
                settings.dataDir().resolve("broker"),
                settings.brokerHost(),
                settings.brokerPort(),
                all.maxDeliveryAttempts(),
                settings.brokerUsername(),
                settings.brokerPassword());
    }

    /** The connections are cached (not the consumers, which hold their own); the raw factory stays reachable. */
    @BindToRegistry
    public JmsComponent jms(@BeanInject(AllSettings.BEAN) AllSettings all) {
        CachingConnectionFactory connections = new CachingConnectionFactory(connectionFactory(all.bridge()));
        connections.setSessionCacheSize(32);
        connections.setCacheConsumers(false);
        JmsComponent jms = JmsComponent.jmsComponent(connections);
        jms.setIncludeAllJMSXProperties(false);
        return jms;
    }

    @Override
    public void configure(CamelContext context) throws Exception {
        EmbeddedBroker broker = context.getRegistry().lookupByNameAndType(EMBEDDED_BROKER, EmbeddedBroker.class);
        if (broker != null) {
            context.addService(broker, true, true);
        }
        CachingConnectionFactory connections = cached(context);
        // added after the broker, so stopped before it: no "server shutdown" errors from cached connections
        context.addService(ContextServices.closing("JMS connections", connections::destroy), true, true);
    }

    /** The broker's own connection factory, under the cache (the remote broker's health check connects with it). */
    static ConnectionFactory brokerConnections(CamelContext context) {
        return cached(context).getTargetConnectionFactory();
    }

    private static CachingConnectionFactory cached(CamelContext context) {
        return (CachingConnectionFactory) context.getRegistry()
                .lookupByNameAndType("jms", JmsComponent.class)
                .getConfiguration()
                .getConnectionFactory();
    }

    /** Artemis' client for vm:// and tcp:// URLs; Qpid JMS for amqp:// and amqps://, which most brokers speak. */
    private static ConnectionFactory connectionFactory(BridgeSettings settings) {
        if (settings.amqpBroker()) {
            JmsConnectionFactory amqp = new JmsConnectionFactory(settings.brokerUrl());
            amqp.setUsername(settings.brokerUsername());
            amqp.setPassword(settings.brokerPassword());
            return amqp;
        }
        ActiveMQConnectionFactory artemis = new ActiveMQConnectionFactory(settings.brokerUrl());
        if (settings.brokerUsername() != null) {
            artemis.setUser(settings.brokerUsername());
            artemis.setPassword(settings.brokerPassword());
        }
        return artemis;
    }
}
