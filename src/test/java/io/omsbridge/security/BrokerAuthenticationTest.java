package io.omsbridge.security;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.catchThrowableOfType;
import static org.awaitility.Awaitility.await;

import io.omsbridge.BridgeRun;
import io.omsbridge.Requests;
import io.omsbridge.Tasks;
import io.omsbridge.config.BridgeConfiguration;
import io.omsbridge.settings.ConfigurationException;
import io.omsbridge.simulator.OmsSimulator;
import io.omsbridge.simulator.SimulatorSettings;
import jakarta.jms.Connection;
import jakarta.jms.JMSSecurityException;
import jakarta.jms.MessageProducer;
import jakarta.jms.Session;
import java.time.Duration;
import java.util.Map;
import org.apache.activemq.artemis.jms.client.ActiveMQConnectionFactory;
import org.apache.camel.CamelContext;
import org.apache.camel.impl.DefaultCamelContext;
import org.apache.qpid.jms.JmsConnectionFactory;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * The embedded broker's network port admits only the configured account (Artemis security), over its own protocol and
 * over AMQP: a process on the host without the account cannot spend the bridge's credentials.
 */
class BrokerAuthenticationTest {

    private static OmsSimulator sim;
    private static BridgeRun bridge;
    private static int port;

    @BeforeAll
    static void start() {
        sim = OmsSimulator.start(
                SimulatorSettings.builder().waitTime(Duration.ofMinutes(5)).build());
        port = BridgeRun.freePort();
        bridge = BridgeRun.start(
                sim,
                BridgeRun.newDataDir("broker-auth"),
                Map.of(
                        "broker.port",
                        String.valueOf(port),
                        "broker.username",
                        BridgeRun.BROKER_USER,
                        "broker.password",
                        BridgeRun.BROKER_PASSWORD));
    }

    @AfterAll
    static void stop() {
        bridge.close();
        sim.close();
    }

    private static String tcp() {
        return "tcp://127.0.0.1:" + port;
    }

    @Test
    void anArtemisClientWithoutTheAccountIsRefusedAtConnect() {
        assertThatThrownBy(() -> {
                    try (ActiveMQConnectionFactory factory = new ActiveMQConnectionFactory(tcp());
                            Connection connection = factory.createConnection()) {
                        connection.start();
                    }
                })
                .isInstanceOf(JMSSecurityException.class);
    }

    @Test
    void aWrongPasswordIsRefusedToo() {
        assertThatThrownBy(() -> {
                    try (ActiveMQConnectionFactory factory = new ActiveMQConnectionFactory(tcp());
                            Connection connection = factory.createConnection(BridgeRun.BROKER_USER, "guessed")) {
                        connection.start();
                    }
                })
                .isInstanceOf(JMSSecurityException.class);
    }

    @Test
    void anAmqpClientWithoutTheAccountIsRefused() {
        assertThatThrownBy(() -> {
                    try (Connection connection =
                            new JmsConnectionFactory("amqp://127.0.0.1:" + port).createConnection()) {
                        connection.start();
                    }
                })
                .isInstanceOf(JMSSecurityException.class);
    }

    @Test
    void theAccountPublishesARequestThatBecomesATask() throws Exception {
        try (ActiveMQConnectionFactory factory = new ActiveMQConnectionFactory(tcp());
                Connection connection = factory.createConnection(BridgeRun.BROKER_USER, BridgeRun.BROKER_PASSWORD)) {
            Session session = connection.createSession(false, Session.AUTO_ACKNOWLEDGE);
            MessageProducer producer = session.createProducer(session.createQueue("oms.migration.requests"));
            producer.send(session.createTextMessage(Requests.aliased("auth-ok", "auth-bucket")));
        }

        await().atMost(Duration.ofSeconds(20)).until(() -> Tasks.perRequest(sim).containsKey("auth-ok"));
    }

    @Test
    void aBridgeThatWouldOpenThePortWithoutAnAccountRefusesToStartNamingTheKeys() {
        CamelContext context = new DefaultCamelContext();
        context.getPropertiesComponent().setLocation("classpath:io/omsbridge/config/application.properties");
        BridgeRun.defaults(sim, BridgeRun.newDataDir("broker-no-account"))
                .forEach(context.getPropertiesComponent()::addOverrideProperty);
        context.getPropertiesComponent().addOverrideProperty("broker.port", String.valueOf(BridgeRun.freePort()));

        ConfigurationException e =
                catchThrowableOfType(ConfigurationException.class, () -> new BridgeConfiguration().configure(context));

        assertThat(e.problems())
                .singleElement()
                .asString()
                .startsWith("broker.username, broker.password: required"
                        + " while the embedded broker listens on broker.port");
    }
}
