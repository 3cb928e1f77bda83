package io.omsbridge.submit;

import static io.omsbridge.Requests.inline;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.omsbridge.BridgeRun;
import io.omsbridge.model.LedgerState;
import io.omsbridge.simulator.OmsSimulator;
import io.omsbridge.simulator.SimulatorSettings;
import java.time.Duration;
import java.util.Map;
import java.util.concurrent.atomic.AtomicLong;
import java.util.stream.Collectors;
import java.util.stream.IntStream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/** A backlog is claimed a few at a time, as the submit consumers can take it: a crash leaves few requests in doubt. */
class ClaimAheadTest {

    private static final int REQUESTS = 300;

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
    void aBacklogOfThreeHundredIsNeverMoreThanTheClaimBudgetInSubmittingAndEachBecomesOneTask() {
        // creates take 20 ms: four consumers need about 1.5 s for the backlog, long enough to watch it
        sim = OmsSimulator.start(SimulatorSettings.builder()
                .latency(Duration.ofMillis(20))
                .waitTime(Duration.ofHours(1))
                .runTime(Duration.ofHours(1))
                .maxCreatesPer24h(0)
                .maxWaitingTasks(0)
                .maxRunningTasks(0)
                .build());
        // no sweep within the test: what goes beyond the budget is claimed by the top-ups finished claims wake
        bridge = BridgeRun.start(
                sim,
                BridgeRun.newDataDir("claim-ahead"),
                Map.of(
                        "bridge.submit.consumers",
                        "4",
                        "bridge.submit.claim-ahead",
                        "8",
                        "bridge.submit.sweep-interval",
                        "600000",
                        "bridge.poll-cron",
                        "0 0 0 1 1 ? 2099"));
        AtomicLong mostSubmitting = new AtomicLong();

        bridge.drop(
                "backlog.jsonl",
                IntStream.range(0, REQUESTS)
                        .mapToObj(i -> inline("backlog-" + i, "bucket"))
                        .collect(Collectors.joining("\n")));

        await().atMost(Duration.ofSeconds(30))
                .pollInterval(Duration.ofMillis(10))
                .until(() -> {
                    Map<LedgerState, Long> states = bridge.ledger().countByState();
                    mostSubmitting.accumulateAndGet(states.getOrDefault(LedgerState.SUBMITTING, 0L), Math::max);
                    return states.getOrDefault(LedgerState.SUBMITTED, 0L) == REQUESTS;
                });
        // eight claims, plus creates made but still on their way into the ledger (recorded in batches)
        assertThat(mostSubmitting.get())
                .as("requests in doubt at any moment")
                .isPositive()
                .isLessThanOrEqualTo(16);
        assertThat(sim.tasks().size()).isEqualTo(REQUESTS);
    }
}
