package io.omsbridge.config;

import io.omsbridge.settings.InUseException;
import java.nio.file.Path;
import java.util.Set;
import org.apache.activemq.artemis.api.core.QueueConfiguration;
import org.apache.activemq.artemis.api.core.RoutingType;
import org.apache.activemq.artemis.api.core.SimpleString;
import org.apache.activemq.artemis.core.config.impl.ConfigurationImpl;
import org.apache.activemq.artemis.core.config.impl.SecurityConfiguration;
import org.apache.activemq.artemis.core.security.Role;
import org.apache.activemq.artemis.core.server.embedded.EmbeddedActiveMQ;
import org.apache.activemq.artemis.core.settings.impl.AddressSettings;
import org.apache.activemq.artemis.spi.core.security.ActiveMQJAASSecurityManager;
import org.apache.activemq.artemis.spi.core.security.jaas.InVMLoginModule;
import org.apache.camel.support.service.ServiceSupport;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The embedded ActiveMQ Artemis broker ({@code broker.url=vm://0}): in-VM for the bridge, plus a TCP acceptor on
 * {@code broker.port} for other systems, with a persistent journal under the data directory. With an account
 * ({@code broker.username} / {@code broker.password}) Artemis' own security admits only that account, in-VM and on the
 * port alike; the bridge refuses to open the port without one. Requests that keep failing go to the dead-letter queue
 * after a bounded, growing redelivery delay.
 */
public final class EmbeddedBroker extends ServiceSupport {

    public static final String REQUESTS = "oms.migration.requests";
    public static final String REQUESTS_DLQ = "oms.migration.requests.DLQ";

    private static final Logger LOG = LoggerFactory.getLogger(EmbeddedBroker.class);
    private static final String ROLE = "oms-bridge";

    private final Path directory;
    private final String host;
    private final int tcpPort;
    private final int maxDeliveryAttempts;
    private final String username;
    private final String password;
    private EmbeddedActiveMQ server;

    /**
     * {@code host}: the address the TCP port binds to (0.0.0.0 for every interface); {@code username} and
     * {@code password}: the one account the broker admits, or both null for an in-VM-only broker without security.
     */
    public EmbeddedBroker(
            Path directory, String host, int tcpPort, int maxDeliveryAttempts, String username, String password) {
        if (tcpPort > 0 && (username == null || password == null)) {
            throw new IllegalArgumentException("a broker that listens on a network port needs an account");
        }
        this.directory = directory;
        this.host = host;
        this.tcpPort = tcpPort;
        this.maxDeliveryAttempts = maxDeliveryAttempts;
        this.username = username;
        this.password = password;
    }

    @Override
    protected void doStart() throws Exception {
        ConfigurationImpl config = new ConfigurationImpl();
        config.setName("oms-bridge");
        config.setPersistenceEnabled(true);
        config.setSecurityEnabled(username != null);
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
        config.addAddressSetting(
                REQUESTS,
                new AddressSettings()
                        .setDeadLetterAddress(SimpleString.of(REQUESTS_DLQ))
                        .setMaxDeliveryAttempts(maxDeliveryAttempts)
                        .setRedeliveryDelay(1000)
                        .setRedeliveryMultiplier(2)
                        .setMaxRedeliveryDelay(60_000));
        config.addQueueConfiguration(QueueConfiguration.of(REQUESTS).setRoutingType(RoutingType.ANYCAST));
        config.addQueueConfiguration(QueueConfiguration.of(REQUESTS_DLQ).setRoutingType(RoutingType.ANYCAST));
        server = new EmbeddedActiveMQ();
        server.setConfiguration(config);
        if (username != null) {
            // one account with every right, and no guest: a client without it is refused at connect
            SecurityConfiguration accounts = new SecurityConfiguration();
            accounts.addUser(username, password);
            accounts.addRole(username, ROLE);
            config.putSecurityRoles(
                    "#",
                    Set.of(new Role(ROLE, true, true, true, true, true, true, true, true, true, true, true, true)));
            server.setSecurityManager(new ActiveMQJAASSecurityManager(InVMLoginModule.class.getName(), accounts));
        }
        server.start();
        if (!server.getActiveMQServer().isActive()) {
            // Artemis logs why it failed and returns: say it in one line (a port taken since the start checked it)
            doStop();
            throw InUseException.taken(host, tcpPort)
                    ? InUseException.port("broker.port", host, tcpPort)
                    : new IllegalStateException("the embedded broker did not start; the log above says why");
        }
        LOG.info(
                "embedded Artemis broker started (vm://0{}{}), journal in {}",
                tcpPort > 0 ? ", tcp://" + host + ":" + tcpPort + " for Artemis and AMQP 1.0 clients" : "",
                username != null ? ", account " + username + " required" : "",
                directory.toAbsolutePath());
    }

    /** True while the broker runs and serves. */
    public boolean isUp() {
        EmbeddedActiveMQ running = server;
        return running != null
                && running.getActiveMQServer() != null
                && running.getActiveMQServer().isActive();
    }

    @Override
    protected void doStop() throws Exception {
        if (server != null) {
            server.stop();
            server = null;
        }
    }
}
