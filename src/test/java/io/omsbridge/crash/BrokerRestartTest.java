package io.omsbridge.crash;

import static org.awaitility.Awaitility.await;

import io.omsbridge.BridgeRun;
import io.omsbridge.Tasks;
import io.omsbridge.config.EmbeddedBroker;
import io.omsbridge.ledger.LedgerDatabase;
import io.omsbridge.simulator.OmsSimulator;
import io.omsbridge.simulator.SimulatorSettings;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/** An external broker that stops and starts again mid-batch costs no request and duplicates none. */
class BrokerRestartTest {

    private static final Logger LOG = LoggerFactory.getLogger(BrokerRestartTest.class);
    private static final Duration WAIT = Duration.ofSeconds(60);

    private OmsSimulator sim;
    private EmbeddedBroker broker;
    private BridgeRun bridge;

    @BeforeEach
    void startSimulator() {
        sim = OmsSimulator.start(SimulatorSettings.builder()
                .waitTime(Duration.ofMillis(200))
                .runTime(Duration.ofMillis(600))
                .latency(Duration.ofMillis(10))
                .maxCreatesPer24h(0)
                .maxWaitingTasks(0)
                .build());
    }

    @AfterEach
    void stopAll() {
        if (bridge != null) {
            bridge.close();
        }
        if (broker != null) {
            broker.stop();
        }
        sim.close();
    }

    @Test
    void requestsQueuedBeforeDuringAndAfterABrokerRestartAreEachSubmittedOnce() throws Exception {
        Path data = BridgeRun.newDataDir("broker-restart");
        int port = BridgeRun.freePort();
        String url = "tcp://127.0.0.1:" + port;
        // the bridge's own broker configuration, run here as the separate broker a cluster would use
        broker = new EmbeddedBroker(
                data.resolve("external-broker"),
                "127.0.0.1",
                port,
                10,
                BridgeRun.BROKER_USER,
                BridgeRun.BROKER_PASSWORD);
        broker.start();
        bridge = BridgeRun.start(
                sim,
                data,
                Map.of(
                        "broker.url",
                        url,
                        "bridge.publish.retry-delay",
                        "300",
                        "broker.username",
                        BridgeRun.BROKER_USER,
                        "broker.password",
                        BridgeRun.BROKER_PASSWORD));
        Batch batch = new Batch();

        QueueClient.publish(url, batch.messages("before", 150));
        await().atMost(WAIT).until(() -> sim.stats().creates() >= 30);
        broker.stop();

        // the inbox does not need the broker: its requests go through while the broker is down
        String during = batch.jsonl("during", 50);
        bridge.drop("during.jsonl", during);
        await().atMost(WAIT)
                .alias("the inbox batch is submitted while the broker is down")
                .until(() -> Tasks.perRequest(sim).keySet().stream()
                                .filter(id -> id.startsWith("during-"))
                                .count()
                        == 50);
        long createdWhileDown = sim.stats().creates();

        broker.start();
        QueueClient.publish(url, batch.messages("after", 100));

        EndState.awaitEnded(bridge.outbox(), batch.expected(), Duration.ofSeconds(60));
        EndState end = EndState.read(
                sim,
                bridge.outbox(),
                bridge.bean("ledgerDatabase", LedgerDatabase.class).dataSource());
        LOG.info(
                "broker restart: {} requests (250 by queue, 50 by file), {} tasks created by the time the broker was"
                        + " back, {} OMS tasks, {} duplicate tasks",
                batch.size(),
                createdWhileDown,
                sim.tasks().size(),
                end.duplicateTasks());
        end.assertEveryRequestExactlyOnce(batch.expected(), batch.failing());
    }
}
