package io.omsbridge.crash;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.omsbridge.BridgeRun;
import io.omsbridge.KafkaBroker;
import io.omsbridge.simulator.OmsSimulator;
import io.omsbridge.simulator.SimulatorSettings;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.util.AbstractMap.SimpleEntry;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/** A bridge SIGKILLed while Kafka records are in its ledger but not yet committed makes one task per record. */
class KafkaKillTest {

    private static final Logger LOG = LoggerFactory.getLogger(KafkaKillTest.class);
    private static final String TOPIC = "oms.migration.requests";
    private static final String GROUP = "kafka-kill-test";
    private static final int RECORDS = 80;
    /** Kills until one lands between a batch's record and its commit (a kill on a busy machine may come after both). */
    private static final int MAX_KILLS = 4;

    private static KafkaBroker kafka;
    private static OmsSimulator sim;

    @BeforeAll
    static void start() {
        kafka = KafkaBroker.start();
        kafka.createTopics(2, TOPIC);
        // some latency keeps the one submit consumer busy, so the inbox waits on its hand-off, its batch recorded in
        // the ledger and not yet committed: where a kill does the most harm
        sim = OmsSimulator.start(SimulatorSettings.builder()
                .waitTime(Duration.ofMillis(200))
                .runTime(Duration.ofMillis(600))
                .latency(Duration.ofMillis(40))
                .maxCreatesPer24h(0)
                .maxWaitingTasks(0)
                .maxRunningTasks(0)
                .build());
    }

    @AfterAll
    static void stop() {
        if (sim != null) {
            sim.close();
        }
        if (kafka != null) {
            kafka.close();
        }
    }

    @Test
    void aBridgeKilledWithRecordsInItsLedgerButUncommittedMakesExactlyOneTaskPerRecord() {
        Path data = BridgeRun.newDataDir("kafka-kill");
        Path log = data.resolve("bridge.log");
        Map<String, String> settings = BridgeRun.defaults(sim, data);
        settings.putAll(Map.of(
                "bridge.kafka.bootstrap-servers",
                kafka.bootstrapServers(),
                "bridge.kafka.group-id",
                GROUP,
                "bridge.kafka.max-poll-records",
                "20",
                "bridge.submit.consumers",
                "1",
                "bridge.submit.queue-size",
                "1",
                "bridge.submit.claim-ahead",
                "1000"));
        // the killed consumer's partitions go to the next one after the shortest session the broker allows, not 45 s
        settings.put("camel.component.kafka.session-timeout-ms", "6000");
        settings.put("camel.component.kafka.heartbeat-interval-ms", "1000");
        Batch batch = new Batch();
        List<Map.Entry<String, String>> records = new ArrayList<>();
        batch.messages("kk", RECORDS).forEach((id, body) -> records.add(new SimpleEntry<>(id, body)));
        kafka.send(TOPIC, records);

        List<Long> uncommittedAtKill = new ArrayList<>();
        boolean draining = false;
        while (!draining) {
            draining = uncommittedAtKill.size() == MAX_KILLS
                    || uncommittedAtKill.stream().anyMatch(n -> n > 0);
            try (BridgeProcess bridge = BridgeProcess.start(settings, log)) {
                if (!draining) {
                    long before = recorded(data);
                    // killed as soon as this run has recorded a batch more than the last one left
                    await().atMost(Duration.ofSeconds(60))
                            .pollInterval(Duration.ofMillis(5))
                            .until(() -> recorded(data) >= before + 5);
                    bridge.killAfter(Duration.ZERO);
                    long inLedger = recorded(data);
                    long committed = kafka.committed(GROUP, TOPIC);
                    uncommittedAtKill.add(inLedger - committed);
                    LOG.info(
                            "kill {}: {} records in the ledger, {} committed",
                            uncommittedAtKill.size(),
                            inLedger,
                            committed);
                } else {
                    EndState.awaitEnded(data.resolve("outbox"), batch.expected(), Duration.ofSeconds(60));
                    await().atMost(Duration.ofSeconds(20)).until(() -> kafka.committed(GROUP, TOPIC) == RECORDS);
                    bridge.stop();
                }
            }
        }

        assertThat(uncommittedAtKill)
                .as("records in the ledger but not committed when each kill came")
                .anyMatch(n -> n > 0);
        EndState end = EndState.read(sim, data.resolve("outbox"), EndState.sqliteLedger(data));
        end.assertEveryRequestExactlyOnce(batch.expected(), batch.failing());
        assertThat(sim.tasks().size()).as("OMS tasks").isEqualTo(RECORDS);
    }

    /** Requests the ledger holds (read beside the running bridge: SQLite's WAL lets a reader in). */
    private static long recorded(Path data) {
        try (Connection c = EndState.sqliteLedger(data).getConnection();
                Statement s = c.createStatement();
                ResultSet rs = s.executeQuery("select count(*) from bridge_request")) {
            return rs.next() ? rs.getLong(1) : 0;
        } catch (SQLException e) {
            // not created yet: the bridge is still starting
            return 0;
        }
    }
}
