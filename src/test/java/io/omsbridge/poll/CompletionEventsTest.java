package io.omsbridge.poll;

import static io.omsbridge.Requests.inline;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import io.omsbridge.BridgeRun;
import io.omsbridge.Requests;
import io.omsbridge.ledger.LedgerRecord;
import io.omsbridge.model.LedgerState;
import io.omsbridge.simulator.OmsSimulator;
import io.omsbridge.simulator.SimTask;
import io.omsbridge.simulator.SimulatorSettings;
import io.omsbridge.simulator.TaskStatus;
import jakarta.jms.Connection;
import jakarta.jms.Session;
import jakarta.jms.TextMessage;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.apache.activemq.artemis.jms.client.ActiveMQConnectionFactory;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/** Tasks that succeed, fail, or stop and restart each end in exactly one matching terminal event on every endpoint. */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class CompletionEventsTest {

    private static final Logger LOG = LoggerFactory.getLogger(CompletionEventsTest.class);
    private static final Duration WAIT = Duration.ofSeconds(15);

    private OmsSimulator sim;
    private BridgeRun bridge;
    private EventTopic topic;

    @BeforeAll
    void startBridge() throws Exception {
        sim = OmsSimulator.start(SimulatorSettings.builder()
                .waitTime(Duration.ofMillis(100))
                .runTime(Duration.ofMillis(1000))
                .maxCreatesPer24h(0)
                .maxWaitingTasks(0)
                .maxRunningTasks(0)
                .build());
        bridge = BridgeRun.start(sim, BridgeRun.newDataDir("completion"), Map.of());
        topic = EventTopic.events();
    }

    @AfterAll
    void stopBridge() throws Exception {
        topic.close();
        bridge.close();
        sim.close();
    }

    @Test
    void aSucceedingTaskYieldsOneSucceededEventWithTheSimulatorsCounters() throws Exception {
        bridge.drop("ok-1.json", inline("ok-1", "source-bucket"));

        JsonNode event = terminalEvent("ok-1");

        assertThat(event.path("type").asText()).isEqualTo("oms.task.succeeded");
        SimTask task =
                sim.tasks().find(event.path("data").path("task_id").asLong()).orElseThrow();
        JsonNode shown = BridgeRun.JSON.readTree(task.toShowJson());
        JsonNode data = event.path("data");
        for (String counter : List.of("total_num", "success_num", "fail_num", "total_size", "complete_size")) {
            assertThat(data.path(counter).asLong())
                    .as(counter)
                    .isEqualTo(shown.path(counter).asLong());
        }
        assertThat(data.path("success_num").asLong()).isEqualTo(task.totalNum());
        assertThat(data.path("state").asText()).isEqualTo("SUCCEEDED");
        assertThat(data.path("status").asInt()).isEqualTo(5);
        assertThat(data.path("error").isNull()).isTrue();
        assertThat(data.path("source").path("bucket").asText()).isEqualTo("source-bucket");
        assertThat(data.path("submitted_at").asText()).isNotEmpty();
        assertThat(data.path("completed_at").asText()).isNotEmpty();
        assertExactlyOnce("ok-1", event);
    }

    @Test
    void aFailingTaskYieldsOneFailedEventWithItsErrorReason() throws Exception {
        bridge.drop("bad-1.json", inline("bad-1", "fail-source-bucket"));

        JsonNode event = terminalEvent("bad-1");

        assertThat(event.path("type").asText()).isEqualTo("oms.task.failed");
        SimTask task =
                sim.tasks().find(event.path("data").path("task_id").asLong()).orElseThrow();
        JsonNode data = event.path("data");
        assertThat(data.path("state").asText()).isEqualTo("FAILED");
        assertThat(data.path("status").asInt()).isEqualTo(4);
        assertThat(data.path("error").path("code").asText()).isEqualTo("TRF.0004");
        assertThat(data.path("error").path("message").asText()).isNotEmpty();
        assertThat(data.path("fail_num").asLong()).isEqualTo(Math.max(1, task.totalNum() / 10));
        assertThat(data.path("success_num").asLong() + data.path("fail_num").asLong())
                .isEqualTo(task.totalNum());
        assertExactlyOnce("bad-1", event);
    }

    @Test
    void aStoppedTaskThatIsRestartedYieldsStoppedThenItsTerminalEvent() throws Exception {
        bridge.drop("pause-1.json", inline("pause-1", "source-bucket"));
        long taskId = await().atMost(WAIT).until(() -> taskId("pause-1"), id -> id != null);
        await().atMost(WAIT)
                .pollInterval(Duration.ofMillis(20))
                .until(() -> sim.tasks().find(taskId).orElseThrow().status() == TaskStatus.RUNNING);

        sim.tasks().stop(taskId);
        await().atMost(WAIT).until(() -> bridge.record("pause-1").state() == LedgerState.STOPPED);
        await().atMost(WAIT).until(() -> bridge.outboxEvents("pause-1").size() == 1);
        sim.tasks().start(taskId);
        JsonNode terminal = terminalEvent("pause-1");

        List<BridgeRun.EventRow> rows = bridge.eventRows("pause-1");
        assertThat(rows).extracting(BridgeRun.EventRow::type).containsExactly("oms.task.stopped", "oms.task.succeeded");
        assertThat(rows.get(0).id()).isNotEqualTo(rows.get(1).id());
        assertThat(terminal.path("id").asText()).isEqualTo(rows.get(1).id());
        assertThat(bridge.outboxEvents("pause-1")).hasSize(2);
        await().atMost(WAIT).until(() -> topic.events("pause-1").size() == 2);
        assertThat(topic.events("pause-1"))
                .extracting(e -> e.path("type").asText())
                .containsExactly("oms.task.stopped", "oms.task.succeeded");
        assertThat(bridge.record("pause-1").stopCount()).isEqualTo(1);
    }

    @Test
    void aQueueRequestWithReplyToGetsItsTerminalEventThereToo() throws Exception {
        try (Connection connection = new ActiveMQConnectionFactory("vm://0").createConnection();
                EventTopic replies = EventTopic.queue("replies.reply-1")) {
            Session session = connection.createSession(false, Session.AUTO_ACKNOWLEDGE);
            TextMessage message = session.createTextMessage(inline("reply-1", "source-bucket"));
            message.setJMSReplyTo(session.createQueue("replies.reply-1"));
            session.createProducer(session.createQueue("oms.migration.requests"))
                    .send(message);

            JsonNode event = terminalEvent("reply-1");

            await().atMost(WAIT).until(() -> replies.events("reply-1").size() == 1);
            JsonNode replied = replies.events("reply-1").get(0);
            assertThat(replied.path("id").asText()).isEqualTo(event.path("id").asText());
            assertThat(replied.path("type").asText()).isEqualTo("oms.task.succeeded");
            assertThat(bridge.record("reply-1").replyTo()).isEqualTo("queue:replies.reply-1");
            // the acknowledgement of the request came first, on the same destination
            assertThat(replies.texts()).hasSize(2);
            assertThat(BridgeRun.JSON
                            .readTree(replies.texts().get(0))
                            .path("status")
                            .asText())
                    .isEqualTo("accepted");
        }
    }

    @Test
    void aTaskThatEndsInOmsReachesTheOutboxWithinAboutAPollCycle() throws Exception {
        bridge.drop("quick-1.json", inline("quick-1", "source-bucket"));
        long taskId = await().atMost(WAIT).until(() -> taskId("quick-1"), id -> id != null);
        await().atMost(WAIT).until(() -> bridge.record("quick-1").taskDetail() != null);

        long ended = System.currentTimeMillis();
        sim.tasks().forceFinish(taskId, true);
        await().atMost(WAIT)
                .pollInterval(Duration.ofMillis(10))
                .until(() -> bridge.outboxEvents("quick-1").size() == 1);
        long latency = System.currentTimeMillis() - ended;

        LOG.info("MEASURED: task ended in OMS -> event in the outbox in {} ms (poll every 1 s)", latency);
        // a poll cycle or two (every second here), not a backed-off task's minutes; the benchmark measures it closely
        assertThat(latency).isLessThan(10_000);
    }

    @Test
    void noEventCarriesAnAkSkPasswordOrToken() throws Exception {
        bridge.drop("secret-ok.json", inline("secret-ok", "source-bucket"));
        bridge.drop("secret-bad.json", inline("secret-bad", "fail-bucket"));
        terminalEvent("secret-ok");
        terminalEvent("secret-bad");

        List<String> published = new ArrayList<>(topic.texts());
        bridge.outboxEvents().forEach(e -> published.add(e.toString()));
        assertThat(published)
                .isNotEmpty()
                .allSatisfy(text -> assertThat(text)
                        .doesNotContain(
                                Requests.SRC_AK,
                                Requests.SRC_SK,
                                Requests.DST_AK,
                                Requests.DST_SK,
                                "Password",
                                "\"ak\"",
                                "\"sk\"",
                                "token"));
    }

    /** Waits for the request's terminal event in the outbox and for its publication, and returns it. */
    private JsonNode terminalEvent(String requestId) {
        JsonNode event = await().atMost(WAIT)
                .until(
                        () -> bridge.outboxEvents(requestId).stream()
                                .filter(e -> e.path("type").asText().matches("oms\\.task\\.(succeeded|failed)"))
                                .findFirst()
                                .orElse(null),
                        e -> e != null);
        await().atMost(WAIT).until(() -> bridge.eventRows(requestId).stream().allMatch(BridgeRun.EventRow::published));
        return event;
    }

    /** One terminal row in the ledger, one file in the outbox, one message on the topic, all with the same id. */
    private void assertExactlyOnce(String requestId, JsonNode event) throws Exception {
        assertThat(bridge.eventRows(requestId))
                .singleElement()
                .satisfies(
                        row -> assertThat(row.id()).isEqualTo(event.path("id").asText()));
        assertThat(bridge.outboxEvents(requestId)).hasSize(1);
        await().atMost(WAIT).until(() -> topic.events(requestId).size() == 1);
        assertThat(topic.events(requestId).get(0).path("id").asText())
                .isEqualTo(event.path("id").asText());
        LedgerRecord record = bridge.record(requestId);
        assertThat(record.completedAt()).isNotNull();
        assertThat(record.nextPollAt()).isNull();
    }

    private Long taskId(String requestId) {
        LedgerRecord r = bridge.record(requestId);
        return r == null ? null : r.taskId();
    }
}
