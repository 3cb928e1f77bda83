package io.omsbridge.regions;

import static io.omsbridge.regions.TwoRegions.EAST;
import static io.omsbridge.regions.TwoRegions.EAST_PROJECT;
import static io.omsbridge.regions.TwoRegions.NORTH;
import static io.omsbridge.regions.TwoRegions.NORTH_PROJECT;
import static io.omsbridge.regions.TwoRegions.region;
import static io.omsbridge.regions.TwoRegions.to;
import static io.omsbridge.regions.TwoRegions.twoRegions;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.omsbridge.BridgeRun;
import io.omsbridge.model.LedgerState;
import io.omsbridge.poll.PollCycle;
import io.omsbridge.simulator.OmsSimulator;
import io.omsbridge.simulator.SimulatorStats;
import java.time.Duration;
import java.util.Map;
import java.util.stream.Collectors;
import java.util.stream.IntStream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** A poll cycle lists each region's in-flight tasks at that region's OMS, in pages, and shows none of them. */
class RegionPollCostTest {

    private static final int NORTH_TASKS = 250;
    private static final int EAST_TASKS = 120;

    private OmsSimulator north;
    private OmsSimulator east;

    @BeforeEach
    void startTwoRegions() {
        // the tasks wait far longer than the test lasts, so all of them stay in flight
        north = OmsSimulator.start(
                region(NORTH, NORTH_PROJECT).waitTime(Duration.ofHours(1)).build());
        east = OmsSimulator.start(
                region(EAST, EAST_PROJECT).waitTime(Duration.ofHours(1)).build());
    }

    @AfterEach
    void stopThem() {
        north.close();
        east.close();
    }

    @Test
    void aCycleListsEachRegionsTasksInPagesAtItsOwnOmsAndShowsNone() {
        Map<String, String> settings = twoRegions(north, east, BridgeRun.newDataDir("region-poll"));
        // each cycle is run by hand and measured on its own
        settings.put("bridge.poll-cron", "0 0 0 1 1 ? 2099");
        try (BridgeRun bridge = BridgeRun.start(settings)) {
            bridge.drop(
                    "north.jsonl",
                    IntStream.range(0, NORTH_TASKS)
                            .mapToObj(i -> to(NORTH, "n-" + i, "b"))
                            .collect(Collectors.joining("\n")));
            bridge.drop(
                    "east.jsonl",
                    IntStream.range(0, EAST_TASKS)
                            .mapToObj(i -> to(EAST, "e-" + i, "b"))
                            .collect(Collectors.joining("\n")));
            await().atMost(Duration.ofSeconds(120))
                    .pollInterval(Duration.ofMillis(200))
                    .until(() -> bridge.ledger().countByState().getOrDefault(LedgerState.SUBMITTED, 0L)
                            == NORTH_TASKS + EAST_TASKS);
            SimulatorStats northBefore = north.stats();
            SimulatorStats eastBefore = east.stats();

            PollCycle cycle = bridge.poller().cycle();

            assertThat(cycle.due()).isEqualTo(NORTH_TASKS + EAST_TASKS);
            assertThat(cycle.changed()).isEqualTo(NORTH_TASKS + EAST_TASKS);
            long northLists = north.stats().lists() - northBefore.lists();
            long eastLists = east.stats().lists() - eastBefore.lists();
            // a page of 100 per status that has tasks, one more to see the end, and one empty page per other status
            assertThat(northLists)
                    .as("the north's pages")
                    .isBetween((long) NORTH_TASKS / 100 + 1, (long) NORTH_TASKS / 100 + 4);
            assertThat(eastLists)
                    .as("the east's pages")
                    .isBetween((long) EAST_TASKS / 100 + 1, (long) EAST_TASKS / 100 + 4);
            assertThat(north.stats().shows() - northBefore.shows()).isZero();
            assertThat(east.stats().shows() - eastBefore.shows()).isZero();
            assertThat(bridge.record("e-7").taskDetail()).contains("\"status\":1");
        }
    }
}
