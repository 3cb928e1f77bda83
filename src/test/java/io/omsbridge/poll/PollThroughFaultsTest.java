package io.omsbridge.poll;

import static io.omsbridge.Requests.inline;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.omsbridge.BridgeRun;
import io.omsbridge.config.Defaults;
import io.omsbridge.model.LedgerState;
import io.omsbridge.simulator.OmsSimulator;
import io.omsbridge.simulator.SimulatorSettings;
import java.time.Duration;
import java.util.HashMap;
import java.util.Map;
import java.util.stream.Collectors;
import java.util.stream.IntStream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/** A poll cycle keeps going through sporadic 5xx: reads are retried inside it, and only what it could not read waits.
 * */
class PollThroughFaultsTest {

    private static final Logger LOG = LoggerFactory.getLogger(PollThroughFaultsTest.class);
    private static final int TASKS = 200;

    private OmsSimulator sim;
    private BridgeRun bridge;

    @AfterEach
    void stop() {
        if (bridge != null) {
            bridge.close();
        }
        sim.close();
    }

    /** A bridge (whose own poll never fires) with {@code TASKS} tasks that have all ended in OMS since its last look.
     * */
    private void startWithEndedTasks(String name, Map<String, String> overrides) {
        sim = OmsSimulator.start(SimulatorSettings.builder()
                .waitTime(Duration.ofHours(1))
                .runTime(Duration.ofHours(1))
                .maxCreatesPer24h(0)
                .maxWaitingTasks(0)
                .maxRunningTasks(0)
                .build());
        Map<String, String> properties = new HashMap<>(overrides);
        properties.put("bridge.poll-cron", "0 0 0 1 1 ? 2099");
        properties.put("bridge.poll.min-interval", "PT0S");
        bridge = BridgeRun.start(sim, BridgeRun.newDataDir(name), properties);
        bridge.drop(
                "ended.jsonl",
                IntStream.range(0, TASKS)
                        .mapToObj(i -> inline("ended-" + i, "source-bucket"))
                        .collect(Collectors.joining("\n")));
        await().atMost(Duration.ofSeconds(120))
                .pollInterval(Duration.ofMillis(200))
                .until(() -> bridge.ledger().countByState().getOrDefault(LedgerState.SUBMITTED, 0L) == TASKS);
        IntStream.range(0, TASKS)
                .forEach(
                        i -> sim.tasks().forceFinish(bridge.record("ended-" + i).taskId(), true));
    }

    private long succeeded() {
        return bridge.ledger().countByState().getOrDefault(LedgerState.SUCCEEDED, 0L);
    }

    @Test
    void aCycleThroughFivePercentServerErrorsStillEndsEveryEndedTask() {
        startWithEndedTasks("poll-5xx", Map.of("bridge.poll.retry-delay", "10", "bridge.poll.retry-max-delay", "40"));
        sim.faults().errorRate(0.05).latency(Duration.ofMillis(10));
        long faultsBefore = sim.stats().injectedFaults();

        PollCycle cycle = bridge.poller().cycle();

        LOG.info("MEASURED: {} ended tasks through 5 % 5xx and 10 ms: {}", TASKS, cycle);
        assertThat(sim.stats().injectedFaults() - faultsBefore)
                .as("the faults were there")
                .isPositive();
        assertThat(cycle.failed()).as("every failed read was read again").isZero();
        assertThat(cycle.stateChanges()).isEqualTo(TASKS);
        assertThat(succeeded()).isEqualTo(TASKS);
    }

    @Test
    void onlyTheShowsThatStillFailAreLeftForTheNextCycleAndTheyRunSeveralAtOnce() {
        // every due task is shown (no listing), and a failed show is not tried again in the cycle
        startWithEndedTasks("poll-left", Map.of("bridge.poll.list-threshold", "100000", "bridge.poll.retries", "0"));
        sim.faults().errorRate(0.3).latency(Duration.ofMillis(100));

        PollCycle first = bridge.poller().cycle();

        LOG.info("MEASURED: {} shows, 30 % failing, 100 ms each: {}", TASKS, first);
        assertThat(first.due()).isEqualTo(TASKS);
        assertThat(first.failed()).isPositive().isLessThan(TASKS);
        assertThat(first.stateChanges() + first.failed())
                .as("each task read or left")
                .isEqualTo(TASKS);
        assertThat(succeeded()).as("what was read is recorded").isEqualTo(first.stateChanges());
        assertThat(first.millis())
                .as("200 shows of 100 ms, eight at a time, not one after another (20 s)")
                .isLessThan(10_000);

        sim.faults().errorRate(0).latency(Duration.ZERO);
        PollCycle second = bridge.poller().cycle();

        assertThat(second.due()).as("only what the first could not read").isEqualTo(first.failed());
        assertThat(second.shows()).isEqualTo(first.failed());
        assertThat(succeeded()).isEqualTo(TASKS);
        assertThat(bridge.taskLedger().dueForPoll(Defaults.SEED_PROJECT_ID, System.currentTimeMillis() + 60_000, TASKS))
                .isEmpty();
    }
}
