package io.omsbridge.poll;

import static io.omsbridge.Requests.inline;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.omsbridge.BridgeRun;
import io.omsbridge.config.Defaults;
import io.omsbridge.ledger.LedgerRecord;
import io.omsbridge.model.LedgerState;
import io.omsbridge.simulator.OmsSimulator;
import io.omsbridge.simulator.SimulatorSettings;
import io.omsbridge.simulator.SimulatorStats;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;
import java.util.stream.IntStream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/** A poll cycle over 1,000 in-flight tasks reads list pages of 100, and shows only the tasks that left the lists. */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class PollCostTest {

    private static final Logger LOG = LoggerFactory.getLogger(PollCostTest.class);
    /** -Dpoll.tasks=10000 measures a bigger cycle. */
    private static final int TASKS = Integer.getInteger("poll.tasks", 1000);

    private OmsSimulator sim;
    private BridgeRun bridge;

    @BeforeAll
    void startBridgeWithAThousandTasksInFlight() throws Exception {
        // the tasks wait far longer than the test lasts, so all of them stay in flight
        sim = OmsSimulator.start(SimulatorSettings.builder()
                .waitTime(Duration.ofHours(1))
                .runTime(Duration.ofHours(1))
                .maxCreatesPer24h(0)
                .maxWaitingTasks(0)
                .maxRunningTasks(0)
                .build());
        // the Quartz trigger never fires in this test: each cycle is run by hand and measured on its own
        bridge = BridgeRun.start(
                sim,
                BridgeRun.newDataDir("cost"),
                Map.of("bridge.poll-cron", "0 0 0 1 1 ? 2099", "bridge.inbox.max-file-bytes", "104857600"));
        bridge.drop(
                "many.jsonl",
                IntStream.range(0, TASKS)
                        .mapToObj(i -> inline("many-" + i, "source-bucket"))
                        .collect(Collectors.joining("\n")));
        await().atMost(Duration.ofSeconds(Integer.getInteger("poll.setup-seconds", 120)))
                .pollInterval(Duration.ofMillis(200))
                .until(() -> bridge.ledger().countByState().getOrDefault(LedgerState.SUBMITTED, 0L) == TASKS);
    }

    @AfterAll
    void stopBridge() {
        bridge.close();
        sim.close();
    }

    @Test
    void aCycleOverAThousandInFlightTasksMakesAboutTenListCallsAndNoShows() {
        SimulatorStats before = sim.stats();

        PollCycle cycle = bridge.poller().cycle();

        SimulatorStats after = sim.stats();
        LOG.info("MEASURED: first cycle over {} in-flight tasks: {}", TASKS, cycle);
        assertThat(cycle.due()).isEqualTo(TASKS);
        assertThat(after.lists() - before.lists()).isLessThanOrEqualTo(TASKS / 100 + 4);
        assertThat(after.shows() - before.shows()).isZero();
        assertThat(cycle.changed()).isEqualTo(TASKS);
        assertThat(bridge.record("many-0").taskDetail()).contains("\"status\":1");

        endSomeTasksAndPollAgain();
    }

    /** Five tasks succeed and one is deleted in OMS: only those six are shown, and end with their events. */
    private void endSomeTasksAndPollAgain() {
        List<LedgerRecord> ended = IntStream.range(0, 6)
                .mapToObj(i -> bridge.record("many-" + (i * 97)))
                .toList();
        ended.subList(0, 5).forEach(r -> sim.tasks().forceFinish(r.taskId(), true));
        sim.tasks().delete(ended.get(5).taskId());
        // wait until every task is due again (min interval), then measure the second cycle
        await().atMost(Duration.ofSeconds(10))
                .until(() -> bridge.taskLedger()
                                .dueForPoll(Defaults.SEED_PROJECT_ID, System.currentTimeMillis() + 500, TASKS + 1)
                                .size()
                        == TASKS);
        SimulatorStats before = sim.stats();

        PollCycle cycle = bridge.poller().cycle();

        SimulatorStats after = sim.stats();
        LOG.info("MEASURED: cycle over {} in-flight tasks, 6 of them ended: {}", TASKS, cycle);
        assertThat(after.lists() - before.lists()).isLessThanOrEqualTo(TASKS / 100 + 4);
        // the simulator counts the show of the deleted task (400 OMS.1009) as a rejection, not a show
        assertThat(after.shows() - before.shows()).isEqualTo(5);
        assertThat(after.rejections() - before.rejections()).isEqualTo(1);
        assertThat(cycle.shows()).isEqualTo(6);
        assertThat(cycle.stateChanges()).isEqualTo(6);
        ended.subList(0, 5)
                .forEach(r -> assertThat(bridge.record(r.requestId()).state()).isEqualTo(LedgerState.SUCCEEDED));
        LedgerRecord gone = bridge.record(ended.get(5).requestId());
        assertThat(gone.state()).isEqualTo(LedgerState.FAILED);
        assertThat(gone.lastError()).startsWith("OMS.1009");

        // nothing changed for the rest: the third cycle lists them again and writes nothing
        await().atMost(Duration.ofSeconds(10))
                .until(() -> bridge.taskLedger()
                                .dueForPoll(Defaults.SEED_PROJECT_ID, System.currentTimeMillis() + 500, TASKS + 1)
                                .size()
                        == TASKS - 6);
        PollCycle third = bridge.poller().cycle();
        LOG.info("MEASURED: cycle over {} unchanged in-flight tasks: {}", TASKS - 6, third);
        assertThat(third.changed()).isZero();
        assertThat(third.lists()).isLessThanOrEqualTo(TASKS / 100 + 4);
        LedgerRecord unchanged = bridge.record("many-1");
        assertThat(unchanged.pollsUnchanged())
                .as("a row whose task did not move is not written")
                .isZero();
        assertThat(unchanged.submittedAt()).isNotNull();
    }
}
