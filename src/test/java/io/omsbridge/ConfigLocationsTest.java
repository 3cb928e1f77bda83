package io.omsbridge;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import picocli.CommandLine;

/** Which settings files a start reads: the account's credentials file always, but never in the demo. */
class ConfigLocationsTest {

    private static OmsBridge parsed(String... args) {
        OmsBridge bridge = new OmsBridge();
        new CommandLine(bridge).parseArgs(args);
        return bridge;
    }

    @Test
    void aRealStartReadsTheCredentialsFileFirstSoItWinsOverTheOthers() throws Exception {
        Path config = Files.createDirectories(BridgeRun.newDataDir("locations").resolve("config"));
        Files.writeString(config.resolve("application.properties"), "");
        Files.writeString(config.resolve("credentials.properties"), "oms.endpoint=https://oms.cn-north-4.example\n");

        assertThat(parsed("--config-dir", config.toString()).locations())
                .containsExactly(
                        "file:" + config + "/credentials.properties;optional=true",
                        "file:" + config + "/application.properties");
    }

    @Test
    void theDemoNeverReadsAnAccountsCredentialsSoItsTasksGoOnlyToItsOwnSimulator() throws Exception {
        Path config =
                Files.createDirectories(BridgeRun.newDataDir("locations-demo").resolve("config"));
        Files.writeString(config.resolve("application.properties"), "");
        Files.writeString(config.resolve("application-demo.properties"), "simulator.enabled=true\n");
        Files.writeString(config.resolve("credentials.properties"), "oms.endpoint=https://oms.cn-north-4.example\n");

        assertThat(parsed("--profile", "demo", "--config-dir", config.toString())
                        .locations())
                .containsExactly(
                        "file:" + config + "/application-demo.properties",
                        "file:" + config + "/application.properties");
    }
}
