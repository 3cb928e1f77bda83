package io.omsbridge.demo;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import io.omsbridge.BridgeRun;
import io.omsbridge.config.BridgeConfiguration;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.time.Duration;
import java.util.List;
import java.util.Properties;
import java.util.concurrent.TimeUnit;
import org.apache.camel.builder.NotifyBuilder;
import org.apache.camel.main.MainConfigurationProperties;
import org.apache.camel.test.junit5.CamelContextConfiguration;
import org.apache.camel.test.main.junit5.CamelMainTestSupport;
import org.junit.jupiter.api.Test;

/** The demo profile runs the whole loop: the example files dropped into the inbox end as events in the outbox. */
class DemoProfileTest extends CamelMainTestSupport {

    private static final Path DATA = BridgeRun.newDataDir("demo-profile");

    @Override
    protected String getPropertyPlaceholderLocations() {
        // as `--profile demo` loads them: the profile's file wins over the base file
        return "file:config/application-demo.properties,file:config/application.properties";
    }

    @Override
    protected void configure(MainConfigurationProperties configuration) {
        configuration.addConfiguration(BridgeConfiguration.class);
        configuration.withRoutesIncludePattern("file:routes/*.camel.yaml,file:routes/http/*.yaml");
    }

    @Override
    public void configureContext(CamelContextConfiguration configuration) {
        super.configureContext(configuration);
        Properties overrides = new Properties();
        overrides.put("bridge.data-dir", DATA.toString());
        overrides.put("broker.port", "0");
        overrides.put("camel.server.port", String.valueOf(BridgeRun.freePort()));
        overrides.put("camel.management.port", String.valueOf(BridgeRun.freePort()));
        configuration.withUseOverridePropertiesWithPropertiesComponent(overrides);
    }

    @Test
    void theExampleFilesDroppedIntoTheInboxEndAsCompletionEventsInTheOutbox() throws Exception {
        NotifyBuilder inboxDone = new NotifyBuilder(context)
                .fromRoute("inbox-file")
                .whenCompleted(2)
                .create();
        for (String example : List.of("seed-request.json", "two-requests.jsonl")) {
            Path tmp = DATA.resolve("inbox").resolve(example + ".tmp");
            Files.copy(Path.of("examples", example), tmp);
            Files.move(tmp, DATA.resolve("inbox").resolve(example), StandardCopyOption.ATOMIC_MOVE);
        }
        assertThat(inboxDone.matches(20, TimeUnit.SECONDS))
                .as("both example files read")
                .isTrue();

        List<JsonNode> events = await().atMost(Duration.ofSeconds(30)).until(this::outboxEvents, e -> e.size() == 3);
        assertThat(events)
                .extracting(
                        e -> e.path("subject").asText() + " " + e.path("type").asText())
                .containsExactlyInAnyOrder(
                        "seed-request oms.task.succeeded",
                        "photos-2026-11 oms.task.succeeded",
                        "logs-2026-11 oms.task.failed");
        assertThat(events)
                .allSatisfy(e ->
                        assertThat(e.path("data").path("total_num").asLong()).isPositive());
    }

    private List<JsonNode> outboxEvents() throws Exception {
        try (var files = Files.list(DATA.resolve("outbox"))) {
            return files.filter(f -> f.getFileName().toString().endsWith(".json")
                            && !f.getFileName().toString().startsWith("."))
                    .map(f -> {
                        try {
                            return BridgeRun.JSON.readTree(f.toFile());
                        } catch (IOException e) {
                            throw new UncheckedIOException(e);
                        }
                    })
                    .toList();
        }
    }
}
