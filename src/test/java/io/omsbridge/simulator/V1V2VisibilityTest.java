package io.omsbridge.simulator;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import io.omsbridge.MutableClock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** Proves v1 and v2 share one task store: a task made through either API is seen, listed and steered through the other.
 * */
class V1V2VisibilityTest {

    private static final String V1_START = """
            {"operation":"start","source_ak":"sak","source_sk":"ssk","target_ak":"tak","target_sk":"tsk"}""";

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

    @Test
    void aV1TaskShowsInV2WithTheV2NamesForTheSameValues() {
        long id = client.create(token, "made-in-v1");
        clock.advance(Duration.ofSeconds(5));

        JsonNode v1 = client.show(token, id);
        JsonNode v2 = client.showV2(token, id);

        assertThat(v2.get("name")).isEqualTo(v1.get("name"));
        assertThat(v2.get("status").asInt()).isEqualTo(v1.get("status").asInt()).isEqualTo(2);
        assertThat(v2.get("successful_num")).isEqualTo(v1.get("success_num"));
        assertThat(v2.get("failed_num")).isEqualTo(v1.get("fail_num"));
        assertThat(v2.get("skipped_num")).isEqualTo(v1.get("skip_num"));
        assertThat(v2.get("complete_size")).isEqualTo(v1.get("complete_size"));
        assertThat(v2.get("total_size")).isEqualTo(v1.get("total_size"));
        assertThat(v2.get("enable_kms")).isEqualTo(v1.get("enableKMS"));
        assertThat(v2.get("description")).isEqualTo(v1.get("description"));
        assertThat(v2.at("/dst_node/save_prefix")).isEqualTo(v1.at("/dst_node/object_key"));
        assertThat(v2.at("/src_node/bucket").asText()).isEqualTo("made-in-v1");
        assertThat(v2.get("error_reason").isNull()).as("v1 says \"\", v2 null").isTrue();
        assertThat(v1.get("error_reason").asText()).isEmpty();
    }

    @Test
    void aV2TaskShowsInV1InTheV1Shape() {
        long id = client.createV2(token, "made-in-v2");

        JsonNode v1 = client.show(token, id);

        assertThat(v1.get("status").asInt()).isEqualTo(1);
        assertThat(v1.get("success_num").asLong()).isZero();
        assertThat(v1.get("enableKMS").asBoolean()).isFalse();
        assertThat(v1.at("/dst_node/object_key").asText()).isEqualTo("backup/");
        assertThat(v1.get("description").asText()).isEqualTo("bridge request r-1");
        assertThat(v1.get("error_reason").asText()).isEmpty();
        assertThat(v1.has("successful_num")).isFalse();
    }

    @Test
    void bothListsAndTheV1CountSeeTasksOfBothApis() {
        long v1 = client.create(token, "v1");
        long v2 = client.createV2(token, "v2");

        List<Long> v1List = new ArrayList<>();
        SimClient.json(client.oms("GET", "task?start=0&limit=10", null, token))
                .forEach(t -> v1List.add(t.get("id").asLong()));
        List<Long> v2List = new ArrayList<>();
        JsonNode v2Answer = SimClient.json(client.v2("GET", "tasks", null, token));
        v2Answer.get("tasks").forEach(t -> v2List.add(t.get("id").asLong()));

        assertThat(v1List).containsExactly(v2, v1);
        assertThat(v2List).containsExactly(v2, v1);
        assertThat(v2Answer.get("count").asLong()).isEqualTo(2);
        assertThat(SimClient.json(client.oms("GET", "task?totalcount=true&state=1", null, token))
                        .get("taskcount")
                        .asLong())
                .isEqualTo(2);
    }

    @Test
    void aTaskStoppedThroughV2IsStartedThroughV1AndDeletedThroughV2() {
        long id = client.create(token, "both-ways");
        clock.advance(Duration.ofMillis(100));

        assertThat(client.v2("POST", "tasks/" + id + "/stop", null, token).statusCode())
                .isEqualTo(200);
        assertThat(client.status(token, id)).isEqualTo(3);
        assertThat(client.oms("PUT", "task/" + id, V1_START, token).statusCode())
                .isEqualTo(200);
        assertThat(client.showV2(token, id).get("status").asInt()).isEqualTo(1);
        simulator.tasks().forceFinish(id, true);
        assertThat(client.v2("DELETE", "tasks/" + id, null, token).statusCode()).isEqualTo(200);

        SimClient.assertOmsError(client.oms("GET", "task/" + id, null, token), 400, "OMS.1009");
    }

    @Test
    void anotherProjectsTaskIsInvisibleInV2AsInV1() {
        try (OmsSimulator two = OmsSimulator.start(SimulatorSettings.builder()
                .user("testname", "testname", "Password", SimClient.PROJECT, "cn-north-1")
                .user("testname", "bob", "Bob-pass", "55555555555555555555555555555555", "cn-east-3")
                .build())) {
            SimClient c = new SimClient(two);
            long mine = c.createV2(c.token(), "mine");
            String bobs = c.token(
                    SimClient.tokenBody("testname", "bob", "Bob-pass", "{\"project\":{\"name\":\"cn-east-3\"}}"));

            SimClient.assertOmsError(
                    c.send("GET", "/v2/55555555555555555555555555555555/tasks/" + mine, null, bobs), 400, "OMS.1009");
            assertThat(SimClient.json(c.send("GET", "/v2/55555555555555555555555555555555/tasks", null, bobs))
                            .get("count")
                            .asLong())
                    .isZero();
        }
    }
}
