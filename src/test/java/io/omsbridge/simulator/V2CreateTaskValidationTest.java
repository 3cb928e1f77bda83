package io.omsbridge.simulator;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.http.HttpResponse;
import java.util.function.Consumer;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;

/** Proves a v2 CreateTaskReq is checked by the v2 rules (§4.1–4.5), answering the OMS codes, and nothing is made then.
 * */
class V2CreateTaskValidationTest {

    static final String URL_LIST_BODY = """
            {"task_type":"url_list","src_node":{"cloud_type":"URLSource",
              "list_file":{"obs_bucket":"lists","list_file_key":"urls.txt"}},
             "dst_node":{"region":"cn-north-1","ak":"DST_AK","sk":"DST_SK","bucket":"dst"}}""";

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

    /** The default v2 body with one change. */
    static String edit(Consumer<ObjectNode> change) {
        try {
            ObjectNode root = (ObjectNode) SimClient.MAPPER.readTree(SimClient.V2_CREATE_BODY);
            change.accept(root);
            return SimClient.MAPPER.writeValueAsString(root);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static ObjectNode node(ObjectNode root, String field) {
        return (ObjectNode) root.get(field);
    }

    private static HttpResponse<String> create(String body) {
        return client.v2("POST", "tasks", body, token);
    }

    private static void assertRefused(String body, String code) {
        int before = simulator.tasks().size();
        SimClient.assertOmsError(create(body), 400, code);
        assertThat(simulator.tasks().size()).as("no task made").isEqualTo(before);
    }

    @ParameterizedTest(name = "a description with {0} is OMS.0078")
    @ValueSource(strings = {"^", "<", ">", "&", "\"", "'"})
    void aDescriptionWithAForbiddenCharacterIsOms0078(String character) {
        assertRefused(edit(r -> r.put("description", "a" + character + "b")), "OMS.0078");
    }

    @Test
    void parenthesesThatV1RefusesAreFineInAV2Description() {
        HttpResponse<String> r = create(edit(r2 -> r2.put("description", "request (42) for bridge")));

        assertThat(r.statusCode()).as(r.body()).isEqualTo(200);
    }

    @Test
    void aDescriptionOver255CharactersIsOms0064() {
        assertRefused(edit(r -> r.put("description", "x".repeat(256))), "OMS.0064");
        assertThat(create(edit(r -> r.put("description", "x".repeat(255)))).statusCode())
                .isEqualTo(200);
    }

    @ParameterizedTest(name = "max_bandwidth {0} is {1}")
    @CsvSource({"1048575, OMS.0084", "209715201, OMS.0084", "1048576, ok", "209715200, ok"})
    void theBandwidthMustBeBetween1And200MegabytesPerSecond(long max, String outcome) {
        String body = edit(r -> r.set(
                "bandwidth_policy",
                SimClient.MAPPER
                        .createArrayNode()
                        .add(SimClient.MAPPER
                                .createObjectNode()
                                .put("start", "00:00")
                                .put("end", "23:59")
                                .put("max_bandwidth", max))));
        if (outcome.equals("ok")) {
            assertThat(create(body).statusCode()).isEqualTo(200);
        } else {
            assertRefused(body, outcome);
        }
    }

    @Test
    void moreThanFiveBandwidthWindowsIsOms0083AndOverlappingOnesOms0064() {
        assertRefused(edit(r -> r.set("bandwidth_policy", json(windows(6)))), "OMS.0083");
        assertThat(create(edit(r -> r.set("bandwidth_policy", json(windows(5)))))
                        .statusCode())
                .isEqualTo(200);
        String overlapping = CreateTaskValidationTest.policy("00:00", "12:00", "06:00", "18:00")
                .replace("50000000", "2000000");
        assertRefused(edit(r -> r.set("bandwidth_policy", json(overlapping))), "OMS.0064");
    }

    /** n one-hour windows at 2 MB/s that do not overlap. */
    private static String windows(int n) {
        StringBuilder sb = new StringBuilder("[");
        for (int i = 0; i < n; i++) {
            sb.append(i == 0 ? "" : ",")
                    .append("{\"start\":\"0")
                    .append(i)
                    .append(":00\",\"end\":\"0")
                    .append(i)
                    .append(":59\",\"max_bandwidth\":2000000}");
        }
        return sb.append(']').toString();
    }

    @ParameterizedTest(name = "{0}")
    @CsvSource(
            delimiter = '|',
            value = {
                "no src_node                   | src_node  | -            | OMS.0057",
                "no dst_node                   | dst_node  | -            | OMS.0058",
                "no source bucket              | src_node  | bucket       | OMS.0057",
                "no source region              | src_node  | region       | OMS.0057",
                "no source secret key          | src_node  | sk           | OMS.0057",
                "no destination access key     | dst_node  | ak           | OMS.0058",
                "no destination bucket         | dst_node  | bucket       | OMS.0058",
                "no destination region         | dst_node  | region       | OMS.0058"
            })
    void aMissingNodeOrRequiredNodeFieldIsRefused(String what, String node, String field, String code) {
        assertRefused(
                edit(r -> {
                    if (field.equals("-")) {
                        r.remove(node);
                    } else {
                        node(r, node).remove(field);
                    }
                }),
                code);
    }

    @ParameterizedTest(name = "{0}")
    @CsvSource(
            delimiter = '|',
            value = {
                "an upper-case task type            | task_type              | \"OBJECT\"",
                "an unknown overwrite mode          | object_overwrite_mode  | \"ALWAYS\"",
                "an unknown storage policy          | dst_storage_policy     | \"COLD\"",
                "an unknown consistency check       | consistency_check      | \"md5\"",
                "an unknown priority                | task_priority          | \"URGENT\"",
                "a negative migrate_since           | migrate_since          | -1",
                "a boolean given as a string        | enable_kms             | \"false\"",
                "the v1 smnInfo trigger FAIL        | smn_config             | {\"topic_urn\":\"urn:smn:r:p:t\",\"trigger_conditions\":[\"FAIL\"]}",
                "a CDN without authentication type  | source_cdn             | {\"domain\":\"cdn.example.com\",\"protocol\":\"https\"}"
            })
    void aBadOptionIsOms0064(String what, String field, String value) {
        assertRefused(edit(r -> r.set(field, json(value))), "OMS.0064");
    }

    @Test
    void objectKeysMustBeAnArrayOfStrings() {
        assertRefused(edit(r -> node(r, "src_node").put("object_key", "a.txt")), "OMS.0055");
        assertRefused(edit(r -> node(r, "src_node").set("object_key", json("[1]"))), "OMS.0055");
    }

    @Test
    void aUrlListTaskNeedsAListFileAndTheUrlSourceCloudTypeButNoSourceKeys() {
        assertThat(create(URL_LIST_BODY).statusCode()).isEqualTo(200);
        assertRefused(CreateTaskValidationTest.edit(URL_LIST_BODY, "/src_node", "list_file", null), "OMS.0057");
        assertRefused(CreateTaskValidationTest.edit(URL_LIST_BODY, "/src_node", "cloud_type", "\"AWS\""), "OMS.0057");
        assertRefused(edit(r -> node(r, "src_node").put("cloud_type", "URLSource")), "OMS.0057");
        assertRefused(edit(r -> node(r, "src_node").put("cloud_type", "OBS")), "OMS.0057");
    }

    @Test
    void theCreateOptionsAreEchoedInTheTaskResp() {
        String body = edit(r -> r.put("enable_failed_object_recording", false)
                .put("enable_metadata_migration", true)
                .put("enable_restore", true)
                .put("object_overwrite_mode", "NO_OVERWRITE")
                .put("dst_storage_policy", "IA")
                .put("consistency_check", "crc64")
                .put("task_priority", "HIGH")
                .put("enable_requester_pays", true)
                .put("migrate_since", 1700000000L)
                .put("enable_kms", true));
        long id = SimClient.json(create(body)).get("id").asLong();

        JsonNode task = client.showV2(token, id);

        assertThat(task.get("enable_failed_object_recording").asBoolean()).isFalse();
        assertThat(task.get("enable_metadata_migration").asBoolean()).isTrue();
        assertThat(task.get("enable_restore").asBoolean()).isTrue();
        assertThat(task.get("enable_kms").asBoolean()).isTrue();
        assertThat(task.get("enable_requester_pays").asBoolean()).isTrue();
        assertThat(task.get("object_overwrite_mode").asText()).isEqualTo("NO_OVERWRITE");
        assertThat(task.get("dst_storage_policy").asText()).isEqualTo("IA");
        assertThat(task.get("consistency_check").asText()).isEqualTo("crc64");
        assertThat(task.get("task_priority").asText()).isEqualTo("HIGH");
        assertThat(task.get("migrate_since").asLong()).isEqualTo(1700000000L);
    }

    @Test
    void aBodyThatIsNoJsonObjectIsOms0067() {
        assertRefused("task=1", "OMS.0067");
        assertRefused("[]", "OMS.0067");
        assertRefused("", "OMS.0067");
    }

    @Test
    void v1AndV2CreatesShareTheProjectsQuotas() {
        try (OmsSimulator limited = OmsSimulator.start(SimulatorSettings.builder()
                .maxCreatesPer24h(2)
                .maxWaitingTasks(0)
                .maxRunningTasks(0)
                .build())) {
            SimClient c = new SimClient(limited);
            String t = c.token();
            c.create(t, "v1-first");
            c.createV2(t, "v2-second");

            SimClient.assertOmsError(c.v2("POST", "tasks", SimClient.V2_CREATE_BODY, t), 400, "OMS.0075");
            SimClient.assertOmsError(c.oms("POST", "task", SimClient.SEED_CREATE_BODY, t), 400, "OMS.0075");
        }
        try (OmsSimulator limited = OmsSimulator.start(SimulatorSettings.builder()
                .maxCreatesPer24h(0)
                .maxWaitingTasks(1)
                .build())) {
            SimClient c = new SimClient(limited);
            String t = c.token();
            c.create(t, "v1-waiting");

            SimClient.assertOmsError(c.v2("POST", "tasks", SimClient.V2_CREATE_BODY, t), 400, "OMS.0076");
        }
    }

    private static JsonNode json(String text) {
        try {
            return SimClient.MAPPER.readTree(text);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
