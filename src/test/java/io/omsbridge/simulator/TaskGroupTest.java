package io.omsbridge.simulator;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import io.omsbridge.MutableClock;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * Proves the v2 task groups: one task per prefix, status and counters derived from those tasks through a group's whole
 * life, and stop, start, retry and delete with their state rules. Tasks wait 100 ms, run 10 s and pause for 1 s.
 */
class TaskGroupTest {

    static final String GROUP_BODY = """
            {"src_node":{"cloud_type":"Aliyun","region":"cn-hangzhou","ak":"SRC_AK","sk":"SRC_SK","bucket":"photos",
                         "object_key":["2024/","2025/","raw/"]},
             "dst_node":{"region":"cn-north-1","ak":"DST_AK","sk":"DST_SK","bucket":"archive","save_prefix":"from-aliyun/"},
             "description":"bridge request g-1","enable_kms":false}""";
    private static final String START = "{\"src_ak\":\"s\",\"src_sk\":\"s\",\"dst_ak\":\"d\",\"dst_sk\":\"d\"}";
    private static final Duration WAIT = Duration.ofMillis(100);
    private static final Duration RUN = Duration.ofSeconds(10);
    private static final Duration PAUSING = Duration.ofSeconds(1);

    private final MutableClock clock = new MutableClock(Instant.parse("2026-11-25T10:00:00Z"));
    private OmsSimulator simulator;
    private SimClient client;
    private String token;

    @BeforeEach
    void start() {
        simulator = OmsSimulator.start(SimulatorSettings.builder()
                .waitTime(WAIT)
                .runTime(RUN)
                .pausingTime(PAUSING)
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

    private String createGroup(String body) {
        HttpResponse<String> r = client.v2("POST", "taskgroups", body, token);
        assertThat(r.statusCode()).as(r.body()).isEqualTo(200);
        return SimClient.json(r).get("group_id").asText();
    }

    private JsonNode group(String id) {
        HttpResponse<String> r = client.v2("GET", "taskgroups/" + id, null, token);
        assertThat(r.statusCode()).as(r.body()).isEqualTo(200);
        return SimClient.json(r);
    }

    private int status(String id) {
        return group(id).get("status").asInt();
    }

    private JsonNode members(String id, String query) {
        HttpResponse<String> r = client.v2("GET", "tasks?group_id=" + id + query, null, token);
        assertThat(r.statusCode()).as(r.body()).isEqualTo(200);
        return SimClient.json(r);
    }

    private HttpResponse<String> put(String id, String action, String body) {
        return client.v2("PUT", "taskgroups/" + id + "/" + action, body, token);
    }

    private static long sum(JsonNode tasks, String field) {
        long sum = 0;
        for (JsonNode t : tasks) {
            sum += t.get(field).asLong();
        }
        return sum;
    }

    @Test
    void aGroupMakesOneTaskPerPrefixEachMarkedAsTheGroupsAndListedByGroupId() {
        String id = createGroup(GROUP_BODY);

        assertThat(id).matches("[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}");
        JsonNode list = members(id, "");
        assertThat(list.get("count").asLong()).isEqualTo(3);
        List<String> prefixes = new ArrayList<>();
        for (JsonNode t : list.get("tasks")) {
            assertThat(t.get("group_type").asText()).isEqualTo("GROUP_TASK");
            assertThat(t.get("group_id").asText()).isEqualTo(id);
            assertThat(t.get("task_type").asText()).isEqualTo("prefix");
            assertThat(t.get("description").asText()).isEqualTo("bridge request g-1");
            assertThat(t.at("/dst_node/save_prefix").asText()).isEqualTo("from-aliyun/");
            assertThat(t.at("/src_node/object_key").size()).isEqualTo(1);
            prefixes.add(t.at("/src_node/object_key/0").asText());
        }
        assertThat(prefixes).as("newest first").containsExactly("raw/", "2025/", "2024/");
        assertThat(members(id, "&limit=1&offset=1")
                        .get("tasks")
                        .get(0)
                        .at("/src_node/object_key/0")
                        .asText())
                .isEqualTo("2025/");
        assertThat(simulator.tasks().findGroup(id).orElseThrow().tasks()).hasSize(3);
        assertThat(SimClient.json(client.v2("GET", "tasks", null, token))
                        .get("count")
                        .asLong())
                .isEqualTo(3);
    }

    @Test
    void aNewGroupIsMonitoringItsWaitingTasksAndKeepsItsDescriptionAndRequest() {
        String id = createGroup(GROUP_BODY);

        JsonNode g = group(id);

        assertThat(g.get("group_id").asText()).isEqualTo(id);
        assertThat(g.get("status").asInt()).isEqualTo(2);
        assertThat(g.get("description").asText()).isEqualTo("bridge request g-1");
        assertThat(g.get("task_type").asText()).isEqualTo("PREFIX");
        assertThat(g.get("total_task_num").asLong()).isEqualTo(3);
        assertThat(g.get("create_task_num").asLong()).isEqualTo(3);
        assertThat(g.get("waiting_task_num").asLong()).isEqualTo(3);
        assertThat(g.get("executing_task_num").asLong()).isZero();
        assertThat(g.at("/src_node/object_key").size()).isEqualTo(3);
        assertThat(g.at("/src_node/bucket").asText()).isEqualTo("photos");
        assertThat(g.at("/dst_node/save_prefix").asText()).isEqualTo("from-aliyun/");
        assertThat(g.get("error_reason").isNull()).isTrue();
        assertThat(g.fieldNames())
                .toIterable()
                .contains(
                        "success_num",
                        "fail_num",
                        "skip_num",
                        "complete_size",
                        "total_size",
                        "paused_task_num",
                        "failed_task_num",
                        "complete_task_num",
                        "failed_object_record")
                .doesNotContain("successful_num", "failed_num", "skipped_num");
    }

    @Test
    void aGroupRunsToCompletedWithCountersThatAreTheSumsOfItsTasks() {
        String id = createGroup(GROUP_BODY);
        clock.advance(WAIT.plusSeconds(4));

        JsonNode running = group(id);
        JsonNode tasks = members(id, "").get("tasks");
        assertThat(running.get("status").asInt()).isEqualTo(2);
        assertThat(running.get("executing_task_num").asLong()).isEqualTo(3);
        assertThat(running.get("success_num").asLong()).isPositive().isEqualTo(sum(tasks, "successful_num"));
        assertThat(running.get("complete_size").asLong())
                .isEqualTo(sum(tasks, "complete_size"))
                .isLessThan(running.get("total_size").asLong());
        assertThat(running.get("total_num").asLong()).isEqualTo(sum(tasks, "total_num"));
        assertThat(running.get("start_time").asLong()).isPositive();
        assertThat(running.get("migrate_speed").asLong()).isPositive();

        clock.advance(RUN);
        JsonNode done = group(id);
        assertThat(done.get("status").asInt()).isEqualTo(6);
        assertThat(done.get("complete_task_num").asLong()).isEqualTo(3);
        assertThat(done.get("executing_task_num").asLong()).isZero();
        assertThat(done.get("success_num").asLong())
                .isEqualTo(done.get("total_num").asLong());
        assertThat(done.get("complete_size").asLong())
                .isEqualTo(done.get("total_size").asLong());
        assertThat(done.get("total_time").asLong()).isEqualTo(RUN.toMillis());
        assertThat(simulator.tasks().findGroup(id).orElseThrow().status()).isEqualTo(GroupStatus.COMPLETED);
    }

    @Test
    void aGroupWithAFailedTaskEndsMigrationFailedAndARetryRunsOnlyTheFailedTaskAgain() {
        String id = createGroup(GROUP_BODY);
        long failing = members(id, "").get("tasks").get(0).get("id").asLong();
        simulator.tasks().forceFinish(failing, false);
        clock.advance(WAIT.plus(RUN));

        JsonNode failed = group(id);
        assertThat(failed.get("status").asInt()).isEqualTo(5);
        assertThat(failed.get("failed_task_num").asLong()).isEqualTo(1);
        assertThat(failed.get("complete_task_num").asLong()).isEqualTo(2);
        assertThat(failed.get("fail_num").asLong()).isPositive();
        assertThat(failed.at("/error_reason/error_code").asText()).isEqualTo("TRF.0004");
        assertThat(failed.at("/failed_object_record/result").asBoolean()).isTrue();
        assertThat(members(id, "&status=4").get("count").asLong()).isEqualTo(1);

        assertThat(put(id, "retry", "{\"migrate_failed_object\":true}").statusCode())
                .isEqualTo(200);

        assertThat(status(id)).isEqualTo(2);
        assertThat(members(id, "&status=1").get("tasks").get(0).get("id").asLong())
                .isEqualTo(failing);
        assertThat(members(id, "&status=5").get("count").asLong()).isEqualTo(2);
        clock.advance(WAIT.plus(RUN));
        assertThat(status(id)).isEqualTo(6);
        assertThat(group(id).get("fail_num").asLong()).isZero();
    }

    @Test
    void aGroupWhoseSourceFailsByTheRuleFailsAgainOnAFullRetry() {
        String id = createGroup(GROUP_BODY.replace("\"photos\"", "\"fail-photos\""));
        clock.advance(WAIT.plus(RUN));
        assertThat(status(id)).isEqualTo(5);

        assertThat(put(id, "retry", "").statusCode())
                .as("every retry field is optional")
                .isEqualTo(200);

        clock.advance(WAIT.plus(RUN));
        assertThat(status(id)).isEqualTo(5);
        assertThat(group(id).get("failed_task_num").asLong()).isEqualTo(3);
    }

    @Test
    void stopPausesTheGroupThroughPausingAndStartResumesIt() {
        String id = createGroup(GROUP_BODY);
        clock.advance(WAIT.plusSeconds(2));
        long completeBefore = group(id).get("complete_size").asLong();

        assertThat(put(id, "stop", null).statusCode()).isEqualTo(200);

        assertThat(status(id)).isEqualTo(7);
        assertThat(members(id, "&status=7").get("count").asLong()).isEqualTo(3);
        clock.advance(PAUSING);
        JsonNode paused = group(id);
        assertThat(paused.get("status").asInt()).isEqualTo(3);
        assertThat(paused.get("paused_task_num").asLong()).isEqualTo(3);
        assertThat(paused.get("complete_size").asLong()).isEqualTo(completeBefore);

        assertThat(put(id, "start", START).statusCode()).isEqualTo(200);

        assertThat(status(id)).isEqualTo(2);
        assertThat(members(id, "&status=1").get("count").asLong()).isEqualTo(3);
        clock.advance(WAIT.plus(RUN));
        assertThat(status(id)).isEqualTo(6);
    }

    @Test
    void stoppingAGroupWhoseTasksStillWaitStopsThemAtOnce() {
        String id = createGroup(GROUP_BODY);

        assertThat(put(id, "stop", null).statusCode()).isEqualTo(200);

        assertThat(status(id)).isEqualTo(3);
        clock.advance(RUN.multipliedBy(2));
        assertThat(status(id)).as("stopped, however long").isEqualTo(3);
    }

    @Test
    void operationsInTheWrongStateAreRefusedWithTheTaskCodes() {
        String monitoring = createGroup(GROUP_BODY);
        String completed = createGroup(GROUP_BODY);
        simulator
                .tasks()
                .findGroup(completed)
                .orElseThrow()
                .tasks()
                .forEach(t -> simulator.tasks().forceFinish(t.id(), true));
        String pausing = createGroup(GROUP_BODY);
        clock.advance(WAIT);
        put(pausing, "stop", null);

        SimClient.assertOmsError(put(completed, "stop", null), 400, "OMS.0066");
        SimClient.assertOmsError(put(pausing, "stop", null), 400, "OMS.0066");
        SimClient.assertOmsError(put(monitoring, "start", START), 400, "OMS.0065");
        SimClient.assertOmsError(put(completed, "start", START), 400, "OMS.0070");
        SimClient.assertOmsError(put(pausing, "start", START), 400, "OMS.0065");
        SimClient.assertOmsError(put(monitoring, "retry", "{}"), 400, "OMS.0065");
        SimClient.assertOmsError(put(completed, "retry", "{}"), 400, "OMS.0070");
        SimClient.assertOmsError(client.v2("DELETE", "taskgroups/" + monitoring, null, token), 400, "OMS.0063");
        SimClient.assertOmsError(client.v2("DELETE", "taskgroups/" + pausing, null, token), 400, "OMS.0063");
        clock.advance(PAUSING);
        SimClient.assertOmsError(put(pausing, "start", "{\"src_ak\":\"s\",\"src_sk\":\"s\"}"), 400, "OMS.0064");
        SimClient.assertOmsError(put(pausing, "start", ""), 400, "OMS.0067");
        assertThat(status(pausing)).isEqualTo(3);
    }

    @Test
    void deletingAPausedOrEndedGroupDeletesItsTasksToo() {
        String paused = createGroup(GROUP_BODY);
        put(paused, "stop", null);
        String completed = createGroup(GROUP_BODY);
        List<Long> completedTasks = simulator.tasks().findGroup(completed).orElseThrow().tasks().stream()
                .map(SimTask::id)
                .toList();
        completedTasks.forEach(t -> simulator.tasks().forceFinish(t, true));

        assertThat(client.v2("DELETE", "taskgroups/" + paused, null, token).statusCode())
                .isEqualTo(200);
        HttpResponse<String> r = client.v2("DELETE", "taskgroups/" + completed, null, token);

        assertThat(r.statusCode()).isEqualTo(200);
        assertThat(r.body()).isEmpty();
        SimClient.assertOmsError(client.v2("GET", "taskgroups/" + completed, null, token), 400, "OMS.1009");
        SimClient.assertOmsError(client.v2("GET", "tasks/" + completedTasks.get(0), null, token), 400, "OMS.1009");
        assertThat(members(completed, "").get("count").asLong()).isZero();
        assertThat(simulator.tasks().size()).isZero();
    }

    @Test
    void aTaskOfTheGroupSteeredThroughTheTaskApiMovesTheGroupToo() {
        String id = createGroup(GROUP_BODY);
        clock.advance(WAIT);
        JsonNode tasks = members(id, "").get("tasks");
        long first = tasks.get(0).get("id").asLong();

        assertThat(client.v2("POST", "tasks/" + first + "/stop", null, token).statusCode())
                .isEqualTo(200);
        clock.advance(PAUSING);
        assertThat(status(id)).as("the others still run").isEqualTo(2);
        clock.advance(RUN);

        assertThat(status(id)).as("one task stopped, the rest done").isEqualTo(3);
        assertThat(group(id).get("paused_task_num").asLong()).isEqualTo(1);
    }

    @Test
    void theGroupListIsNewestFirstWithCountPagingAndAStatusFilter() {
        String a = createGroup(GROUP_BODY);
        String b = createGroup(GROUP_BODY);
        String c = createGroup(GROUP_BODY);
        simulator
                .tasks()
                .findGroup(b)
                .orElseThrow()
                .tasks()
                .forEach(t -> simulator.tasks().forceFinish(t.id(), true));

        JsonNode all = SimClient.json(client.v2("GET", "taskgroups", null, token));
        assertThat(all.get("count").asLong()).isEqualTo(3);
        assertThat(ids(all)).containsExactly(c, b, a);
        assertThat(ids(SimClient.json(client.v2("GET", "taskgroups?offset=1&limit=1", null, token))))
                .containsExactly(b);
        JsonNode completed = SimClient.json(client.v2("GET", "taskgroups?status=6", null, token));
        assertThat(ids(completed)).containsExactly(b);
        assertThat(completed.get("count").asLong()).isEqualTo(1);
        assertThat(ids(SimClient.json(client.v2("GET", "taskgroups?status=2", null, token))))
                .containsExactly(c, a);
        assertThat(SimClient.json(client.v2("GET", "taskgroups?status=9", null, token))
                        .get("count")
                        .asLong())
                .isZero();
        for (String query : new String[] {"limit=0", "limit=101", "offset=-1", "status=10", "status=-1", "status=x"}) {
            SimClient.assertOmsError(client.v2("GET", "taskgroups?" + query, null, token), 400, "OMS.0064");
        }
    }

    @Test
    void anUnknownOrForeignGroupIsOms1009() {
        try (OmsSimulator two = OmsSimulator.start(SimulatorSettings.builder()
                .user("testname", "testname", "Password", SimClient.PROJECT, "cn-north-1")
                .user("testname", "bob", "Bob-pass", "66666666666666666666666666666666", "cn-east-3")
                .build())) {
            SimClient c = new SimClient(two);
            String mine = SimClient.json(c.v2("POST", "taskgroups", GROUP_BODY, c.token()))
                    .get("group_id")
                    .asText();
            String bobs = c.token(
                    SimClient.tokenBody("testname", "bob", "Bob-pass", "{\"project\":{\"name\":\"cn-east-3\"}}"));
            String bobGroups = "/v2/66666666666666666666666666666666/taskgroups/";

            SimClient.assertOmsError(c.send("GET", bobGroups + mine, null, bobs), 400, "OMS.1009");
            SimClient.assertOmsError(c.send("PUT", bobGroups + mine + "/stop", null, bobs), 400, "OMS.1009");
            SimClient.assertOmsError(c.send("DELETE", bobGroups + mine, null, bobs), 400, "OMS.1009");
            assertThat(SimClient.json(c.send(
                                    "GET", "/v2/66666666666666666666666666666666/tasks?group_id=" + mine, null, bobs))
                            .get("count")
                            .asLong())
                    .isZero();
        }
        for (String action : new String[] {"stop", "start", "retry"}) {
            SimClient.assertOmsError(put("no-such-group", action, START), 400, "OMS.1009");
        }
        SimClient.assertOmsError(client.v2("GET", "taskgroups/no-such-group", null, token), 400, "OMS.1009");
    }

    @Test
    void aGroupRequestIsValidatedAndAGroupThatBreaksAQuotaMakesNoTask() {
        SimClient.assertOmsError(
                client.v2(
                        "POST",
                        "taskgroups",
                        GROUP_BODY.replace("\"enable_kms\"", "\"task_type\":\"prefix\",\"enable_kms\""),
                        token),
                400,
                "OMS.0064");
        SimClient.assertOmsError(
                client.v2("POST", "taskgroups", GROUP_BODY.replace("g-1", "g<1>"), token), 400, "OMS.0078");
        SimClient.assertOmsError(
                client.v2("POST", "taskgroups", GROUP_BODY.replace("\"raw/\"", "\"2024/\""), token), 400, "OMS.0055");
        try (OmsSimulator limited = OmsSimulator.start(
                SimulatorSettings.builder().maxCreatesPer24h(4).build())) {
            SimClient c = new SimClient(limited);
            String t = c.token();
            c.create(t, "one-task");
            c.create(t, "two-tasks");

            SimClient.assertOmsError(c.v2("POST", "taskgroups", GROUP_BODY, t), 400, "OMS.0075");

            assertThat(limited.tasks().size()).isEqualTo(2);
            assertThat(SimClient.json(c.v2("GET", "taskgroups", null, t))
                            .get("count")
                            .asLong())
                    .isZero();
        }
    }

    @Test
    void aListGroupMakesOneTaskForItsListFile() {
        String id = createGroup("""
                {"task_type":"LIST","src_node":{"cloud_type":"AWS","region":"us-east-1","ak":"a","sk":"s","bucket":"b",
                  "list_file":{"obs_bucket":"lists","list_file_key":"objects.txt","list_file_num":"1"}},
                 "dst_node":{"region":"cn-north-1","ak":"a","sk":"s","bucket":"d"}}""");

        JsonNode tasks = members(id, "").get("tasks");

        assertThat(tasks.size()).isEqualTo(1);
        assertThat(tasks.get(0).get("task_type").asText()).isEqualTo("list");
        assertThat(tasks.get(0).at("/src_node/list_file/list_file_key").asText())
                .isEqualTo("objects.txt");
        assertThat(group(id).get("task_type").asText()).isEqualTo("LIST");
    }

    @Test
    void groupCallsAreCounted() {
        String id = createGroup(GROUP_BODY);
        group(id);
        client.v2("GET", "taskgroups", null, token);
        put(id, "start", START);

        assertThat(simulator.stats().groupCalls()).isEqualTo(3);
        assertThat(simulator.stats().rejections()).isEqualTo(1);
    }

    private static List<String> ids(JsonNode list) {
        List<String> ids = new ArrayList<>();
        list.get("taskgroups").forEach(g -> ids.add(g.get("group_id").asText()));
        return ids;
    }
}
