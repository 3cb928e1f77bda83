package io.omsbridge.config;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.omsbridge.BridgeRun;
import io.omsbridge.settings.InUseException;
import java.io.IOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** A port another program holds stops the start in one line naming its setting, before or after the check. */
class PortInUseTest {

    @ParameterizedTest
    @ValueSource(strings = {"camel.server.port", "camel.management.port", "broker.port", "simulator.port"})
    void aTakenPortStopsTheStartWithOneLineNamingItsSettingAndNothingRunsOn(String key) throws IOException {
        Path data = BridgeRun.newDataDir("port-" + key);
        try (ServerSocket taken = new ServerSocket(BridgeRun.freePort(), 1, InetAddress.getLoopbackAddress())) {
            int port = taken.getLocalPort();
            Map<String, String> settings = BridgeRun.defaults("http://127.0.0.1:1", data);
            settings.put(key, String.valueOf(port));
            settings.put("broker.username", BridgeRun.BROKER_USER);
            settings.put("broker.password", BridgeRun.BROKER_PASSWORD);
            settings.put("simulator.enabled", String.valueOf(key.equals("simulator.port")));

            BridgeCommand.Ended run = BridgeCommand.run(settings, data.resolve("console"), Duration.ofSeconds(60));

            assertThat(run.status()).isNotZero();
            List<String> about = run.console().stream()
                    .filter(line -> line.contains(String.valueOf(port)))
                    .toList();
            assertThat(about)
                    .containsExactly(key + " " + port + " is already in use on 127.0.0.1 by another"
                            + " program; stop it or choose another " + key);
            assertThat(run.console()).noneMatch(line -> line.contains("Exception") || line.startsWith("\tat "));
        }
    }

    @Test
    void aBrokerPortTakenAfterTheCheckStillStopsTheBrokerNamingBrokerPort() throws IOException {
        try (ServerSocket taken = new ServerSocket(BridgeRun.freePort(), 1, InetAddress.getLoopbackAddress())) {
            EmbeddedBroker broker = new EmbeddedBroker(
                    BridgeRun.newDataDir("broker-race").resolve("broker"),
                    "127.0.0.1",
                    taken.getLocalPort(),
                    10,
                    BridgeRun.BROKER_USER,
                    BridgeRun.BROKER_PASSWORD);

            assertThatThrownBy(broker::start)
                    .isInstanceOf(InUseException.class)
                    .hasMessage("broker.port " + taken.getLocalPort() + " is already in use on 127.0.0.1 by another"
                            + " program; stop it or choose another broker.port");
            assertThat(broker.isUp())
                    .as("stopped, not left running without its port")
                    .isFalse();
        }
    }
}
