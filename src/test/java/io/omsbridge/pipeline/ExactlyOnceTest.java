package io.omsbridge.pipeline;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.omsbridge.BridgeRun;
import io.omsbridge.Requests;
import io.omsbridge.Tasks;
import io.omsbridge.model.LedgerState;
import io.omsbridge.simulator.OmsSimulator;
import io.omsbridge.simulator.SimulatorSettings;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
import java.util.stream.Collectors;
import java.util.stream.IntStream;
import org.apache.camel.ProducerTemplate;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** However calls fail and however the bridge is stopped, every request becomes exactly one OMS task. */
class ExactlyOnceTest {

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
    void aThousandRequestsFromInboxAndQueueMakeAThousandTasksWithOneTokenCall() {
        bridge = BridgeRun.start(BridgeRun.defaults(sim, BridgeRun.newDataDir("thousand")));
        ProducerTemplate producer = bridge.context().createProducerTemplate();

        bridge.drop("batch.jsonl", lines("file", 500));
        for (int i = 0; i < 500; i++) {
            producer.sendBodyAndHeader(
                    "jms:queue:oms.migration.requests",
                    Requests.inline(null, "q-bucket-" + i),
                    "requestId",
                    "queue-" + i);
        }

        awaitSubmitted(1000);
        Map<String, Long> perRequest = Tasks.perRequest(sim);
        assertThat(perRequest)
                .hasSize(1000)
                .allSatisfy((id, tasks) -> assertThat(tasks).as(id).isEqualTo(1L));
        assertThat(sim.stats().creates()).isEqualTo(1000);
        assertThat(sim.stats().tokenCalls()).isEqualTo(1);
    }

    @Test
    void injectedServerErrorsThrottlingAndDroppedAnswersStillMakeExactlyOneTaskPerRequest() {
        bridge = BridgeRun.start(BridgeRun.defaults(sim, BridgeRun.newDataDir("faults")));
        sim.faults().errorRate(0.15).throttleRate(0.1).dropAfterCreateRate(0.15);

        bridge.drop("faulty.jsonl", lines("faulty", 200));

        awaitSubmitted(200);
        assertThat(sim.stats().injectedFaults()).isPositive();
        assertThat(sim.stats().droppedCreates()).isPositive();
        Map<String, Long> perRequest = Tasks.perRequest(sim);
        assertThat(perRequest)
                .hasSize(200)
                .allSatisfy((id, tasks) -> assertThat(tasks).as(id).isEqualTo(1L));
    }

    @Test
    void aRestartWhileCreatesGoUnansweredResumesWithoutASecondTask() {
        Path data = BridgeRun.newDataDir("restart");
        bridge = BridgeRun.start(BridgeRun.defaults(sim, data));
        sim.faults().dropAfterCreateRate(1.0);

        bridge.drop("lost-answers.jsonl", lines("lost", 40));
        // every create reached OMS, none was answered: the ledger cannot know the tasks exist
        await().atMost(Duration.ofSeconds(20)).until(() -> Tasks.perRequest(sim).size() == 40);
        bridge.close();
        bridge = null;

        sim.faults().reset();
        bridge = BridgeRun.start(BridgeRun.defaults(sim, data));
        awaitSubmitted(40);
        assertThat(Tasks.perRequest(sim))
                .hasSize(40)
                .allSatisfy((id, tasks) -> assertThat(tasks).as(id).isEqualTo(1L));
    }

    @Test
    void aBatchStoppedHalfwayIsFinishedByTheNextStartWithoutDuplicates() {
        Path data = BridgeRun.newDataDir("halfway");
        sim.faults().latency(Duration.ofMillis(300));
        Map<String, String> impatient = BridgeRun.defaults(sim, data);
        // stop waits 1 s for in-flight work, then stops: the rest of the batch is left in the ledger
        impatient.put("camel.main.shutdown-timeout", "1");
        bridge = BridgeRun.start(impatient);

        bridge.drop("big.jsonl", lines("half", 300));
        await().atMost(Duration.ofSeconds(20)).until(() -> sim.stats().creates() >= 60);
        bridge.close();
        bridge = null;
        long createdBeforeRestart = sim.stats().creates();

        sim.faults().reset();
        long listsBefore = sim.stats().lists();
        bridge = BridgeRun.start(BridgeRun.defaults(sim, data));
        awaitSubmitted(300);
        long lists = sim.stats().lists() - listsBefore;
        assertThat(createdBeforeRestart).isLessThan(300);
        assertThat(Tasks.perRequest(sim))
                .hasSize(300)
                .allSatisfy((id, tasks) -> assertThat(tasks).as(id).isEqualTo(1L));
        // every unfinished claim searched OMS's list before posting again, all of them in one shared listing (each
        // searching on its own made about 500 list calls here)
        assertThat(lists).as("list calls after the restart, polls included").isLessThan(60);
    }

    @Test
    void aRevokedTokenIsRefreshedOnceForManyRequestsInFlight() {
        bridge = BridgeRun.start(BridgeRun.defaults(sim, BridgeRun.newDataDir("revoke")));
        bridge.drop("before.json", Requests.inline(null, "before"));
        awaitSubmitted(1);
        assertThat(sim.stats().tokenCalls()).isEqualTo(1);

        sim.revokeTokens();
        bridge.drop("after.jsonl", lines("after", 64));

        awaitSubmitted(65);
        assertThat(sim.stats().tokenCalls()).isEqualTo(2);
        assertThat(Tasks.perRequest(sim)).hasSize(65);
    }

    private static String lines(String prefix, int n) {
        return IntStream.range(0, n)
                .mapToObj(i -> Requests.inline(prefix + "-" + i, prefix + "-bucket-" + i))
                .collect(Collectors.joining("\n"));
    }

    private void awaitSubmitted(long n) {
        await().atMost(Duration.ofSeconds(60))
                .alias(n + " requests submitted")
                .until(() -> bridge.ledger().countByState().getOrDefault(LedgerState.SUBMITTED, 0L), c -> c == n);
    }
}
