package io.omsbridge.pipeline;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.omsbridge.BridgeRun;
import io.omsbridge.Requests;
import io.omsbridge.Tasks;
import io.omsbridge.simulator.OmsSimulator;
import io.omsbridge.simulator.SimulatorSettings;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** A file a crash left half-read in .inflight is read again at start, and never overwrites a newer file of its name. */
class InboxRestartTest {

    private OmsSimulator sim;
    private Path data;

    @BeforeEach
    void start() throws Exception {
        sim = OmsSimulator.start(
                SimulatorSettings.builder().waitTime(Duration.ofMinutes(5)).build());
        data = BridgeRun.newDataDir("inbox-restart");
        Files.createDirectories(data.resolve("inbox").resolve(".inflight"));
    }

    @AfterEach
    void stop() {
        sim.close();
    }

    @Test
    void aFileLeftInInflightIsReadAgainAtStartAndAHalfWrittenRedactedCopyOfItIsDropped() throws Exception {
        Files.writeString(data.resolve("inbox/.inflight/left.json"), Requests.inline(null, "left-bucket"));
        // a SIGKILL between writing the redacted copy and moving it over the file leaves both
        Files.writeString(data.resolve("inbox/.inflight/.redacting-left.json"), "{\"request_id\": \"le");

        try (BridgeRun bridge = BridgeRun.start(BridgeRun.defaults(sim, data))) {
            await().atMost(Duration.ofSeconds(20))
                    .until(() -> Tasks.perRequest(sim).containsKey("left"));
            await().until(() -> Files.exists(bridge.inbox().resolve(".done/left.json")));
        }
        assertThat(data.resolve("inbox/.inflight")).isEmptyDirectory();
        try (var left = Files.list(data.resolve("inbox"))) {
            assertThat(left.map(Path::getFileName).map(Path::toString)).doesNotContain(".redacting-left.json");
        }
    }

    @Test
    void aNewerFileOfTheSameNameIsReadFirstAndTheOneLeftInInflightAfterIt() throws Exception {
        Files.writeString(data.resolve("inbox/.inflight/twice.json"), Requests.inline(null, "old-bucket"));
        Files.writeString(data.resolve("inbox/twice.json"), Requests.inline(null, "new-bucket"));
        Map<String, String> props = BridgeRun.defaults(sim, data);
        props.put("bridge.inbox.held-check-interval", "200");

        try (BridgeRun bridge = BridgeRun.start(props)) {
            await().atMost(Duration.ofSeconds(20))
                    .until(() -> Tasks.perRequest(sim).containsKey("twice"));
            assertThat(sim.tasks().all())
                    .filteredOn(t -> t.description().contains("twice"))
                    .singleElement()
                    .satisfies(t -> assertThat(t.srcBucket()).isEqualTo("new-bucket"));
            // the old copy waited in .held, then was read too: the same request id, so a duplicate naming the task
            await().atMost(Duration.ofSeconds(20))
                    .until(() -> Files.exists(bridge.inbox().resolve(".done/twice.json.report.json")));
            assertThat(Files.readString(bridge.inbox().resolve(".done/twice.json.report.json")))
                    .contains("duplicate");
            assertThat(bridge.inbox().resolve(".held/twice.json")).doesNotExist();
        }
        assertThat(Tasks.perRequest(sim)).containsEntry("twice", 1L);
    }
}
