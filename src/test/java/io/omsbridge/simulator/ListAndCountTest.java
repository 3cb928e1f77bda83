package io.omsbridge.simulator;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** Proves list pages newest first with start/limit/state, rejects bad ranges, and count answers {"taskcount": N}. */
class ListAndCountTest {

    private static OmsSimulator simulator;
    private static SimClient client;
    private static String token;
    private static final List<Long> ids = new ArrayList<>();

    @BeforeAll
    static void start() {
        simulator = OmsSimulator.start(SimulatorSettings.builder()
                .user("testname", "testname", "Password", SimClient.PROJECT, "cn-north-1")
                .user("testname", "bob", "Bob-pass", "33333333333333333333333333333333", "cn-east-3")
                .waitTime(Duration.ofMinutes(5))
                .build());
        client = new SimClient(simulator);
        token = client.token();
        for (int i = 0; i < 5; i++) {
            ids.add(client.create(token, "list-" + i));
        }
        simulator.tasks().forceFinish(ids.get(0), true);
        simulator.tasks().forceFinish(ids.get(2), true);
        String bobs = client.token(
                SimClient.tokenBody("testname", "bob", "Bob-pass", "{\"project\":{\"name\":\"cn-east-3\"}}"));
        client.send(
                "POST", "/v1/33333333333333333333333333333333/objectstorage/task", SimClient.SEED_CREATE_BODY, bobs);
    }

    @AfterAll
    static void stop() {
        simulator.close();
    }

    private static List<Long> listIds(String query) {
        HttpResponse<String> r = client.oms("GET", "task?" + query, null, token);
        assertThat(r.statusCode()).as(r.body()).isEqualTo(200);
        JsonNode array = SimClient.json(r);
        assertThat(array.isArray()).isTrue();
        List<Long> out = new ArrayList<>();
        array.forEach(t -> out.add(t.get("id").asLong()));
        return out;
    }

    @Test
    void listReturnsAnArrayOfTheProjectsTasksNewestFirst() {
        assertThat(listIds("start=0&limit=100"))
                .containsExactly(ids.get(4), ids.get(3), ids.get(2), ids.get(1), ids.get(0));
    }

    @Test
    void startAndLimitPage() {
        assertThat(listIds("start=0&limit=2")).containsExactly(ids.get(4), ids.get(3));
        assertThat(listIds("start=2&limit=2")).containsExactly(ids.get(2), ids.get(1));
        assertThat(listIds("start=4&limit=2")).containsExactly(ids.get(0));
        assertThat(listIds("start=9&limit=2")).isEmpty();
    }

    @Test
    void stateFiltersByStatus() {
        assertThat(listIds("start=0&limit=10&state=5")).containsExactly(ids.get(2), ids.get(0));
        assertThat(listIds("start=0&limit=10&state=1")).containsExactly(ids.get(4), ids.get(3), ids.get(1));
        assertThat(listIds("start=1&limit=1&state=1")).containsExactly(ids.get(3));
        assertThat(listIds("start=0&limit=10&state=2")).isEmpty();
    }

    @Test
    void listedTasksHaveTheShowShape() {
        JsonNode first = SimClient.json(client.oms("GET", "task?start=0&limit=1", null, token))
                .get(0);

        assertThat(first.fieldNames())
                .toIterable()
                .contains(
                        "id",
                        "name",
                        "src_node",
                        "dst_node",
                        "status",
                        "progress",
                        "total_num",
                        "error_reason",
                        "failed_object_record",
                        "task_type");
    }

    @Test
    void aLimitAbove100OrBelow1IsOms0051() {
        SimClient.assertOmsError(client.oms("GET", "task?start=0&limit=101", null, token), 400, "OMS.0051");
        SimClient.assertOmsError(client.oms("GET", "task?start=0&limit=0", null, token), 400, "OMS.0051");
    }

    @Test
    void aMissingOrNegativeStartOrLimitIsOms0051() {
        SimClient.assertOmsError(client.oms("GET", "task?limit=10", null, token), 400, "OMS.0051");
        SimClient.assertOmsError(client.oms("GET", "task?start=0", null, token), 400, "OMS.0051");
        SimClient.assertOmsError(client.oms("GET", "task?start=-1&limit=10", null, token), 400, "OMS.0051");
        SimClient.assertOmsError(client.oms("GET", "task", null, token), 400, "OMS.0051");
    }

    @Test
    void aStateOutside0To5IsOms0052() {
        SimClient.assertOmsError(client.oms("GET", "task?start=0&limit=10&state=6", null, token), 400, "OMS.0052");
        SimClient.assertOmsError(client.oms("GET", "task?start=0&limit=10&state=x", null, token), 400, "OMS.0052");
        SimClient.assertOmsError(client.oms("GET", "task?totalcount=true&state=-1", null, token), 400, "OMS.0052");
    }

    @Test
    void countAnswersTheNumberOfTheProjectsTasks() {
        assertThat(SimClient.json(client.oms("GET", "task?totalcount=true", null, token))
                        .get("taskcount")
                        .asLong())
                .isEqualTo(5);
        assertThat(SimClient.json(client.oms("GET", "task?totalcount=true&state=5", null, token))
                        .get("taskcount")
                        .asLong())
                .isEqualTo(2);
        assertThat(SimClient.json(client.oms("GET", "task?totalcount=true&state=3", null, token))
                        .get("taskcount")
                        .asLong())
                .isZero();
    }
}
