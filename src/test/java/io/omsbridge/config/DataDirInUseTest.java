package io.omsbridge.config;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

import io.omsbridge.BridgeRun;
import io.omsbridge.Requests;
import io.omsbridge.simulator.OmsSimulator;
import io.omsbridge.simulator.SimulatorSettings;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.regex.Pattern;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** A second bridge on a data directory in use stops at once, in one line naming the directory and its holder. */
class DataDirInUseTest {

    private OmsSimulator sim;
    private BridgeRun first;
    private Path data;

    @BeforeEach
    void startTheFirstBridge() {
        sim = OmsSimulator.start(SimulatorSettings.builder()
                .waitTime(Duration.ofMillis(100))
                .runTime(Duration.ofMillis(300))
                .build());
        data = BridgeRun.newDataDir("in-use");
        first = BridgeRun.start(BridgeRun.defaults(sim, data));
    }

    @AfterEach
    void stop() {
        first.close();
        sim.close();
    }

    @Test
    void aSecondBridgeProcessOnTheSameDataDirectoryStopsBeforeStartingAnythingNamingTheDirectoryAndTheFirstOne() {
        Map<String, String> second = BridgeRun.defaults(sim, data);

        BridgeCommand.Ended run =
                BridgeCommand.run(second, data.resolveSibling(data.getFileName() + "-second"), Duration.ofMinutes(2));

        assertThat(run.status()).isNotZero();
        // how soon it stops is the benchmark's figure; here: before Camel started anything (a timed assertion failed
        // on a machine under load 60, where a JVM alone takes longer than any bound short enough to mean something)
        assertThat(run.console()).noneMatch(line -> line.contains("Apache Camel") && line.contains(" started"));
        List<String> about = run.console().stream()
                .filter(line -> line.contains("bridge.data-dir"))
                .toList();
        assertThat(about).hasSize(1);
        assertThat(about.get(0))
                .matches(Pattern.quote("bridge.data-dir "
                                + data.toAbsolutePath().normalize() + " is in use by another bridge (pid "
                                + ProcessHandle.current().pid() + " on host ")
                        + "\\S+, since \\d{4}-\\d\\d-\\d\\dT\\d\\d:\\d\\d:\\d\\dZ"
                        + Pattern.quote("); stop it or choose another bridge.data-dir"));
        assertThat(run.console()).noneMatch(line -> line.contains("Exception") || line.startsWith("\tat "));
        assertTheFirstBridgeStillWorks("after-process");
    }

    @Test
    void aSecondBridgeInTheSameJvmIsRefusedAtOnceAndTheFirstKeepsItsLock() {
        Map<String, String> second = BridgeRun.defaults(sim, data);

        assertThatThrownBy(() -> BridgeRun.start(second))
                .rootCause()
                .hasMessageStartingWith(
                        "bridge.data-dir " + data.toAbsolutePath().normalize() + " is in use by another bridge (pid "
                                + ProcessHandle.current().pid())
                .hasMessageContaining("in this same process");

        // the OS lock is still held: a refused start in this JVM must not have dropped it
        BridgeCommand.Ended run = BridgeCommand.run(
                BridgeRun.defaults(sim, data),
                data.resolveSibling(data.getFileName() + "-third"),
                Duration.ofMinutes(2));
        assertThat(run.status()).isNotZero();
        assertThat(run.err()).anyMatch(line -> line.contains("is in use by another bridge"));
        assertTheFirstBridgeStillWorks("after-jvm");
    }

    private void assertTheFirstBridgeStillWorks(String requestId) {
        first.drop(requestId + ".json", Requests.inline(requestId, "still-working"));
        await().atMost(Duration.ofSeconds(30))
                .until(() -> first.record(requestId), r -> r != null && r.taskId() != null);
    }
}
