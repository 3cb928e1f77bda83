package io.omsbridge.crash;

import static org.assertj.core.api.Assertions.assertThat;

import io.omsbridge.BridgeRun;
import io.omsbridge.simulator.OmsSimulator;
import io.omsbridge.simulator.SimulatorSettings;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/** A bridge process SIGKILLed at random moments mid-batch makes one OMS task and one terminal event per request. */
class KillAndRestartTest {

    private static final Logger LOG = LoggerFactory.getLogger(KillAndRestartTest.class);

    /**
     * One run: {@code kills} SIGKILLs, each 0.5 to 3 s after the process is up (seeded, so a failure can be replayed);
     * before every start a .jsonl of {@code lines} and {@code files} single .json files go into the inbox, and once the
     * broker is up {@code messages} are published over TCP.
     */
    record Plan(long seed, int kills, int lines, int files, int messages) {}

    private static final String AK = "KILLTESTACCESSKEY001";
    private static final String SK = "kill-test-secret-key";

    private OmsSimulator sim;

    @BeforeEach
    void startSimulator() {
        // tasks end within a second, so the batch can finish; some latency keeps creates in flight when a kill comes
        sim = OmsSimulator.start(SimulatorSettings.builder()
                .waitTime(Duration.ofMillis(200))
                .runTime(Duration.ofMillis(600))
                .latency(Duration.ofMillis(20))
                .maxCreatesPer24h(0)
                .maxWaitingTasks(0)
                .maxRunningTasks(0)
                .accessKey(AK, SK)
                .build());
    }

    @AfterEach
    void stopSimulator() {
        sim.close();
    }

    @Test
    void aBridgeKilledThreeTimesMidBatchMakesExactlyOneTaskAndOneTerminalEventPerRequest() throws Exception {
        survive("kill", new Plan(20261125L, 3, 30, 10, 40), Map.of());
    }

    @Test
    void onApiV2WithAkSkSigningAKilledBridgeAlsoMakesExactlyOneOfEach() throws Exception {
        // no IAM user at all: every call is signed, and the reconcile search reads v2's list; two kills (the v1 run
        // above has three) cover a kill before and after the first creates on this path
        survive(
                "kill-v2",
                new Plan(20261202L, 2, 30, 10, 40),
                Map.of("oms.api-version", "v2", "oms.auth", "aksk", "oms.ak", AK, "oms.sk", SK));
        assertThat(sim.stats().tokenCalls()).as("IAM token calls").isZero();
        assertThat(sim.stats().v2Calls())
                .as("OMS calls on v2")
                .isEqualTo(sim.stats().akskCalls())
                .isPositive();
    }

    /** Runs {@code plan} on the shared test settings with {@code overrides} on top. */
    private void survive(String name, Plan plan, Map<String, String> overrides) throws Exception {
        Path data = BridgeRun.newDataDir(name);
        Path inbox = data.resolve("inbox");
        Path outbox = data.resolve("outbox");
        Path log = data.resolve("bridge.log");
        Map<String, String> settings = BridgeRun.defaults(sim, data);
        if (overrides.containsKey("oms.auth")) {
            settings.keySet().removeIf(key -> key.startsWith("iam."));
        }
        settings.putAll(overrides);
        Random random = new Random(plan.seed());
        Batch batch = new Batch();
        List<String> kills = new ArrayList<>();
        long started = System.nanoTime();

        for (int run = 0; run <= plan.kills(); run++) {
            Batch.drop(inbox, "run" + run + ".jsonl", batch.jsonl("r" + run + "-line", plan.lines()));
            try (BridgeProcess bridge = BridgeProcess.start(settings, log)) {
                QueueClient.publish(bridge.brokerUrl(), batch.messages("r" + run + "-msg", plan.messages()));
                for (int i = 0; i < plan.files(); i++) {
                    String id = "r" + run + "-file-" + i;
                    Batch.drop(inbox, id + ".json", batch.single(id, i));
                }
                if (run < plan.kills()) {
                    Duration delay = Duration.ofMillis(500 + random.nextInt(2500));
                    bridge.killAfter(delay);
                    kills.add("kill %d of pid %d after %d ms: %d tasks created, %d of %d requests ended"
                            .formatted(
                                    run + 1,
                                    bridge.pid(),
                                    delay.toMillis(),
                                    sim.stats().creates(),
                                    EndState.ended(outbox, batch.expected()),
                                    batch.size()));
                    LOG.info(kills.get(kills.size() - 1));
                } else {
                    // the last run finishes the backlog: after many kills, thousands of polls and events
                    Duration backlog = Duration.ofSeconds(30).plusMillis(50L * batch.size());
                    EndState.awaitEnded(outbox, batch.expected(), backlog);
                    bridge.stop();
                }
            }
        }

        EndState end = EndState.read(sim, outbox, EndState.sqliteLedger(data));
        LOG.info(
                "{}: {} kills, {} requests ({} failing by design), {} OMS tasks, {} duplicate tasks, {} s",
                name,
                kills.size(),
                batch.size(),
                batch.failing().size(),
                sim.tasks().size(),
                end.duplicateTasks(),
                Duration.ofNanos(System.nanoTime() - started).toSeconds());
        end.assertEveryRequestExactlyOnce(batch.expected(), batch.failing());
        assertThat(sim.tasks().size()).as("OMS tasks").isEqualTo(batch.size());
        assertThat(kills).hasSize(plan.kills());
        assertThat(leftovers(inbox)).as("inbox files not moved to .done").isEmpty();
    }

    /** Files still in the inbox, half-read in .inflight, or refused into .failed. */
    private static List<Path> leftovers(Path inbox) throws IOException {
        List<Path> left = new ArrayList<>();
        for (Path dir : List.of(inbox, inbox.resolve(".inflight"), inbox.resolve(".failed"))) {
            if (Files.isDirectory(dir)) {
                try (Stream<Path> files = Files.list(dir)) {
                    files.filter(Files::isRegularFile).forEach(left::add);
                }
            }
        }
        return left;
    }
}
