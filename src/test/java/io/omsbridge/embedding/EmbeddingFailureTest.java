package io.omsbridge.embedding;

import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

import io.omsbridge.BridgeRun;
import io.omsbridge.config.BridgeConfiguration;
import java.io.IOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.nio.file.Path;
import java.time.Duration;
import org.apache.camel.CamelContext;
import org.apache.camel.impl.DefaultCamelContext;
import org.apache.camel.spi.PropertiesComponent;
import org.junit.jupiter.api.Test;

/**
 * An embedding runtime whose bridge cannot start (here: the ledger's secret key is wrong) gets the error, and keeps
 * nothing the bridge had begun: the embedded broker, started while the ledger opened, is stopped and its port free
 * for a corrected start in the same JVM.
 */
class EmbeddingFailureTest {

    @Test
    void aBridgeThatFailsToConfigureLeavesNoEmbeddedBrokerBehind() throws Exception {
        int brokerPort = BridgeRun.freePort();
        CamelContext context = new DefaultCamelContext();
        PropertiesComponent properties = context.getPropertiesComponent();
        properties.setLocation("classpath:io/omsbridge/config/application.properties");
        Path data = BridgeRun.newDataDir("bad-key");
        BridgeRun.defaults("http://127.0.0.1:1", data).forEach(properties::addOverrideProperty);
        properties.addOverrideProperty("broker.port", String.valueOf(brokerPort));
        properties.addOverrideProperty("broker.username", BridgeRun.BROKER_USER);
        properties.addOverrideProperty("broker.password", BridgeRun.BROKER_PASSWORD);
        properties.addOverrideProperty("bridge.secret-key", "c2hvcnQ=");

        assertThatThrownBy(() -> new BridgeConfiguration().configure(context))
                .hasMessageContaining("bridge.secret-key: must be 32 bytes");

        // stopped before the error reached the caller, and it stays stopped
        await().during(Duration.ofSeconds(2)).atMost(Duration.ofSeconds(5)).until(() -> canBind(brokerPort));
    }

    private static boolean canBind(int port) {
        try (ServerSocket socket = new ServerSocket(port, 1, InetAddress.getLoopbackAddress())) {
            return true;
        } catch (IOException inUse) {
            return false;
        }
    }
}
