package io.omsbridge.poll;

import static io.omsbridge.Requests.inline;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import io.omsbridge.BridgeRun;
import io.omsbridge.model.LedgerState;
import io.omsbridge.simulator.OmsSimulator;
import io.omsbridge.simulator.SimulatorSettings;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * An event recorded just before the bridge stops is published after the restart: once, and with the same id; the stop
 * of a bridge whose publisher does not run is graceful, not cut off at the shutdown timeout.
 */
class CrashRecoveryTest {

    private static final Duration WAIT = Duration.ofSeconds(15);
    /** The first run stops the publisher's routes, so the state change is in the ledger but not yet published. */
    private static final List<String> PUBLISH_ROUTES =
            List.of("publish-tick", "publish", "publish-endpoint", "publish-delivery");

    private OmsSimulator sim;

    @BeforeEach
    void startSimulator() {
        sim = OmsSimulator.start(SimulatorSettings.builder()
                .waitTime(Duration.ofMillis(100))
                .runTime(Duration.ofMillis(800))
                .maxCreatesPer24h(0)
                .maxWaitingTasks(0)
                .maxRunningTasks(0)
                .build());
    }

    @AfterEach
    void stopSimulator() {
        sim.close();
    }

    @Test
    void anEventRecordedBeforeTheBridgeStoppedIsPublishedOnceAfterTheRestartWithTheSameId() throws Exception {
        Path data = BridgeRun.newDataDir("crash");
        String eventId;
        BridgeRun first = BridgeRun.start(sim, data, Map.of());
        try (first) {
            // the publish duty's routes start once this bridge leads it; then they are stopped, so nothing publishes
            await().atMost(WAIT)
                    .until(() -> first.context()
                            .getRouteController()
                            .getRouteStatus("publish-tick")
                            .isStarted());
            for (String route : PUBLISH_ROUTES) {
                first.context().getRouteController().stopRoute(route);
            }
            first.drop("crash-1.json", inline("crash-1", "source-bucket"));
            await().atMost(WAIT)
                    .until(() -> first.record("crash-1") != null
                            && first.record("crash-1").state() == LedgerState.SUCCEEDED);
            List<BridgeRun.EventRow> rows = first.eventRows("crash-1");
            assertThat(rows)
                    .singleElement()
                    .satisfies(row -> assertThat(row.published()).isFalse());
            assertThat(first.outboxEvents()).isEmpty();
            eventId = rows.get(0).id();
        }
        // a bridge whose publisher does not run (here stopped; in a cluster, another bridge leads duty 'publish')
        // still stops gracefully: the poll's wake-up left waiting for the publisher does not hold the stop back
        assertThat(first.context().getShutdownStrategy().hasTimeoutOccurred())
                .as("the graceful stop ran into camel.main.shutdown-timeout")
                .isFalse();

        try (BridgeRun second = BridgeRun.start(sim, data, Map.of());
                EventTopic topic = EventTopic.events()) {

            await().atMost(WAIT).until(() -> second.eventRows("crash-1").get(0).published());
            await().atMost(WAIT).until(() -> topic.events("crash-1").size() == 1);

            assertThat(second.eventRows("crash-1"))
                    .singleElement()
                    .satisfies(row -> assertThat(row.id()).isEqualTo(eventId));
            List<JsonNode> files = second.outboxEvents("crash-1");
            assertThat(files).singleElement().satisfies(e -> {
                assertThat(e.path("id").asText()).isEqualTo(eventId);
                assertThat(e.path("type").asText()).isEqualTo("oms.task.succeeded");
            });
            assertThat(Files.exists(second.outbox().resolve(eventId + ".json"))).isTrue();
            assertThat(topic.events("crash-1").get(0).path("id").asText()).isEqualTo(eventId);
        }
    }
}
