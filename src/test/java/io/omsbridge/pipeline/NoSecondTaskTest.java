package io.omsbridge.pipeline;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.omsbridge.BridgeRun;
import io.omsbridge.OtherSystem;
import io.omsbridge.Requests;
import io.omsbridge.Tasks;
import io.omsbridge.ledger.Ledger;
import io.omsbridge.ledger.LedgerRecord;
import io.omsbridge.model.LedgerState;
import io.omsbridge.simulator.OmsSimulator;
import io.omsbridge.simulator.SimulatorSettings;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * A create that may have made its task is never posted again blind: however many tasks others made since, however
 * long OMS fails the listing, however slowly the lost answer trickles in, the request ends with exactly one task.
 */
class NoSecondTaskTest {

    private OmsSimulator sim;
    private BridgeRun bridge;

    @BeforeEach
    void simulator() {
        sim = OmsSimulator.start(SimulatorSettings.builder()
                .waitTime(Duration.ofMinutes(5))
                .maxCreatesPer24h(0)
                .maxWaitingTasks(0)
                .maxRunningTasks(0)
                .build());
    }

    @AfterEach
    void stop() {
        if (bridge != null) {
            bridge.close();
        }
        sim.close();
    }

    @Test
    void anOrphanBehindMoreTasksOfOtherSystemsThanTheOldFiftyPagesHeldIsFoundNotMadeAgain() throws Exception {
        Path data = BridgeRun.newDataDir("deep-orphan");
        Map<String, String> first = BridgeRun.defaults(sim, data);
        // the next attempt would come long after the bridge has stopped (waiting no more than 1 s for it)
        first.put("bridge.submit.retry-delay", "PT1M");
        first.put("bridge.submit.retry-max-delay", "PT1M");
        first.put("camel.main.shutdown-timeout", "1");
        bridge = BridgeRun.start(first);
        sim.faults().dropAfterCreateRate(1.0);
        bridge.drop("orphan.json", Requests.inline("deep-orphan", "orphan-bucket"));
        // the create reached OMS, its answer did not come back; the bridge stops before it tries again
        await().atMost(Duration.ofSeconds(20)).until(() -> Tasks.perRequest(sim).containsKey("deep-orphan"));
        bridge.close();
        bridge = null;
        sim.faults().reset();
        try (OtherSystem others = OtherSystem.on(sim)) {
            others.makeTasks(5_100);
        }
        long listsBefore = sim.stats().lists();

        bridge = BridgeRun.start(BridgeRun.defaults(sim, data));

        LedgerRecord done = awaitState("deep-orphan", LedgerState.SUBMITTED);
        assertThat(Tasks.perRequest(sim)).containsOnlyKeys("deep-orphan").containsEntry("deep-orphan", 1L);
        assertThat(sim.tasks().size()).isEqualTo(5_101);
        assertThat(done.taskId())
                .isEqualTo(sim.tasks().all().stream()
                        .filter(t -> "deep-orphan".equals(Tasks.requestId(t)))
                        .findFirst()
                        .orElseThrow()
                        .id());
        assertThat(sim.stats().lists() - listsBefore)
                .as("the walk read down to the orphan")
                .isGreaterThan(50);
    }

    @Test
    void whileOmsFailsTheListingTheRequestIsHeldAndNeverPostedThenFoundOnceTheListWorks() {
        createUnansweredThenListingFails("held-1", Map.of("bridge.submit.park", "300"));

        LedgerRecord held =
                await().atMost(Duration.ofSeconds(30)).until(() -> bridge.record("held-1"), r -> r.heldSince() != null);
        assertThat(held.state()).isEqualTo(LedgerState.RECEIVED);
        assertThat(held.lastError())
                .startsWith("held: ")
                .contains("could not be completed")
                .contains("OMS answered HTTP 50");
        long heldSince = held.heldSince();
        // held through several sweeps: searched again each time, never posted
        await().atMost(Duration.ofSeconds(30)).until(() -> sim.stats().injectedFaults() > 5);
        assertThat(sim.stats().creates()).as("creates while held").isEqualTo(1);
        assertThat(bridge.record("held-1").heldSince())
                .as("held since the first time")
                .isEqualTo(heldSince);

        sim.faults().reset();
        LedgerRecord done = awaitState("held-1", LedgerState.SUBMITTED);
        assertThat(done.heldSince()).isNull();
        assertThat(sim.stats().creates()).isEqualTo(1);
        assertThat(Tasks.perRequest(sim)).containsEntry("held-1", 1L);
    }

    @Test
    void aRequestHeldLongerThanTheHoldTimeEndsAsSubmitFailedSayingATaskMayExist() throws Exception {
        createUnansweredThenListingFails("given-up", Map.of("bridge.submit.search-hold", "PT2S"));

        awaitState("given-up", LedgerState.SUBMIT_FAILED);

        assertThat(sim.stats().creates()).isEqualTo(1);
        await().atMost(Duration.ofSeconds(20))
                .until(() -> !bridge.outboxEvents("given-up").isEmpty());
        assertThat(bridge.outboxEvents("given-up")).singleElement().satisfies(event -> {
            assertThat(event.path("type").asText()).isEqualTo("oms.request.submit-failed");
            assertThat(event.path("data").path("error").path("code").asText()).isEqualTo(Ledger.SEARCH_INCOMPLETE);
            assertThat(event.path("data").path("error").path("message").asText())
                    .contains("a task may exist")
                    .contains("[oms-bridge:given-up");
        });
    }

    @Test
    void anAnswerThatTricklesInForLongerThanTheLeaseIsCutOffAndTheTaskFoundNotMadeTwice() {
        Map<String, String> settings = BridgeRun.defaults(sim, BridgeRun.newDataDir("trickle"));
        settings.put("oms.call-deadline", "500");
        settings.put("bridge.submit.lease", "2000");
        settings.put("bridge.submit.sweep-interval", "100");
        bridge = BridgeRun.start(settings);
        // OMS makes the task at once, then sends its answer a byte at a time over 6 s: three leases
        sim.faults().trickleCreates(Duration.ofSeconds(6));

        bridge.drop("trickle.json", Requests.inline("trickle-1", "trickle-bucket"));

        LedgerRecord done = awaitState("trickle-1", LedgerState.SUBMITTED);
        assertThat(sim.stats().creates()).as("creates").isEqualTo(1);
        assertThat(Tasks.perRequest(sim)).containsEntry("trickle-1", 1L);
        assertThat(done.taskId()).isEqualTo(sim.tasks().all().get(0).id());
        assertThat(done.attempts())
                .as("the same claim found it: no second hand-out")
                .isEqualTo(1);
    }

    /**
     * A bridge whose create for {@code requestId} reaches OMS but gets no answer, after which every listing of OMS's
     * tasks fails: the search the next attempt must make cannot be completed.
     */
    private void createUnansweredThenListingFails(String requestId, Map<String, String> extra) {
        Map<String, String> settings = BridgeRun.defaults(sim, BridgeRun.newDataDir(requestId));
        // the lost answer's retry waits long enough for the test to break the listing first
        settings.put("bridge.submit.retry-delay", "1500");
        settings.put("bridge.submit.retry-max-delay", "1500");
        settings.put("bridge.submit.retries", "1");
        settings.putAll(extra);
        bridge = BridgeRun.start(settings);
        sim.faults().dropAfterCreateRate(1.0);
        bridge.drop(requestId + ".json", Requests.inline(requestId, requestId + "-bucket"));
        await().atMost(Duration.ofSeconds(20)).until(() -> sim.stats().creates() == 1);
        sim.faults().reset().errorRate(1.0);
    }

    private LedgerRecord awaitState(String requestId, LedgerState state) {
        return await().atMost(Duration.ofSeconds(60))
                .alias(requestId + " " + state)
                .until(() -> bridge.record(requestId), r -> r != null && r.state() == state);
    }
}
