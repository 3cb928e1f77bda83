package io.omsbridge.crash;

import static io.omsbridge.regions.TwoRegions.EAST;
import static io.omsbridge.regions.TwoRegions.EAST_PROJECT;
import static io.omsbridge.regions.TwoRegions.NORTH;
import static io.omsbridge.regions.TwoRegions.NORTH_PROJECT;
import static io.omsbridge.regions.TwoRegions.region;
import static io.omsbridge.regions.TwoRegions.tasksOf;
import static io.omsbridge.regions.TwoRegions.to;
import static io.omsbridge.regions.TwoRegions.twoRegions;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import io.omsbridge.BridgeRun;
import io.omsbridge.simulator.OmsSimulator;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** A bridge killed between a create in one region and its record finds that task in that region's OMS, not anew. */
class RegionKillTest {

    private static final int PER_REGION = 3;

    private OmsSimulator north;
    private OmsSimulator east;

    @BeforeEach
    void startTwoRegions() {
        // the north answers a create a byte at a time over 5 s: the task exists while the answer is still coming
        north = OmsSimulator.start(region(NORTH, NORTH_PROJECT)
                .trickleCreates(Duration.ofSeconds(5))
                .build());
        east = OmsSimulator.start(region(EAST, EAST_PROJECT).build());
    }

    @AfterEach
    void stopThem() {
        north.close();
        east.close();
    }

    @Test
    void aKillBetweenCreateAndRecordInOneRegionLeavesOneTaskPerRequestInItsOwnRegionAndOneEventEach() throws Exception {
        Path data = BridgeRun.newDataDir("region-kill");
        Files.createDirectories(data);
        Path log = data.resolve("bridge.log");
        Map<String, String> settings = twoRegions(north, east, data);
        for (int i = 0; i < PER_REGION; i++) {
            Batch.drop(data.resolve("inbox"), "n" + i + ".json", to(NORTH, "north-" + i, "bucket-n" + i));
            Batch.drop(data.resolve("inbox"), "e" + i + ".json", to(EAST, "east-" + i, "bucket-e" + i));
        }

        try (BridgeProcess bridge = BridgeProcess.start(settings, log)) {
            await().atMost(Duration.ofSeconds(60))
                    .pollInterval(Duration.ofMillis(20))
                    .until(() -> north.stats().creates() >= 1);
            bridge.killAfter(Duration.ZERO);
        }
        assertThat(north.stats().creates())
                .as("the kill came while the north's creates were unanswered")
                .isPositive();

        try (BridgeProcess bridge = BridgeProcess.start(settings, log)) {
            await().atMost(Duration.ofMinutes(2))
                    .pollInterval(Duration.ofMillis(100))
                    .until(() -> terminalEvents(data).size() == 2 * PER_REGION);
            bridge.stop();
        }
        for (int i = 0; i < PER_REGION; i++) {
            assertThat(tasksOf(north, "north-" + i))
                    .as("north-" + i)
                    .singleElement()
                    .satisfies(t -> assertThat(t.projectId()).isEqualTo(NORTH_PROJECT));
            assertThat(tasksOf(east, "east-" + i))
                    .as("east-" + i)
                    .singleElement()
                    .satisfies(t -> assertThat(t.projectId()).isEqualTo(EAST_PROJECT));
        }
        assertThat(north.tasks().all()).hasSize(PER_REGION);
        assertThat(east.tasks().all()).hasSize(PER_REGION);
        List<JsonNode> ends = terminalEvents(data);
        assertThat(ends.stream().map(e -> e.path("subject").asText()).distinct())
                .hasSize(2 * PER_REGION);
        assertThat(ends)
                .allSatisfy(e -> assertThat(e.path("data")
                                .path("destination")
                                .path("region")
                                .asText())
                        .isEqualTo(e.path("subject").asText().startsWith("north") ? NORTH : EAST));
    }

    private static List<JsonNode> terminalEvents(Path data) throws IOException {
        List<JsonNode> events = new ArrayList<>();
        Path outbox = data.resolve("outbox");
        if (!Files.isDirectory(outbox)) {
            return events;
        }
        try (Stream<Path> files = Files.list(outbox)) {
            for (Path f : (Iterable<Path>) files::iterator) {
                String name = f.getFileName().toString();
                if (name.endsWith(".json") && !name.startsWith(".")) {
                    JsonNode event = BridgeRun.JSON.readTree(f.toFile());
                    String type = event.path("type").asText();
                    if (type.equals("oms.task.succeeded") || type.equals("oms.task.failed")) {
                        events.add(event);
                    }
                }
            }
        }
        return events;
    }
}
