package io.omsbridge.regions;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.omsbridge.BridgeRun;
import io.omsbridge.Requests;
import io.omsbridge.simulator.OmsSimulator;
import io.omsbridge.simulator.SimulatorSettings;
import java.time.Duration;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** A request's own project_id is where its task is made, not only where the poll looks for it. */
class RequestProjectTest {

    private static final String AK = "REQUESTPROJECTAK0001";
    private static final String SK = "request-project-secret";

    @Test
    void aRequestNamingItsProjectHasItsTaskMadeThereAndEndsSucceeded() throws Exception {
        try (OmsSimulator sim = OmsSimulator.start(SimulatorSettings.builder()
                .accessKey(AK, SK)
                .waitTime(Duration.ofMillis(100))
                .runTime(Duration.ofMillis(300))
                .maxCreatesPer24h(0)
                .maxWaitingTasks(0)
                .maxRunningTasks(0)
                .build())) {
            Map<String, String> settings = BridgeRun.defaults(sim, BridgeRun.newDataDir("request-project"));
            settings.keySet().removeIf(key -> key.startsWith("iam."));
            settings.put("oms.auth", "aksk");
            settings.put("oms.ak", AK);
            settings.put("oms.sk", SK);
            try (BridgeRun bridge = BridgeRun.start(settings)) {
                bridge.drop(
                        "own.json",
                        Requests.inline("own-project", "bucket")
                                .replaceFirst("\\{", "{\"project_id\":\"aaaabbbbccccddddeeeeffff00001111\","));

                await().atMost(Duration.ofSeconds(30))
                        .until(() -> bridge.outboxEvents("own-project").size() == 1);
                assertThat(bridge.outboxEvents("own-project")
                                .get(0)
                                .path("type")
                                .asText())
                        .isEqualTo("oms.task.succeeded");
            }
            assertThat(sim.tasks().all())
                    .singleElement()
                    .satisfies(t -> assertThat(t.projectId()).isEqualTo("aaaabbbbccccddddeeeeffff00001111"));
        }
    }
}
