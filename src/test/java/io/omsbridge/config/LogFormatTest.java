package io.omsbridge.config;

import static org.assertj.core.api.Assertions.assertThat;

import io.omsbridge.BridgeRun;
import io.omsbridge.OmsBridge;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** LOG_FORMAT takes text or json in any case; any other value stops the start in one line instead of a silent log. */
class LogFormatTest {

    @Test
    void textAndJsonAreTakenInAnyCaseAndTextIsTheDefault() {
        assertThat(OmsBridge.logFormat(null)).isEqualTo("text");
        assertThat(OmsBridge.logFormat(" ")).isEqualTo("text");
        assertThat(OmsBridge.logFormat("JSON")).isEqualTo("json");
        assertThat(OmsBridge.logFormat("Text ")).isEqualTo("text");
        assertThat(OmsBridge.logFormat("yaml")).isNull();
    }

    @Test
    void anUnknownLogFormatStopsTheStartInOneLineNamingIt() {
        Path dir = BridgeRun.newDataDir("log-format");
        BridgeCommand.Ended ended = BridgeCommand.run(
                Map.of("LOG_FORMAT", "yaml", "bridge.data-dir", dir.toString()),
                dir.resolve("logs"),
                Duration.ofSeconds(60));

        assertThat(ended.status()).isEqualTo(2);
        assertThat(ended.console()).containsExactly("LOG_FORMAT=yaml: must be text or json");
    }
}
