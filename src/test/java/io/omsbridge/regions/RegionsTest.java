package io.omsbridge.regions;

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
import io.omsbridge.Http;
import io.omsbridge.simulator.OmsSimulator;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** One bridge makes each task at its destination region's OMS, under that region's project, and follows it there. */
class RegionsTest {

    private OmsSimulator north;
    private OmsSimulator east;

    @BeforeEach
    void startTwoRegions() {
        north = OmsSimulator.start(region(NORTH, NORTH_PROJECT).build());
        east = OmsSimulator.start(region(EAST, EAST_PROJECT).build());
    }

    @AfterEach
    void stopThem() {
        north.close();
        east.close();
    }

    @Test
    void requestsForTwoRegionsLandAtTheirOwnEndpointsAndProjectsAndEndInOneEventEach() throws Exception {
        Path data = BridgeRun.newDataDir("regions");
        Map<String, String> settings = twoRegions(north, east, data);
        try (BridgeRun bridge = BridgeRun.start(settings)) {
            bridge.drop("north.json", to(NORTH, "to-north", "bucket-n"));
            bridge.drop("east.json", to(EAST, "to-east", "bucket-e"));
            bridge.drop("east-failing.json", to(EAST, "to-east-failing", "bucket-fail"));

            await().atMost(Duration.ofSeconds(30))
                    .until(() -> bridge.outboxEvents("to-north").size() == 1
                            && bridge.outboxEvents("to-east").size() == 1
                            && bridge.outboxEvents("to-east-failing").size() == 1);

            assertThat(tasksOf(north, "to-north"))
                    .singleElement()
                    .satisfies(t -> assertThat(t.projectId()).isEqualTo(NORTH_PROJECT));
            assertThat(tasksOf(east, "to-east"))
                    .singleElement()
                    .satisfies(t -> assertThat(t.projectId()).isEqualTo(EAST_PROJECT));
            assertThat(north.tasks().all())
                    .as("nothing of the east's in the north")
                    .hasSize(1);
            assertThat(east.tasks().all()).hasSize(2);

            JsonNode northEnd = bridge.outboxEvents("to-north").get(0);
            assertThat(northEnd.path("type").asText()).isEqualTo("oms.task.succeeded");
            assertThat(northEnd.path("data").path("project_id").asText()).isEqualTo(NORTH_PROJECT);
            assertThat(northEnd.path("data").path("destination").path("region").asText())
                    .isEqualTo(NORTH);
            JsonNode eastEnd = bridge.outboxEvents("to-east-failing").get(0);
            assertThat(eastEnd.path("type").asText()).isEqualTo("oms.task.failed");
            assertThat(eastEnd.path("data").path("destination").path("region").asText())
                    .isEqualTo(EAST);

            assertThat(bridge.record("to-east").region())
                    .as("the ledger records the region")
                    .isEqualTo(EAST);
            String api = "http://127.0.0.1:" + settings.get("camel.server.port") + "/api/migrations/to-north";
            JsonNode shown = BridgeRun.JSON.readTree(Http.get(api).body());
            assertThat(shown.path("region").asText()).isEqualTo(NORTH);
            assertThat(shown.path("project_id").asText()).isEqualTo(NORTH_PROJECT);
        }
        assertThat(north.stats().tokenCalls())
                .as("one token scoped to the north's project")
                .isEqualTo(1);
        assertThat(east.stats().tokenCalls())
                .as("one token scoped to the east's project")
                .isEqualTo(1);
    }

    @Test
    void aRequestForADestinationRegionNotConfiguredIsRefusedNamingDstNodeRegion() throws Exception {
        Path data = BridgeRun.newDataDir("regions-unknown");
        try (BridgeRun bridge = BridgeRun.start(twoRegions(north, east, data))) {
            bridge.drop("west.json", to("ap-southeast-1", "to-west", "bucket-w"));

            await().atMost(Duration.ofSeconds(20))
                    .until(() -> bridge.outboxEvents("to-west").size() == 1);
            JsonNode rejected = bridge.outboxEvents("to-west").get(0);
            assertThat(rejected.path("type").asText()).isEqualTo("oms.request.rejected");
            assertThat(rejected.toString())
                    .contains("dst_node.region")
                    .contains("ap-southeast-1")
                    .contains(NORTH)
                    .contains(EAST);
        }
        assertThat(north.tasks().all()).isEmpty();
        assertThat(east.tasks().all()).isEmpty();
    }
}
