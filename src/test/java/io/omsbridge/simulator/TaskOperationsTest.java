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

/** Proves stop, start, bandwidth change and delete follow the v1 state rules, and show/route errors use OMS codes. */
class TaskOperationsTest {

    private static final String START = """
            {"operation":"start","source_ak":"sak","source_sk":"ssk","target_ak":"tak","target_sk":"tsk"}""";
    private static final String STOP = "{\"operation\":\"stop\"}";

    /** The simulator's clock, stepped by the tests: tasks wait 100 ms, then run 20 s. */
    private static final MutableClock CLOCK = new MutableClock(Instant.parse("2026-11-25T10:00:00Z"));

    private static OmsSimulator simulator;
    private static SimClient client;
    private static String token;

    @BeforeAll
    static void start() {
        simulator = OmsSimulator.start(SimulatorSettings.builder()
                .user("testname", "testname", "Password", SimClient.PROJECT, "cn-north-1")
                .user("testname", "bob", "Bob-pass", "22222222222222222222222222222222", "cn-east-3")
                .waitTime(Duration.ofMillis(100))
                .runTime(Duration.ofSeconds(20))
                .maxCreatesPer24h(0)
                .maxWaitingTasks(0)
                .maxRunningTasks(0)
                .clock(CLOCK)
                .build());
        client = new SimClient(simulator);
        token = client.token();
    }

    @AfterAll
    static void stop() {
        simulator.close();
    }

    private static long runningTask() {
        long id = client.create(token, "ops");
        CLOCK.advance(Duration.ofMillis(100));
        assertThat(client.status(token, id)).isEqualTo(2);
        return id;
    }

    private static HttpResponse<String> put(long id, String body) {
        return client.oms("PUT", "task/" + id, body, token);
    }

    @Test
    void stopPausesARunningTaskAndFreezesItsProgress() {
        long id = runningTask();
        CLOCK.advance(Duration.ofSeconds(2));
        assertThat(client.show(token, id).get("success_num").asLong()).isPositive();

        HttpResponse<String> r = put(id, STOP);

        assertThat(r.statusCode()).isEqualTo(200);
        assertThat(r.body()).isEmpty();
        JsonNode stopped = client.show(token, id);
        assertThat(stopped.get("status").asInt()).isEqualTo(3);
        CLOCK.advance(Duration.ofSeconds(5));
        assertThat(client.show(token, id).get("complete_size")).isEqualTo(stopped.get("complete_size"));
        assertThat(stopped.get("migrate_speed").asLong()).isZero();
    }

    @Test
    void startResumesAStoppedTaskWhereItWas() {
        long id = runningTask();
        put(id, STOP);
        long doneBefore = client.show(token, id).get("total_time").asLong();

        HttpResponse<String> r = put(id, START);

        assertThat(r.statusCode()).as(r.body()).isEqualTo(200);
        assertThat(client.status(token, id)).isEqualTo(1);
        CLOCK.advance(Duration.ofMillis(100));
        assertThat(client.status(token, id)).isEqualTo(2);
        assertThat(client.show(token, id).get("total_time").asLong()).isGreaterThanOrEqualTo(doneBefore);
    }

    @Test
    void aFailedTaskCanBeStartedAgain() {
        long id = client.create(token, "again");
        simulator.tasks().forceFinish(id, false);

        assertThat(put(id, START).statusCode()).isEqualTo(200);
        assertThat(client.status(token, id)).isEqualTo(1);
    }

    @Test
    void stopOnATaskThatIsNotRunningIsOms0066() {
        long stopped = runningTask();
        put(stopped, STOP);
        long done = client.create(token, "done");
        simulator.tasks().forceFinish(done, true);

        SimClient.assertOmsError(put(stopped, STOP), 400, "OMS.0066");
        SimClient.assertOmsError(put(done, STOP), 400, "OMS.0066");
    }

    @Test
    void startOnARunningTaskIsOms0065AndOnASucceededOneOms0070() {
        long running = runningTask();
        long done = client.create(token, "done");
        simulator.tasks().forceFinish(done, true);

        SimClient.assertOmsError(put(running, START), 400, "OMS.0065");
        SimClient.assertOmsError(put(done, START), 400, "OMS.0070");
    }

    @Test
    void startWithoutTheKeysIsOms0064() {
        long id = runningTask();
        put(id, STOP);

        SimClient.assertOmsError(put(id, "{\"operation\":\"start\",\"source_ak\":\"a\"}"), 400, "OMS.0064");
    }

    @Test
    void anUnknownOperationOrABadBodyIsRejected() {
        long id = client.create(token, "ops-bad");

        SimClient.assertOmsError(put(id, "{\"operation\":\"pause\"}"), 400, "OMS.0064");
        SimClient.assertOmsError(put(id, "{}"), 400, "OMS.0064");
        SimClient.assertOmsError(put(id, "operation=stop"), 400, "OMS.0067");
    }

    @Test
    void changeBandwidthPolicyReplacesThePolicy() {
        long id = client.create(token, "bw");

        HttpResponse<String> r = put(id, """
                {"operation":"change_bandwidthpolicy","bandwidth_policy":[{"start":"00:00","end":"23:59","max_bandwidth":50000000}]}""");

        assertThat(r.statusCode()).as(r.body()).isEqualTo(200);
        assertThat(client.show(token, id)
                        .at("/bandwidth_policy/0/max_bandwidth")
                        .asLong())
                .isEqualTo(50_000_000L);
        SimClient.assertOmsError(put(id, """
                {"operation":"change_bandwidthpolicy","bandwidth_policy":[{"start":"00:00","end":"23:59","max_bandwidth":1}]}"""), 400, "OMS.0084");
    }

    @Test
    void changeBandwidthPolicyRefusesOverlappingWindowsAndKeepsTheOldPolicy() {
        long id = client.create(token, "bw-overlap");
        put(id, """
                {"operation":"change_bandwidthpolicy","bandwidth_policy":[{"start":"00:00","end":"23:59","max_bandwidth":50000000}]}""");

        SimClient.assertOmsError(
                put(
                        id,
                        "{\"operation\":\"change_bandwidthpolicy\",\"bandwidth_policy\":"
                                + CreateTaskValidationTest.policy("00:00", "12:00", "06:00", "18:00") + "}"),
                400,
                "OMS.0064");

        JsonNode policy = client.show(token, id).get("bandwidth_policy");
        assertThat(policy.size()).isEqualTo(1);
        assertThat(policy.at("/0/end").asText()).isEqualTo("23:59");
    }

    @Test
    void startWithAMigrationFailedObjectThatIsNoBooleanIsOms0064() {
        long id = client.create(token, "flag");
        simulator.tasks().forceFinish(id, false);

        SimClient.assertOmsError(put(id, START.replace("}", ",\"migration_failed_object\":\"yes\"}")), 400, "OMS.0064");
        assertThat(client.status(token, id)).isEqualTo(4);
    }

    @Test
    void deleteRemovesATaskThatIsNotRunning() {
        long id = client.create(token, "to-delete");
        simulator.tasks().forceFinish(id, true);

        HttpResponse<String> r = client.oms("DELETE", "task/" + id, null, token);

        assertThat(r.statusCode()).isEqualTo(200);
        assertThat(r.body()).isEmpty();
        SimClient.assertOmsError(client.oms("GET", "task/" + id, null, token), 400, "OMS.1009");
        assertThat(simulator.tasks().find(id)).isEmpty();
    }

    @Test
    void deleteOnARunningTaskIsOms0063() {
        long id = runningTask();

        SimClient.assertOmsError(client.oms("DELETE", "task/" + id, null, token), 400, "OMS.0063");
        assertThat(simulator.tasks().find(id)).isPresent();
    }

    @Test
    void anUnknownTaskIsOms1009AndAForeignOneToo() {
        String bobs = client.token(
                SimClient.tokenBody("testname", "bob", "Bob-pass", "{\"project\":{\"name\":\"cn-east-3\"}}"));
        long mine = client.create(token, "mine");

        SimClient.assertOmsError(client.oms("GET", "task/123456789", null, token), 400, "OMS.1009");
        SimClient.assertOmsError(
                client.send("GET", "/v1/22222222222222222222222222222222/objectstorage/task/" + mine, null, bobs),
                400,
                "OMS.1009");
        SimClient.assertOmsError(client.oms("PUT", "task/123456789", STOP, token), 400, "OMS.1009");
        SimClient.assertOmsError(client.oms("DELETE", "task/123456789", null, token), 400, "OMS.1009");
    }

    @Test
    void anUnknownTaskWithABadBodyIsStillOms1009() {
        SimClient.assertOmsError(client.oms("PUT", "task/123456789", "operation=stop", token), 400, "OMS.1009");
        SimClient.assertOmsError(
                client.oms("PUT", "task/123456789", "{\"operation\":\"pause\"}", token), 400, "OMS.1009");
        SimClient.assertOmsError(client.oms("PUT", "task/123456789", "", token), 400, "OMS.1009");
    }

    @Test
    void taskIdZeroIsInTheDocumentedRangeSoAnUnknownOneIsOms1009() {
        SimClient.assertOmsError(client.oms("GET", "task/0", null, token), 400, "OMS.1009");
        SimClient.assertOmsError(client.oms("PUT", "task/0", STOP, token), 400, "OMS.1009");
        SimClient.assertOmsError(client.oms("DELETE", "task/0", null, token), 400, "OMS.1009");
        SimClient.assertOmsError(client.oms("GET", "task/999999999999999", null, token), 400, "OMS.1009");
    }

    @Test
    void aMalformedTaskIdIsOms0054() {
        for (String id :
                new String[] {"abc", "-1", "+5", "1.5", "1e3", "1000000000000000", "99999999999999999999", "%201"}) {
            SimClient.assertOmsError(client.oms("GET", "task/" + id, null, token), 400, "OMS.0054");
        }
        SimClient.assertOmsError(client.oms("PUT", "task/abc", STOP, token), 400, "OMS.0054");
        SimClient.assertOmsError(client.oms("DELETE", "task/-7", null, token), 400, "OMS.0054");
    }

    @Test
    void versionListsV1AndV2WithEveryDocumentedField() {
        HttpResponse<String> r = client.oms("GET", "version", null, token);

        assertThat(r.statusCode()).isEqualTo(200);
        assertThat(r.headers().firstValue("Content-Type").orElseThrow()).startsWith("application/json");
        JsonNode versions = SimClient.json(r).get("versions");
        assertThat(versions.size()).isEqualTo(2);
        String[][] expected = {{"v1.0", "SUPPORTED", "/v1/"}, {"v2.0", "CURRENT", "/v2/"}};
        for (int i = 0; i < 2; i++) {
            JsonNode v = versions.get(i);
            assertThat(v.fieldNames())
                    .toIterable()
                    .containsExactlyInAnyOrder("id", "links", "min_version", "status", "updated", "version");
            assertThat(v.get("id").asText()).isEqualTo(expected[i][0]);
            assertThat(v.get("status").asText()).isEqualTo(expected[i][1]);
            assertThat(v.get("updated").asText()).isEqualTo("2016-12-09T00:00:00Z");
            assertThat(v.get("min_version").asText()).isEmpty();
            assertThat(v.get("version").asText()).isEmpty();
            assertThat(v.get("links").size()).isEqualTo(1);
            assertThat(v.at("/links/0/rel").asText()).isEqualTo("self");
            assertThat(v.at("/links/0/href").asText()).isEqualTo(simulator.baseUrl() + expected[i][2]);
        }
    }

    @Test
    void anUnknownPathIs404AndAWrongMethod405() {
        HttpResponse<String> notFound = client.oms("GET", "taskgroup", null, token);
        assertThat(notFound.statusCode()).isEqualTo(404);
        JsonNode body = SimClient.json(notFound);
        assertThat(body.get("error_code").asText()).isEqualTo("APIG.0101");
        assertThat(body.get("error_msg").asText()).isNotBlank();
        assertThat(body.get("request_id").asText())
                .isEqualTo(notFound.headers().firstValue("X-Request-Id").orElseThrow());
        for (String path : new String[] {
            "/nothing/here",
            "/v1/" + SimClient.PROJECT + "/objectstorage/sync-task",
            "/v1/" + SimClient.PROJECT + "/objectstorage/taskgroup/1",
            "/v1/" + SimClient.PROJECT + "/objectstorage/task/1/start"
        }) {
            HttpResponse<String> r = client.send("GET", path, null, token);
            assertThat(r.statusCode()).as(path).isEqualTo(404);
            assertThat(SimClient.json(r).get("error_code").asText()).as(path).isEqualTo("APIG.0101");
        }
        assertThat(client.oms("GET", "taskgroup", null, null).statusCode())
                .as("404 comes before the token check")
                .isEqualTo(404);

        SimClient.assertOmsError(client.oms("PATCH", "task", "{}", token), 405, "OMS.0005");
        SimClient.assertOmsError(client.oms("POST", "task/1", "{}", token), 405, "OMS.0005");
        SimClient.assertOmsError(client.oms("DELETE", "version", null, token), 405, "OMS.0005");
        SimClient.assertOmsError(client.oms("DELETE", "task", null, token), 405, "OMS.0005");
        SimClient.assertOmsError(client.oms("PATCH", "task/1", "{}", token), 405, "OMS.0005");
    }
}
