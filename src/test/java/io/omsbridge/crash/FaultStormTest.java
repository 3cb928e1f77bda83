package io.omsbridge.crash;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.omsbridge.BridgeRun;
import io.omsbridge.ledger.LedgerDatabase;
import io.omsbridge.simulator.OmsSimulator;
import io.omsbridge.simulator.SimulatorSettings;
import io.omsbridge.simulator.SimulatorStats;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Duration;
import java.util.Map;
import javax.sql.DataSource;
import org.apache.camel.ProducerTemplate;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/** Through 5xx/429 bursts, latency, lost answers, expiring tokens and an IAM outage, each request ends once. */
class FaultStormTest {

    private static final Logger LOG = LoggerFactory.getLogger(FaultStormTest.class);
    private static final Duration PHASE = Duration.ofSeconds(30);

    private OmsSimulator sim;
    private IamProxy iam;
    private BridgeRun bridge;

    @BeforeEach
    void start() {
        // tokens live 2 s and the bridge keeps them to the last moment: calls meet tokens expiring mid-run
        sim = OmsSimulator.start(SimulatorSettings.builder()
                .waitTime(Duration.ofMillis(200))
                .runTime(Duration.ofMillis(600))
                .tokenTtl(Duration.ofSeconds(2))
                .maxCreatesPer24h(0)
                .maxWaitingTasks(0)
                .maxRunningTasks(0)
                .build());
        iam = IamProxy.to(sim.baseUrl());
        bridge = BridgeRun.start(
                sim,
                BridgeRun.newDataDir("storm"),
                Map.of(
                        "iam.endpoint", iam.url(),
                        "iam.token-refresh-margin", "0",
                        "iam.failure-backoff", "PT1S",
                        "bridge.publish.retry-delay", "300"));
    }

    @AfterEach
    void stop() {
        bridge.close();
        iam.close();
        sim.close();
    }

    @Test
    void everyRequestEndsOnceThroughErrorBurstsDroppedAnswersExpiringTokensAndAnIamOutage() throws Exception {
        Batch batch = new Batch();
        ProducerTemplate queue = bridge.context().createProducerTemplate();

        // 1. a burst of 5xx and 429: half of all IAM and OMS calls fail
        sim.faults().errorRate(0.25).throttleRate(0.25);
        bridge.drop("storm-a.jsonl", batch.jsonl("storm-a", 150));
        batch.messages("storm-q", 100)
                .forEach((id, body) ->
                        queue.sendBodyAndHeader("jms:queue:" + QueueClient.REQUESTS, body, "requestId", id));
        await().atMost(PHASE)
                .until(() -> sim.stats().injectedFaults() >= 100 && sim.stats().creates() >= 50);

        // 2. a slow OMS that drops a third of its create answers, and every token revoked at once
        sim.faults().reset().latency(Duration.ofMillis(100)).dropAfterCreateRate(0.3);
        sim.revokeTokens();
        await().atMost(PHASE).until(() -> sim.stats().droppedCreates() >= 10);

        // 3. IAM goes down while the tokens are revoked again: nothing can be created until it is back
        sim.faults().reset();
        iam.shut();
        sim.revokeTokens();
        bridge.drop("storm-b.jsonl", batch.jsonl("storm-b", 100));
        await().atMost(PHASE)
                .alias("requests parked because IAM is unreachable")
                .until(
                        () -> parkedForIam(bridge.bean("ledgerDatabase", LedgerDatabase.class)
                                .dataSource()),
                        n -> n >= 20);
        long createsDuringOutage = sim.stats().creates();

        // 4. IAM is back, with a last burst of errors
        iam.open();
        sim.faults().errorRate(0.1).throttleRate(0.1);
        await().atMost(PHASE).until(() -> sim.stats().creates() > createsDuringOutage + 20);

        // 5. no more revocations: while a last batch goes through, the token expires on its own and is fetched again
        sim.faults().reset();
        long tokenCallsAfterOutage = sim.stats().tokenCalls();
        bridge.drop("storm-c.jsonl", batch.jsonl("storm-c", 50));
        await().atMost(PHASE)
                .alias("a token fetched because the last one expired")
                .until(() -> sim.stats().tokenCalls() > tokenCallsAfterOutage);

        EndState.awaitEnded(bridge.outbox(), batch.expected(), Duration.ofSeconds(60));
        EndState end = EndState.read(
                sim,
                bridge.outbox(),
                bridge.bean("ledgerDatabase", LedgerDatabase.class).dataSource());
        SimulatorStats stats = sim.stats();
        LOG.info(
                "storm: {} requests, {} OMS tasks, {} duplicate tasks; {} injected 5xx/429, {} dropped creates, {} "
                        + "OMS 401s, {} token calls ({} failed, {} through the IAM door)",
                batch.size(),
                sim.tasks().size(),
                end.duplicateTasks(),
                stats.injectedFaults(),
                stats.droppedCreates(),
                stats.unauthorized(),
                stats.tokenCalls(),
                stats.tokenFailures(),
                iam.forwarded());
        end.assertEveryRequestExactlyOnce(batch.expected(), batch.failing());
        assertThat(sim.tasks().size()).as("OMS tasks").isEqualTo(batch.size());
        assertThat(stats.unauthorized())
                .as("calls refused for a revoked or expired token")
                .isPositive();
        assertThat(stats.tokenCalls())
                .as("token calls: first, after two revocations, after an expiry")
                .isGreaterThanOrEqualTo(4);
    }

    private static long parkedForIam(DataSource ledger) throws SQLException {
        try (Connection c = ledger.getConnection();
                ResultSet rs = c.createStatement()
                        .executeQuery(
                                "select count(*) from bridge_request where state = 'RECEIVED' and last_error like '%IAM%'")) {
            rs.next();
            return rs.getLong(1);
        }
    }
}
