package io.omsbridge.broker;

import java.nio.file.Path;

import org.apache.activemq.artemis.api.core.QueueConfiguration;
import org.apache.activemq.artemis.api.core.RoutingType;
import org.apache.activemq.artemis.api.core.SimpleString;
import org.apache.activemq.artemis.core.config.impl.ConfigurationImpl;
import org.apache.activemq.artemis.core.server.embedded.EmbeddedActiveMQ;
import org.apache.activemq.artemis.core.settings.impl.AddressSettings;
import org.apache.camel.support.service.ServiceSupport;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The embedded ActiveMQ Artemis broker ({@code broker.url=vm://0}): in-VM for the bridge, plus a TCP acceptor on
 * {@code broker.port} for other systems, with a persistent journal under the data directory. Requests that keep
 * failing go to the dead-letter queue after a bounded, growing redelivery delay.
 */
public final class EmbeddedBroker extends ServiceSupport {

    public static final String REQUESTS = "oms.migration.requests";
    public static final String REQUESTS_DLQ = "oms.migration.requests.DLQ";

    private static final Logger LOG = LoggerFactory.getLogger(EmbeddedBroker.class);

    private final Path directory;
    private final String host;
    private final int tcpPort;
    private final int maxDeliveryAttempts;
    private EmbeddedActiveMQ server;

    /** The broker on loopback: only processes on this machine can reach its TCP port. */
    public EmbeddedBroker(Path directory, int tcpPort, int maxDeliveryAttempts) {
        this(directory, "127.0.0.1", tcpPort, maxDeliveryAttempts);
    }

    /**
     * {@code host}: the address the TCP port binds to (0.0.0.0 for every interface). The embedded broker has no
     * authentication, so anything that reaches the port can publish requests.
     */
    public EmbeddedBroker(Path directory, String host, int tcpPort, int maxDeliveryAttempts) {
        this.directory = directory;
        this.host = host;
        this.tcpPort = tcpPort;
        this.maxDeliveryAttempts = maxDeliveryAttempts;
    }

    @Override
    protected void doStart() throws Exception {
        ConfigurationImpl config = new ConfigurationImpl();
        config.setName("oms-bridge");
        config.setPersistenceEnabled(true);
        config.setSecurityEnabled(false);
        config.setJMXManagementEnabled(false);
        config.setJournalDirectory(directory.resolve("journal").toString());
        config.setBindingsDirectory(directory.resolve("bindings").toString());
        config.setPagingDirectory(directory.resolve("paging").toString());
        config.setLargeMessagesDirectory(directory.resolve("large-messages").toString());
        config.addAcceptorConfiguration("in-vm", "vm://0");
        if (tcpPort > 0) {
            // Artemis' own protocol and AMQP 1.0 on one port, so any AMQP client can publish requests too
            config.addAcceptorConfiguration("tcp", "tcp://" + host + ":" + tcpPort + "?protocols=CORE,AMQP");
        }
        config.addAddressSetting(REQUESTS, new AddressSettings()
                .setDeadLetterAddress(SimpleString.of(REQUESTS_DLQ))
                .setMaxDeliveryAttempts(maxDeliveryAttempts)
                .setRedeliveryDelay(1000)
                .setRedeliveryMultiplier(2)
                .setMaxRedeliveryDelay(60_000));
        config.addQueueConfiguration(QueueConfiguration.of(REQUESTS).setRoutingType(RoutingType.ANYCAST));
        config.addQueueConfiguration(QueueConfiguration.of(REQUESTS_DLQ).setRoutingType(RoutingType.ANYCAST));
        server = new EmbeddedActiveMQ();
        server.setConfiguration(config);
        server.start();
        LOG.info("embedded Artemis broker started (vm://0{}), journal in {}", tcpPort > 0 ? ", tcp://" + host + ":"
                + tcpPort + " for Artemis and AMQP 1.0 clients" : "", directory.toAbsolutePath());
    }

    @Override
    protected void doStop() throws Exception {
        if (server != null) {
            server.stop();
            server = null;
        }
    }
}
