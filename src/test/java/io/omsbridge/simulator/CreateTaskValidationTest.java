package io.omsbridge.simulator;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.http.HttpResponse;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/** Proves the create call validates its body as oms-api.md §2.2 says and answers 200 {id, task_name} when valid. */
class CreateTaskValidationTest {

    private static OmsSimulator simulator;
    private static SimClient client;
    private static String token;

    @BeforeAll
    static void start() {
        simulator = OmsSimulator.start(SimulatorSettings.builder()
                .maxCreatesPer24h(0)
                .maxWaitingTasks(0)
                .maxRunningTasks(0)
                .build());
        client = new SimClient(simulator);
        token = client.token();
    }

    @AfterAll
    static void stop() {
        simulator.close();
    }

    static Stream<Arguments> invalidBodies() {
        return Stream.of(
                Arguments.of("src_node missing", "", "src_node", null, "OMS.0057"),
                Arguments.of("src_node not an object", "", "src_node", "\"x\"", "OMS.0057"),
                Arguments.of("src bucket missing", "/src_node", "bucket", null, "OMS.0057"),
                Arguments.of("src ak missing", "/src_node", "ak", null, "OMS.0057"),
                Arguments.of("src object_key a number", "/src_node", "object_key", "5", "OMS.0055"),
                Arguments.of("dst_node missing", "", "dst_node", null, "OMS.0058"),
                Arguments.of("dst region missing", "/dst_node", "region", null, "OMS.0058"),
                Arguments.of("dst ak missing", "/dst_node", "ak", null, "OMS.0058"),
                Arguments.of("dst sk missing", "/dst_node", "sk", null, "OMS.0058"),
                Arguments.of("dst object_key missing", "/dst_node", "object_key", null, "OMS.0058"),
                Arguments.of("dst bucket missing", "/dst_node", "bucket", null, "OMS.0058"),
                Arguments.of("dst ak too long", "/dst_node", "ak", "\"" + "a".repeat(101) + "\"", "OMS.0058"),
                Arguments.of("thread_num missing", "", "thread_num", null, "OMS.0059"),
                Arguments.of("thread_num 51", "", "thread_num", "51", "OMS.0059"),
                Arguments.of("thread_num negative", "", "thread_num", "-1", "OMS.0059"),
                Arguments.of("thread_num a string", "", "thread_num", "\"5\"", "OMS.0059"),
                Arguments.of("thread_num a fraction", "", "thread_num", "2.5", "OMS.0059"),
                Arguments.of(
                        "thread_num 2^64+5, which wraps to 5", "", "thread_num", "18446744073709551621", "OMS.0059"),
                Arguments.of("thread_num 2^32+5, which wraps to 5", "", "thread_num", "4294967301", "OMS.0059"),
                Arguments.of("enableKMS missing", "", "enableKMS", null, "OMS.0064"),
                Arguments.of("enableKMS a string", "", "enableKMS", "\"false\"", "OMS.0064"),
                Arguments.of("description with <", "", "description", "\"a <b> task\"", "OMS.0078"),
                Arguments.of("description with &", "", "description", "\"this & that\"", "OMS.0078"),
                Arguments.of("description too long", "", "description", "\"" + "d".repeat(256) + "\"", "OMS.0064"),
                Arguments.of("unknown task_type", "", "task_type", "\"bucket\"", "OMS.0064"),
                Arguments.of("list without list_file", "", "task_type", "\"list\"", "OMS.0057"),
                Arguments.of("url_list without list_file", "", "task_type", "\"url_list\"", "OMS.0057"),
                Arguments.of("six bandwidth windows", "", "bandwidth_policy", windows(6, 50_000_000L), "OMS.0083"),
                Arguments.of("bandwidth below 5 MB/s", "", "bandwidth_policy", windows(1, 1_000_000L), "OMS.0084"),
                Arguments.of(
                        "bandwidth above 10 GB/s", "", "bandwidth_policy", windows(1, 20_000_000_000L), "OMS.0084"),
                Arguments.of(
                        "bandwidth 2^64+50000000, which wraps into range",
                        "",
                        "bandwidth_policy",
                        "[{\"start\":\"00:00\",\"end\":\"01:00\",\"max_bandwidth\":18446744073759551616}]",
                        "OMS.0084"),
                Arguments.of(
                        "overlapping bandwidth windows",
                        "",
                        "bandwidth_policy",
                        policy("00:00", "12:00", "11:00", "23:59"),
                        "OMS.0064"),
                Arguments.of(
                        "bandwidth windows sharing their inclusive end minute",
                        "",
                        "bandwidth_policy",
                        policy("00:00", "12:00", "12:00", "23:59"),
                        "OMS.0064"),
                Arguments.of(
                        "a bandwidth window inside another",
                        "",
                        "bandwidth_policy",
                        policy("08:00", "18:00", "09:00", "10:00"),
                        "OMS.0064"),
                Arguments.of(
                        "a window over midnight overlapping the early morning",
                        "",
                        "bandwidth_policy",
                        policy("22:00", "02:00", "01:00", "03:00"),
                        "OMS.0064"),
                Arguments.of("migrate_since beyond a long", "", "migrate_since", "18446744073709551616", "OMS.0064"),
                Arguments.of(
                        "smnInfo without topic", "", "smnInfo", "{\"triggerConditions\":[\"SUCCESS\"]}", "OMS.0064"),
                Arguments.of("auto_restore a string", "", "auto_restore", "\"yes\"", "OMS.0064"));
    }

    @ParameterizedTest(name = "{0} is answered 400 {4}")
    @MethodSource("invalidBodies")
    void anInvalidBodyIsAnswered400WithItsCode(String why, String parent, String field, String value, String code) {
        HttpResponse<String> r = client.oms("POST", "task", edit(parent, field, value), token);

        SimClient.assertOmsError(r, 400, code);
    }

    @Test
    void aBodyThatIsNotAJsonObjectIsOms0067() {
        SimClient.assertOmsError(client.oms("POST", "task", "{not json", token), 400, "OMS.0067");
        SimClient.assertOmsError(client.oms("POST", "task", "[1,2]", token), 400, "OMS.0067");
        SimClient.assertOmsError(client.oms("POST", "task", "", token), 400, "OMS.0067");
    }

    @Test
    void aValidBodyIsAnswered200WithIdAndTaskName() {
        HttpResponse<String> r = client.oms("POST", "task", SimClient.createBody("bucket-a"), token);

        assertThat(r.statusCode()).isEqualTo(200);
        JsonNode body = SimClient.json(r);
        assertThat(body.get("id").isIntegralNumber()).isTrue();
        assertThat(body.get("id").asLong()).isBetween(1L, 999_999_999_999_999L);
        assertThat(body.get("task_name").asText()).matches("bucket-a-destination_bucket-\\d{17}_\\d{1,3}");
        assertThat(r.headers().firstValue("Content-Type").orElseThrow()).startsWith("application/json");
    }

    @Test
    void taskIdsAreUniqueAndIncreasing() {
        long first = client.create(token, "b1");
        long second = client.create(token, "b2");
        long third = client.create(token, "b3");

        assertThat(second).isGreaterThan(first);
        assertThat(third).isGreaterThan(second);
    }

    @Test
    void objectKeyMayBeAnArrayOfNamesOrThePathAndKeysObject() {
        long array = createdId(edit("/src_node", "object_key", "[\"a.txt\",\"dir/\"]"));
        long object = createdId(edit("/src_node", "object_key", "{\"path\":\"data/\",\"keys\":[\"x.bin\",\"y.bin\"]}"));

        assertThat(client.show(token, array).at("/src_node/object_key").toString())
                .isEqualTo("[\"a.txt\",\"dir/\"]");
        assertThat(client.show(token, object).at("/src_node/object_key").toString())
                .isEqualTo("[\"data/x.bin\",\"data/y.bin\"]");
    }

    @Test
    void windowsThatTouchWithoutSharingAMinuteAreAccepted() {
        long adjacent = createdId(edit("", "bandwidth_policy", policy("00:00", "11:59", "12:00", "23:59")));
        long overMidnight = createdId(edit("", "bandwidth_policy", policy("22:00", "01:59", "02:00", "21:59")));

        assertThat(client.show(token, adjacent).get("bandwidth_policy").size()).isEqualTo(2);
        assertThat(client.show(token, overMidnight)
                        .at("/bandwidth_policy/0/end")
                        .asText())
                .isEqualTo("01:59");
    }

    @Test
    void anEmptyTaskTypeMeansObject() {
        JsonNode task = client.show(token, createdId(edit("", "task_type", "\"\"")));

        assertThat(task.get("task_type").asText()).isEqualTo("object");
    }

    @Test
    void aListTaskWithItsListFileIsAcceptedAndShowsIt() {
        String body = edit("", "task_type", "\"list\"");
        body = edit(body, "/src_node", "list_file", "{\"obs_bucket\":\"lists\",\"list_file_key\":\"l/1.txt\"}");

        JsonNode task = client.show(token, createdId(body));

        assertThat(task.get("task_type").asText()).isEqualTo("list");
        assertThat(task.at("/src_node/list_file/obs_bucket").asText()).isEqualTo("lists");
        assertThat(task.at("/src_node/list_file/list_file_key").asText()).isEqualTo("l/1.txt");
    }

    @Test
    void optionalFieldsAreKeptAndShown() {
        String body = edit("", "bandwidth_policy", windows(2, 50_000_000L));
        body = edit(body, "", "migrate_since", "1700000000");
        body = edit(body, "", "auto_restore", "true");
        body = edit(
                body,
                "",
                "smnInfo",
                "{\"topicUrn\":\"urn:smn:cn-north-1:p:topic1\",\"triggerConditions\":[\"SUCCESS\",\"FAIL\"]}");
        body = edit(body, "", "source_cdn", "{\"protocol\":\"https\",\"domain\":\"cdn.example.com\"}");

        JsonNode task = client.show(token, createdId(body));

        assertThat(task.get("bandwidth_policy").size()).isEqualTo(2);
        assertThat(task.get("migrate_since").asLong()).isEqualTo(1_700_000_000L);
        assertThat(task.get("auto_restore").asBoolean()).isTrue();
        assertThat(task.at("/source_cdn/domain").asText()).isEqualTo("cdn.example.com");
        assertThat(task.has("smnInfo"))
                .as("smnInfo appears once the task has ended")
                .isFalse();
    }

    @Test
    void secretsAreNeverEchoed() {
        long id = client.create(token, "secret-bucket");

        HttpResponse<String> shown = client.oms("GET", "task/" + id, null, token);
        HttpResponse<String> listed = client.oms("GET", "task?start=0&limit=100", null, token);

        assertThat(shown.body())
                .doesNotContain("source_ak", "source_sk", "destination_ak", "destination_sk", "\"ak\"", "\"sk\"");
        assertThat(listed.body()).doesNotContain("source_ak", "source_sk", "destination_ak", "destination_sk");
    }

    private static long createdId(String body) {
        HttpResponse<String> r = client.oms("POST", "task", body, token);
        assertThat(r.statusCode()).as(r.body()).isEqualTo(200);
        return SimClient.json(r).get("id").asLong();
    }

    /** The seed body with one field replaced (value JSON) or removed (value null). */
    static String edit(String parent, String field, String value) {
        return edit(SimClient.SEED_CREATE_BODY, parent, field, value);
    }

    static String edit(String body, String parent, String field, String value) {
        try {
            JsonNode root = SimClient.MAPPER.readTree(body);
            ObjectNode target = (ObjectNode) (parent.isEmpty() ? root : root.at(parent));
            if (value == null) {
                target.remove(field);
            } else {
                target.set(field, SimClient.MAPPER.readTree(value));
            }
            return SimClient.MAPPER.writeValueAsString(root);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** Two bandwidth windows at 50 MB/s. */
    static String policy(String start1, String end1, String start2, String end2) {
        return "[{\"start\":\"%s\",\"end\":\"%s\",\"max_bandwidth\":50000000},{\"start\":\"%s\",\"end\":\"%s\",\"max_bandwidth\":50000000}]"
                .formatted(start1, end1, start2, end2);
    }

    private static String windows(int n, long maxBandwidth) {
        StringBuilder sb = new StringBuilder("[");
        for (int i = 0; i < n; i++) {
            sb.append(i == 0 ? "" : ",")
                    .append("{\"start\":\"0")
                    .append(i)
                    .append(":00\",\"end\":\"0")
                    .append(i)
                    .append(":59\",\"max_bandwidth\":")
                    .append(maxBandwidth)
                    .append('}');
        }
        return sb.append(']').toString();
    }
}
