package io.omsbridge.crash;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import io.omsbridge.BridgeRun;
import io.omsbridge.Requests;
import io.omsbridge.simulator.OmsSimulator;
import io.omsbridge.simulator.SimulatorSettings;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** A bridge started with LOG_FORMAT=json in its environment writes every line of its output as a JSON object. */
class JsonLogTest {

    @Test
    void aBridgeStartedWithLogFormatJsonWritesOnlyJsonLinesBannerAndRequestsIncluded() throws Exception {
        Path data = BridgeRun.newDataDir("json-log");
        Path log = data.resolve("bridge.log");
        try (OmsSimulator sim = OmsSimulator.start(SimulatorSettings.builder().build());
                BridgeProcess bridge =
                        BridgeProcess.start(BridgeRun.defaults(sim, data), Map.of("LOG_FORMAT", "json"), log)) {
            Files.createDirectories(data.resolve("inbox"));
            Files.writeString(data.resolve("inbox").resolve("accepted.json"), Requests.aliased("json-1", "json"));
            Files.writeString(data.resolve("inbox").resolve("broken.json"), "{\"thread_num\": 10,}");
            await().atMost(Duration.ofSeconds(60))
                    .until(() -> Files.readString(log).contains("json-1 task"));
            bridge.stop();
        }

        List<JsonNode> lines = new ArrayList<>();
        for (String line : Files.readAllLines(log, StandardCharsets.UTF_8)) {
            if (!line.isBlank()) {
                lines.add(parsed(line));
            }
        }
        assertThat(lines)
                .hasSizeGreaterThan(10)
                .allSatisfy(l -> assertThat(l.path("level").asText()).isNotEmpty());
        assertThat(lines)
                .anySatisfy(l -> assertThat(l.path("formattedMessage").asText()).contains("oms-bridge ready"));
        assertThat(lines)
                .filteredOn(l -> l.path("loggerName").asText().equals("omsbridge.requests"))
                .extracting(l -> l.path("level").asText() + " "
                        + l.path("formattedMessage").asText())
                .contains("INFO request json-1 accepted from file accepted.json")
                .anySatisfy(m -> assertThat(m)
                        .startsWith("WARN request broken rejected from file broken.json:"
                                + " fields not valid JSON at line 1, column 19"));
    }

    private static JsonNode parsed(String line) {
        try {
            return BridgeRun.JSON.readTree(line);
        } catch (IOException e) {
            throw new AssertionError("not a JSON line: " + line, e);
        }
    }
}
