package io.omsbridge.poll;

import static io.omsbridge.Requests.inline;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import io.omsbridge.BridgeRun;
import io.omsbridge.simulator.OmsSimulator;
import io.omsbridge.simulator.SimulatorSettings;
import java.time.Duration;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/** With bridge.events.progress-step set, a running task reports each step it crosses once, then its terminal event. */
class ProgressEventsTest {

    private OmsSimulator sim;
    private BridgeRun bridge;

    @AfterEach
    void stop() {
        if (bridge != null) {
            bridge.close();
        }
        sim.close();
    }

    @Test
    void aTaskCrossingQuarterStepsYieldsOneProgressEventPerStepThenItsSucceededEvent() throws Exception {
        // a task that runs 8 s, polled every second: it crosses 25, 50 and 75 % while the poll watches
        sim = OmsSimulator.start(SimulatorSettings.builder()
                .waitTime(Duration.ofMillis(100))
                .runTime(Duration.ofSeconds(8))
                .maxCreatesPer24h(0)
                .maxWaitingTasks(0)
                .maxRunningTasks(0)
                .build());
        bridge = BridgeRun.start(
                sim,
                BridgeRun.newDataDir("progress"),
                Map.of(
                        "bridge.events.progress-step",
                        "0.25",
                        "bridge.poll.min-interval",
                        "PT0.5S",
                        "bridge.poll.max-interval",
                        "PT1S"));

        bridge.drop("slow-1.json", inline("slow-1", "slow-bucket"));

        List<JsonNode> events = await().atMost(Duration.ofSeconds(30))
                .until(
                        () -> bridge.outboxEvents("slow-1"),
                        all -> all.stream()
                                .anyMatch(e -> e.path("type").asText().equals("oms.task.succeeded")));
        List<JsonNode> progress = events.stream()
                .filter(e -> e.path("type").asText().equals("oms.task.progress"))
                .sorted(Comparator.comparingDouble(
                        e -> e.path("data").path("progress").asDouble()))
                .toList();
        assertThat(progress)
                .as("one event per step crossed, at most the three below 100 %")
                .isNotEmpty()
                .hasSizeLessThanOrEqualTo(3);
        assertThat(progress).extracting(e -> e.path("id").asText()).doesNotHaveDuplicates();
        assertThat(progress).allSatisfy(e -> {
            assertThat(e.path("data").path("state").asText()).isIn("SUBMITTED", "RUNNING");
            assertThat(e.path("data").path("progress").asDouble()).isBetween(0.25, 1.0);
        });
        // every step reported is a different quarter
        assertThat(progress)
                .extracting(e -> (int) (e.path("data").path("progress").asDouble() / 0.25))
                .doesNotHaveDuplicates();
        assertThat(events)
                .filteredOn(e -> e.path("type").asText().startsWith("oms.task.succeeded"))
                .hasSize(1);
    }

    @Test
    void withoutAProgressStepNoProgressEventIsWritten() throws Exception {
        sim = OmsSimulator.start(SimulatorSettings.builder()
                .waitTime(Duration.ofMillis(100))
                .runTime(Duration.ofSeconds(3))
                .maxCreatesPer24h(0)
                .maxWaitingTasks(0)
                .maxRunningTasks(0)
                .build());
        bridge = BridgeRun.start(
                sim,
                BridgeRun.newDataDir("no-progress"),
                Map.of("bridge.poll.min-interval", "PT0.5S", "bridge.poll.max-interval", "PT1S"));

        bridge.drop("quiet-1.json", inline("quiet-1", "quiet-bucket"));

        List<JsonNode> events = await().atMost(Duration.ofSeconds(30))
                .until(
                        () -> bridge.outboxEvents("quiet-1"),
                        all -> all.stream()
                                .anyMatch(e -> e.path("type").asText().equals("oms.task.succeeded")));
        assertThat(events).extracting(e -> e.path("type").asText()).containsExactly("oms.task.succeeded");
    }
}
