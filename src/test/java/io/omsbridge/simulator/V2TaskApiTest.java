package io.omsbridge.simulator;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import io.omsbridge.MutableClock;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** Proves the v2 task API: create, show, list with paging and filters, start, stop and delete with their state rules.
 * */
class V2TaskApiTest {

    /** The simulator's clock, stepped by the tests: tasks wait 100 ms, then run 20 s. */
    private final MutableClock clock = new MutableClock(Instant.parse("2026-11-25T10:00:00Z"));

    private OmsSimulator simulator;
    private SimClient client;
    private String token;

    @BeforeEach
    void start() {
        simulator = OmsSimulator.start(SimulatorSettings.builder()
                .waitTime(Duration.ofMillis(100))
                .runTime(Duration.ofSeconds(20))
                .maxCreatesPer24h(0)
                .maxWaitingTasks(0)
                .maxRunningTasks(0)
                .clock(clock)
                .build());
        client = new SimClient(simulator);
        token = client.token();
    }

    @AfterEach
    void stop() {
        simulator.close();
    }

    private long runningTask() {
        long id = client.createV2(token, "v2-ops");
        clock.advance(Duration.ofMillis(100));
        assertThat(client.showV2(token, id).get("status").asInt()).isEqualTo(2);
        return id;
    }

    private HttpResponse<String> post(long id, String action, String body) {
        return client.v2("POST", "tasks/" + id + "/" + action, body, token);
    }

    private List<Long> listIds(String query) {
        HttpResponse<String> r = client.v2("GET", "tasks" + query, null, token);
        assertThat(r.statusCode()).as(r.body()).isEqualTo(200);
        List<Long> ids = new ArrayList<>();
        SimClient.json(r).get("tasks").forEach(t -> ids.add(t.get("id").asLong()));
        return ids;
    }

    @Test
    void aCreateAnswersTheIdAndTaskNameAndTheTaskWaits() {
        HttpResponse<String> r = client.v2("POST", "tasks", SimClient.V2_CREATE_BODY, token);

        assertThat(r.statusCode()).as(r.body()).isEqualTo(200);
        JsonNode created = SimClient.json(r);
        assertThat(created.fieldNames()).toIterable().containsExactly("id", "task_name");
        JsonNode task = client.showV2(token, created.get("id").asLong());
        assertThat(task.get("name").asText())
                .isEqualTo(created.get("task_name").asText())
                .startsWith("source_bucket-dst-bucket-");
        assertThat(task.get("status").asInt()).isEqualTo(1);
        assertThat(task.get("description").asText()).isEqualTo("bridge request r-1");
        assertThat(task.get("task_type").asText()).isEqualTo("object");
        assertThat(task.get("group_type").asText()).isEqualTo("NORMAL_TASK");
        assertThat(task.has("group_id")).isFalse();
        assertThat(task.at("/dst_node/save_prefix").asText()).isEqualTo("backup/");
        assertThat(task.at("/src_node/cloud_type").asText()).isEqualTo("AWS");
        assertThat(task.at("/src_node/object_key/0").asText()).isEmpty();
    }

    @Test
    void theTaskRespUsesV2NamesOnlyAndAnErrorReasonThatIsNullWhileNotFailed() {
        JsonNode task = client.showV2(token, client.createV2(token, "names"));

        assertThat(task.fieldNames())
                .toIterable()
                .contains(
                        "successful_num",
                        "failed_num",
                        "skipped_num",
                        "enable_kms",
                        "smn_info",
                        "failed_object_record",
                        "error_reason",
                        "enable_restore",
                        "enable_metadata_migration",
                        "object_overwrite_mode",
                        "dst_storage_policy",
                        "consistency_check",
                        "real_size",
                        "is_query_over")
                .doesNotContain(
                        "success_num", "fail_num", "skip_num", "enableKMS", "smnInfo", "thread_num", "auto_restore");
        assertThat(task.get("error_reason").isNull()).isTrue();
        assertThat(task.get("smn_info").isNull()).isTrue();
        assertThat(task.at("/src_node/list_file").isNull())
                .as("never the v1 \"\"")
                .isTrue();
        assertThat(task.at("/dst_node").has("object_key")).isFalse();
        JsonNode record = task.get("failed_object_record");
        assertThat(record.isObject()).isTrue();
        assertThat(record.fieldNames()).toIterable().containsExactlyInAnyOrder("result", "list_file_key", "error_code");
        assertThat(task.get("enable_failed_object_recording").asBoolean())
                .as("v2's default")
                .isTrue();
        assertThat(task.get("object_overwrite_mode").asText()).isEqualTo("SIZE_LAST_MODIFIED_COMPARISON_OVERWRITE");
    }

    @Test
    void aFailedTaskShowsItsReasonAndFailedObjectRecordAsObjects() {
        long id = client.createV2(token, "will-fail");
        clock.advance(Duration.ofSeconds(21));

        JsonNode task = client.showV2(token, id);

        assertThat(task.get("status").asInt()).isEqualTo(4);
        assertThat(task.at("/error_reason/error_code").asText()).isEqualTo("TRF.0004");
        assertThat(task.at("/error_reason/error_msg").asText()).isNotBlank();
        assertThat(task.get("failed_num").asLong()).isPositive();
        assertThat(task.get("successful_num").asLong() + task.get("failed_num").asLong())
                .isEqualTo(task.get("total_num").asLong());
        assertThat(task.at("/failed_object_record/result").asBoolean()).isTrue();
        assertThat(task.at("/failed_object_record/list_file_key").asText())
                .isEqualTo("oms/failed_object_lists/" + id + "/failed-objects-list.txt");
    }

    @Test
    void theListIsNewestFirstWithTheCountOfAllMatchingAndTenByDefault() {
        List<Long> created = new ArrayList<>();
        for (int i = 0; i < 12; i++) {
            created.add(client.createV2(token, "list-" + i));
        }
        List<Long> newestFirst = new ArrayList<>(created);
        Collections.reverse(newestFirst);

        JsonNode all = SimClient.json(client.v2("GET", "tasks", null, token));

        assertThat(all.get("count").asLong()).isEqualTo(12);
        assertThat(all.get("tasks").size()).isEqualTo(10);
        assertThat(listIds("")).isEqualTo(newestFirst.subList(0, 10));
        assertThat(listIds("?offset=10&limit=10")).isEqualTo(newestFirst.subList(10, 12));
        assertThat(listIds("?offset=3&limit=2")).isEqualTo(newestFirst.subList(3, 5));
        assertThat(listIds("?offset=10000&limit=100")).isEmpty();
        assertThat(SimClient.json(client.v2("GET", "tasks?offset=10000", null, token))
                        .get("count")
                        .asLong())
                .isEqualTo(12);
    }

    @Test
    void theStatusFilterListsOnlyTasksInThatStatusAndCountsThem() {
        long running = runningTask();
        long waiting = client.createV2(token, "still-waiting");
        long done = client.createV2(token, "done");
        simulator.tasks().forceFinish(done, true);

        assertThat(listIds("?status=1")).containsExactly(waiting);
        assertThat(listIds("?status=2")).containsExactly(running);
        assertThat(listIds("?status=5")).containsExactly(done);
        assertThat(listIds("?status=6")).isEmpty();
        assertThat(SimClient.json(client.v2("GET", "tasks?status=2&limit=1", null, token))
                        .get("count")
                        .asLong())
                .isEqualTo(1);
    }

    @Test
    void listParametersOutOfTheirRangesAreOms0064() {
        for (String query : new String[] {
            "limit=0",
            "limit=101",
            "offset=-1",
            "offset=10001",
            "status=0",
            "status=8",
            "status=two",
            "limit=",
            "group_id="
        }) {
            SimClient.assertOmsError(client.v2("GET", "tasks?" + query, null, token), 400, "OMS.0064");
        }
    }

    @Test
    void stopPausesARunningTaskWithAnEmptyAnswerAndRefusesAnyOtherState() {
        long id = runningTask();
        clock.advance(Duration.ofSeconds(2));

        HttpResponse<String> r = post(id, "stop", null);

        assertThat(r.statusCode()).as(r.body()).isEqualTo(200);
        assertThat(r.body()).isEmpty();
        JsonNode stopped = client.showV2(token, id);
        assertThat(stopped.get("status").asInt()).isEqualTo(3);
        clock.advance(Duration.ofSeconds(5));
        assertThat(client.showV2(token, id).get("complete_size")).isEqualTo(stopped.get("complete_size"));
        SimClient.assertOmsError(post(id, "stop", null), 400, "OMS.0066");
        SimClient.assertOmsError(post(client.createV2(token, "waiting"), "stop", null), 400, "OMS.0066");
    }

    @Test
    void startResumesAStoppedTaskAndRetriesAFailedOne() {
        long stopped = runningTask();
        post(stopped, "stop", null);
        long failed = client.createV2(token, "retry-me");
        simulator.tasks().forceFinish(failed, false);

        assertThat(post(stopped, "start", SimClient.V2_START_BODY).statusCode()).isEqualTo(200);
        assertThat(post(failed, "start", SimClient.V2_START_BODY.replace("false", "true"))
                        .statusCode())
                .isEqualTo(200);

        assertThat(client.showV2(token, stopped).get("status").asInt()).isEqualTo(1);
        assertThat(client.showV2(token, failed).get("status").asInt()).isEqualTo(1);
        clock.advance(Duration.ofMillis(100));
        assertThat(client.showV2(token, stopped).get("status").asInt()).isEqualTo(2);
    }

    @Test
    void startOnARunningOrWaitingTaskIsOms0065AndOnASucceededOneOms0070() {
        long running = runningTask();
        long waiting = client.createV2(token, "waiting");
        long done = client.createV2(token, "done");
        simulator.tasks().forceFinish(done, true);

        SimClient.assertOmsError(post(running, "start", SimClient.V2_START_BODY), 400, "OMS.0065");
        SimClient.assertOmsError(post(waiting, "start", SimClient.V2_START_BODY), 400, "OMS.0065");
        SimClient.assertOmsError(post(done, "start", SimClient.V2_START_BODY), 400, "OMS.0070");
    }

    @Test
    void startNeedsTheDestinationKeysAndTheSourceKeysUnlessTheTaskIsAUrlList() {
        long id = runningTask();
        post(id, "stop", null);

        SimClient.assertOmsError(post(id, "start", "{\"src_ak\":\"a\",\"src_sk\":\"b\"}"), 400, "OMS.0064");
        SimClient.assertOmsError(post(id, "start", "{\"dst_ak\":\"a\",\"dst_sk\":\"b\"}"), 400, "OMS.0064");
        SimClient.assertOmsError(
                post(id, "start", SimClient.V2_START_BODY.replace("false", "\"yes\"")), 400, "OMS.0064");
        SimClient.assertOmsError(post(id, "start", ""), 400, "OMS.0067");
        assertThat(client.showV2(token, id).get("status").asInt()).isEqualTo(3);

        long urlList = SimClient.json(client.v2("POST", "tasks", V2CreateTaskValidationTest.URL_LIST_BODY, token))
                .get("id")
                .asLong();
        simulator.tasks().forceFinish(urlList, false);
        assertThat(post(urlList, "start", "{\"dst_ak\":\"a\",\"dst_sk\":\"b\"}").statusCode())
                .isEqualTo(200);
    }

    @Test
    void deleteRefusesARunningTaskAndRemovesAStoppedOne() {
        long id = runningTask();

        SimClient.assertOmsError(client.v2("DELETE", "tasks/" + id, null, token), 400, "OMS.0063");
        post(id, "stop", null);
        HttpResponse<String> r = client.v2("DELETE", "tasks/" + id, null, token);

        assertThat(r.statusCode()).isEqualTo(200);
        assertThat(r.body()).isEmpty();
        SimClient.assertOmsError(client.v2("GET", "tasks/" + id, null, token), 400, "OMS.1009");
        assertThat(simulator.tasks().find(id)).isEmpty();
    }

    @Test
    void anUnknownTaskIsOms1009OnEveryOperationAndAMalformedIdOms0054() {
        SimClient.assertOmsError(client.v2("GET", "tasks/123456789", null, token), 400, "OMS.1009");
        SimClient.assertOmsError(client.v2("DELETE", "tasks/123456789", null, token), 400, "OMS.1009");
        SimClient.assertOmsError(post(123456789, "start", "not json"), 400, "OMS.1009");
        SimClient.assertOmsError(post(123456789, "stop", null), 400, "OMS.1009");
        SimClient.assertOmsError(client.v2("GET", "tasks/abc", null, token), 400, "OMS.0054");
        SimClient.assertOmsError(client.v2("GET", "tasks/1000000000000000", null, token), 400, "OMS.0054");
    }

    @Test
    void anUnknownPathIsTheGateways404AndAWrongMethod405() {
        for (String path : new String[] {
            "tasks/1/pause",
            "tasks/1/start/now",
            "sync-tasks",
            "objectstorage/task",
            "taskgroups/g/resize",
            "tasks/1/bandwidth",
            ""
        }) {
            HttpResponse<String> r = client.v2("GET", path, null, token);
            assertThat(r.statusCode()).as(path).isEqualTo(404);
            JsonNode body = SimClient.json(r);
            assertThat(body.get("error_code").asText()).as(path).isEqualTo("APIG.0101");
            assertThat(body.get("request_id").asText())
                    .isEqualTo(r.headers().firstValue("X-Request-Id").orElseThrow());
        }
        assertThat(client.send("GET", "/v2/", null, token).statusCode()).isEqualTo(404);
        assertThat(client.v2("GET", "tasks/1/pause", null, null).statusCode())
                .as("404 before the token check")
                .isEqualTo(404);

        SimClient.assertOmsError(client.v2("PUT", "tasks", "{}", token), 405, "OMS.0005");
        SimClient.assertOmsError(client.v2("POST", "tasks/1", "{}", token), 405, "OMS.0005");
        SimClient.assertOmsError(client.v2("GET", "tasks/1/start", null, token), 405, "OMS.0005");
        SimClient.assertOmsError(client.v2("PUT", "tasks/1/stop", null, token), 405, "OMS.0005");
        SimClient.assertOmsError(client.v2("POST", "taskgroups/g/stop", null, token), 405, "OMS.0005");
        SimClient.assertOmsError(client.v2("PATCH", "taskgroups", "{}", token), 405, "OMS.0005");
        // the bandwidth and batch-update calls exist, with their own methods (PUT, PUT, POST)
        SimClient.assertOmsError(client.v2("GET", "tasks/1/bandwidth-policy", null, token), 405, "OMS.0005");
        SimClient.assertOmsError(client.v2("POST", "taskgroups/g/update", "{}", token), 405, "OMS.0005");
        SimClient.assertOmsError(client.v2("GET", "tasks/batch-update", null, token), 405, "OMS.0005");
    }

    @Test
    void aCreateIsAcceptedWithPlainJsonWithACharsetAndSentChunked() {
        HttpResponse<String> plain = client.sendChunked(
                "POST",
                "/v2/" + SimClient.PROJECT + "/tasks",
                SimClient.v2CreateBody("chunked"),
                Map.of("Content-Type", "application/json", "X-Auth-Token", token));
        HttpResponse<String> charset = client.v2("POST", "tasks", SimClient.v2CreateBody("charset"), token);

        assertThat(plain.statusCode()).as(plain.body()).isEqualTo(200);
        assertThat(charset.statusCode()).as(charset.body()).isEqualTo(200);
        assertThat(client.showV2(token, SimClient.json(plain).get("id").asLong())
                        .at("/src_node/bucket")
                        .asText())
                .isEqualTo("chunked");
    }

    @Test
    void v2CallsAreCountedWithTheV1Ones() {
        long id = runningTask();
        client.v2("GET", "tasks", null, token);
        post(id, "stop", null);
        post(id, "start", SimClient.V2_START_BODY);
        client.v2("GET", "tasks/999", null, token);

        SimulatorStats stats = simulator.stats();

        assertThat(stats.creates()).isEqualTo(1);
        assertThat(stats.shows()).isEqualTo(1);
        assertThat(stats.lists()).isEqualTo(1);
        assertThat(stats.updates()).isEqualTo(2);
        assertThat(stats.rejections()).isEqualTo(1);
        assertThat(stats.project(SimClient.PROJECT).updates()).isEqualTo(2);
    }
}
