package io.omsbridge.simulator;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import io.omsbridge.MutableClock;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.time.Instant;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * Proves tasks go waiting → running → succeeded (or failed for "fail" buckets) with counters that move with time. The
 * simulator lives by a clock the test steps: a task waits 500 ms, then runs 1,500 ms.
 */
class TaskLifecycleTest {

    private static final MutableClock CLOCK = new MutableClock(Instant.parse("2026-11-25T10:00:00Z"));
    private static OmsSimulator simulator;
    private static SimClient client;
    private static String token;

    @BeforeAll
    static void start() {
        simulator = OmsSimulator.start(SimulatorSettings.builder()
                .waitTime(Duration.ofMillis(500))
                .runTime(Duration.ofMillis(1500))
                .clock(CLOCK)
                .build());
        client = new SimClient(simulator);
        token = client.token();
    }

    @AfterAll
    static void stop() {
        simulator.close();
    }

    private static final String START = """
            {"operation":"start","source_ak":"sak","source_sk":"ssk","target_ak":"tak","target_sk":"tsk"}""";
    private static final String STOP = "{\"operation\":\"stop\"}";

    private static void after(long millis) {
        CLOCK.advance(Duration.ofMillis(millis));
    }

    private static HttpResponse<String> put(long id, String body) {
        return client.oms("PUT", "task/" + id, body, token);
    }

    @Test
    void aNewTaskWaitsThenRunsThenSucceeds() {
        long id = client.create(token, "photos");

        JsonNode waiting = client.show(token, id);
        assertThat(waiting.get("status").asInt()).isEqualTo(1);
        assertThat(waiting.get("progress").asDouble()).isZero();
        assertThat(waiting.get("start_time").asLong()).isZero();
        assertThat(waiting.get("success_num").asLong()).isZero();

        after(500 + 700);
        JsonNode running = client.show(token, id);
        assertThat(running.get("status").asInt()).isEqualTo(2);
        assertThat(running.get("success_num").asLong()).isPositive();
        assertThat(running.get("progress").asDouble()).isBetween(0.0, 1.0);
        assertThat(running.get("start_time").asLong()).isPositive();
        assertThat(running.get("migrate_speed").asLong()).isPositive();
        assertThat(running.get("left_time").asLong()).isPositive();
        assertThat(running.get("complete_size").asLong())
                .isLessThan(running.get("total_size").asLong());

        after(800);
        JsonNode done = client.show(token, id);
        assertThat(done.get("status").asInt()).isEqualTo(5);
        assertThat(done.get("success_num").asLong())
                .isEqualTo(done.get("total_num").asLong());
        assertThat(done.get("progress").asDouble()).isEqualTo(1.0);
        assertThat(done.get("complete_size").asLong())
                .isEqualTo(done.get("total_size").asLong())
                .isEqualTo(done.get("real_size").asLong());
        assertThat(done.get("left_time").asLong()).isZero();
        assertThat(done.get("total_time").asLong()).isEqualTo(1500);
        assertThat(done.get("error_reason").asText()).isEmpty();
        assertThat(done.get("start_time").asLong())
                .isEqualTo(running.get("start_time").asLong());
    }

    @Test
    void aTaskWhoseSourceBucketContainsFailEndsFailedWithAReason() {
        long id = client.create(token, "will-fail-bucket");

        after(2_000);
        JsonNode failed = client.show(token, id);
        assertThat(failed.get("status").asInt()).isEqualTo(4);

        assertThat(failed.at("/error_reason/error_code").asText()).isEqualTo("TRF.0004");
        assertThat(failed.at("/error_reason/error_msg").asText()).isNotBlank();
        assertThat(failed.get("fail_num").asLong()).isPositive();
        assertThat(failed.get("success_num").asLong() + failed.get("fail_num").asLong())
                .isEqualTo(failed.get("total_num").asLong());
        assertThat(failed.get("left_time").asLong()).isZero();
    }

    @Test
    void aStoppedTaskThatIsStartedAgainRunsToSuccess() {
        long id = client.create(token, "pause-and-go");
        after(1_000);
        assertThat(client.status(token, id)).isEqualTo(2);
        assertThat(put(id, STOP).statusCode()).isEqualTo(200);
        after(10_000);
        assertThat(client.status(token, id)).as("stopped, however long").isEqualTo(3);

        assertThat(put(id, START).statusCode()).isEqualTo(200);

        after(2_000);
        JsonNode done = client.show(token, id);
        assertThat(done.get("status").asInt()).isEqualTo(5);
        assertThat(done.get("success_num").asLong())
                .isEqualTo(done.get("total_num").asLong());
        assertThat(done.get("total_time").asLong()).isEqualTo(1500);
    }

    @Test
    void aForcedFailureRestartedForTheFailedObjectsOnlyRetriesJustThoseAndSucceeds() {
        long id = client.create(token, "retry-only-the-rest");
        simulator.tasks().forceFinish(id, false);
        JsonNode failed = client.show(token, id);
        long total = failed.get("total_num").asLong();
        long failedObjects = failed.get("fail_num").asLong();
        assertThat(failedObjects).isPositive();

        assertThat(put(id, START.replace("}", ",\"migration_failed_object\":true}"))
                        .statusCode())
                .isEqualTo(200);

        JsonNode retrying = client.show(token, id);
        assertThat(retrying.get("status").asInt()).isEqualTo(1);
        assertThat(retrying.get("success_num").asLong()).isEqualTo(total - failedObjects);
        after(2_000);
        JsonNode done = client.show(token, id);
        assertThat(done.get("status").asInt()).isEqualTo(5);
        assertThat(done.get("success_num").asLong()).isEqualTo(total);
        assertThat(done.get("fail_num").asLong()).isZero();
        assertThat(done.get("skip_num").asLong()).isZero();
        assertThat(done.get("progress").asDouble()).isEqualTo(1.0);
        assertThat(done.get("error_reason").asText()).isEmpty();
        assertThat(done.get("total_time").asLong())
                .as("the first pass and a short retry")
                .isGreaterThan(1500)
                .isLessThanOrEqualTo(3000);
        assertThat(done.get("start_time").asLong())
                .isEqualTo(failed.get("start_time").asLong());
    }

    @Test
    void aForcedFailureRestartedInFullSkipsWhatItMigratedBeforeAndSucceeds() {
        long id = client.create(token, "retry-everything");
        simulator.tasks().forceFinish(id, false);
        JsonNode failed = client.show(token, id);

        assertThat(put(id, START).statusCode()).isEqualTo(200);

        after(2_000);
        JsonNode done = client.show(token, id);
        assertThat(done.get("status").asInt()).isEqualTo(5);
        assertThat(done.get("skip_num").asLong())
                .isEqualTo(failed.get("success_num").asLong());
        assertThat(done.get("success_num").asLong())
                .isEqualTo(failed.get("fail_num").asLong());
        assertThat(done.get("fail_num").asLong()).isZero();
        assertThat(done.get("complete_size").asLong())
                .isEqualTo(done.get("total_size").asLong());
        assertThat(done.get("total_time").asLong()).isEqualTo(3000);
    }

    @Test
    void aTaskFailingByTheRuleFailsTheSameObjectsAgainWhenRestarted() {
        long id = client.create(token, "fail-again");
        after(2_000);
        JsonNode first = client.show(token, id);
        assertThat(first.get("status").asInt()).isEqualTo(4);

        assertThat(put(id, START.replace("}", ",\"migration_failed_object\":true}"))
                        .statusCode())
                .isEqualTo(200);

        assertThat(client.status(token, id)).isEqualTo(1);
        after(2_000);
        JsonNode again = client.show(token, id);
        assertThat(again.get("status").asInt()).isEqualTo(4);
        assertThat(again.get("fail_num")).isEqualTo(first.get("fail_num"));
        assertThat(again.get("success_num")).isEqualTo(first.get("success_num"));
        assertThat(again.at("/error_reason/error_code").asText()).isEqualTo("TRF.0004");
    }

    @Test
    void skipNumMovesWithTimeWhenMigrateSinceLeavesObjectsToSkip() {
        long id = SimClient.json(client.oms(
                        "POST", "task", CreateTaskValidationTest.edit("", "migrate_since", "1700000000"), token))
                .get("id")
                .asLong();
        JsonNode waiting = client.show(token, id);
        long total = waiting.get("total_num").asLong();
        assertThat(waiting.get("skip_num").asLong()).isZero();

        after(2_000);
        JsonNode done = client.show(token, id);
        assertThat(done.get("status").asInt()).isEqualTo(5);
        assertThat(done.get("skip_num").asLong()).isEqualTo(total / 4);
        assertThat(done.get("success_num").asLong() + done.get("skip_num").asLong())
                .isEqualTo(total);
        assertThat(done.get("complete_size").asLong())
                .isEqualTo(done.get("total_size").asLong());
        assertThat(done.get("real_size").asLong())
                .isLessThanOrEqualTo(done.get("total_size").asLong());
        assertThat(done.get("progress").asDouble()).isEqualTo(1.0);
    }

    @Test
    void theTotalsOfATaskAreTheSameOnEveryShow() {
        long id = client.create(token, "stable");

        JsonNode first = client.show(token, id);
        JsonNode second = client.show(token, id);

        assertThat(first.get("total_num")).isEqualTo(second.get("total_num"));
        assertThat(first.get("total_size")).isEqualTo(second.get("total_size"));
        assertThat(first.get("name")).isEqualTo(second.get("name"));
    }

    @Test
    void forceFinishEndsATaskAtOnceEitherWay() {
        long ok = client.create(token, "forced-ok");
        long bad = client.create(token, "forced-bad");

        simulator.tasks().forceFinish(ok, true);
        simulator.tasks().forceFinish(bad, false);

        assertThat(client.status(token, ok)).isEqualTo(5);
        assertThat(client.status(token, bad)).isEqualTo(4);
        assertThat(simulator.tasks().find(ok).orElseThrow().status()).isEqualTo(TaskStatus.SUCCEEDED);
        assertThat(simulator.tasks().find(bad).orElseThrow().toShowJson()).contains("\"error_code\":\"TRF.0004\"");
    }

    @Test
    void anEndedTaskWithSmnInfoShowsTheNotification() {
        String body = CreateTaskValidationTest.edit(
                "", "smnInfo", "{\"topicUrn\":\"urn:smn:cn-north-1:p:topic1\",\"triggerConditions\":[\"SUCCESS\"]}");
        long id = SimClient.json(client.oms("POST", "task", body, token))
                .get("id")
                .asLong();

        simulator.tasks().forceFinish(id, true);

        JsonNode task = client.show(token, id);
        assertThat(task.at("/smnInfo/topicName").asText()).isEqualTo("topic1");
        assertThat(task.at("/smnInfo/notifyResult").asBoolean()).isTrue();
    }
}
