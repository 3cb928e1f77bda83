package io.omsbridge.request;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.node.ObjectNode;
import io.omsbridge.model.AliasPolicy;
import io.omsbridge.model.Problem;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/**
 * Proves that on OMS API v2 a request in CreateTaskReq's own shape is read as written (its secrets, the security
 * tokens among them, taken out), that each v2 field is checked for its type, enum and range by name, and that the
 * seed's v1 shape still reads as before.
 */
class V2RequestReaderTest {

    private static final String PROJECT = "0215ef11e49d4743be23dd97a1561e91";
    private final RequestReader reader = new RequestReader(
            alias -> switch (alias) {
                case "perm" -> Optional.of(AliasPolicy.ANYWHERE);
                case "sts" -> Optional.of(new AliasPolicy(true, true, List.of(), true));
                default -> Optional.empty();
            },
            false,
            PROJECT,
            true);

    /** A CreateTaskReq with every field the SDK has, as Huawei documents it, plus the bridge's request_id. */
    static ObjectNode full() {
        return (ObjectNode) SeedRequests.mapper()
                .valueToTree(SeedRequests.mapper()
                        .createObjectNode()
                        .put("request_id", "v2-full")
                        .put("task_type", "prefix")
                        .<ObjectNode>set(
                                "src_node",
                                SeedRequests.mapper()
                                        .createObjectNode()
                                        .put("cloud_type", "Aliyun")
                                        .put("region", "cn-hangzhou")
                                        .put("ak", "SRC_TEMP_AK")
                                        .put("sk", "SRC_TEMP_SK")
                                        .put("security_token", "SRC-TOKEN-0123456789")
                                        .put("app_id", "1250000000")
                                        .put("bucket", "src-bucket")
                                        .set(
                                                "object_key",
                                                SeedRequests.mapper()
                                                        .createArrayNode()
                                                        .add("logs/2026/")
                                                        .add("images/")))
                        .<ObjectNode>set(
                                "dst_node",
                                SeedRequests.mapper()
                                        .createObjectNode()
                                        .put("region", "cn-north-4")
                                        .put("ak", "DST_AK")
                                        .put("sk", "DST_SK")
                                        .put("security_token", "DST-TOKEN-9876543210")
                                        .put("bucket", "dst-bucket")
                                        .put("save_prefix", "imported/"))
                        .put("enable_kms", true)
                        .put("description", "nightly import")
                        .put("migrate_since", 1767225600L)
                        .<ObjectNode>set(
                                "bandwidth_policy",
                                SeedRequests.mapper()
                                        .createArrayNode()
                                        .add(SeedRequests.mapper()
                                                .createObjectNode()
                                                .put("start", "08:00")
                                                .put("end", "18:00")
                                                .put("max_bandwidth", 20971520)))
                        .<ObjectNode>set(
                                "source_cdn",
                                SeedRequests.mapper()
                                        .createObjectNode()
                                        .put("domain", "cdn.example.com")
                                        .put("protocol", "https")
                                        .put("authentication_type", "ALIYUN_OSS_A")
                                        .put("authentication_key", "cdn-key-0123"))
                        .<ObjectNode>set(
                                "smn_config",
                                SeedRequests.mapper()
                                        .createObjectNode()
                                        .put("topic_urn", "urn:smn:cn-north-4:" + PROJECT + ":oms")
                                        .put("language", "en-us")
                                        .put("message_template_name", "oms-done")
                                        .set(
                                                "trigger_conditions",
                                                SeedRequests.mapper()
                                                        .createArrayNode()
                                                        .add("SUCCESS")
                                                        .add("FAILURE")))
                        .put("enable_metadata_migration", true)
                        .put("enable_restore", true)
                        .put("enable_failed_object_recording", false)
                        .put("object_overwrite_mode", "CRC64_COMPARISON_OVERWRITE")
                        .put("dst_storage_policy", "IA")
                        .put("consistency_check", "crc64")
                        .put("enable_requester_pays", true)
                        .put("task_priority", "HIGH"));
    }

    private RequestReader.Result read(ObjectNode body) {
        return reader.read(SeedRequests.json(body), "default-id");
    }

    private static void assertRejectedOn(RequestReader.Result result, String field, String words) {
        assertThat(result.valid()).as("valid").isFalse();
        assertThat(result.problems()).as("problems %s", result.problems()).anySatisfy(p -> {
            assertThat(p.field()).isEqualTo(field);
            assertThat(p.message()).containsIgnoringCase(words);
        });
    }

    @Test
    void aCreateTaskReqWithEveryFieldIsReadAsWrittenWithItsSecretsAndTokensTakenOut() {
        ObjectNode body = full();
        RequestReader.Result result = read(body);

        assertThat(result.problems()).isEmpty();
        ObjectNode stored = result.request().body();
        ObjectNode expected = body.deepCopy();
        expected.remove("request_id");
        for (String side : List.of("src_node", "dst_node")) {
            ((ObjectNode) expected.get(side)).remove(List.of("ak", "sk", "security_token"));
        }
        ((ObjectNode) expected.get("source_cdn")).remove("authentication_key");
        assertThat(SeedRequests.json(stored)).isEqualTo(SeedRequests.json(expected));
        assertThat(result.request()
                        .secrets()
                        .path("src_node")
                        .path("security_token")
                        .asText())
                .isEqualTo("SRC-TOKEN-0123456789");
        assertThat(result.request()
                        .secrets()
                        .path("dst_node")
                        .path("security_token")
                        .asText())
                .isEqualTo("DST-TOKEN-9876543210");
        assertThat(SeedRequests.json(stored)).doesNotContain("TOKEN", "TEMP_AK", "cdn-key");
    }

    @ParameterizedTest(name = "{0} = {1}")
    @CsvSource(
            delimiter = '|',
            value = {
                "object_overwrite_mode | \"OVERWRITE\"      | object_overwrite_mode | does not have a value in the enumeration",
                "consistency_check     | \"md5\"            | consistency_check     | does not have a value in the enumeration",
                "task_priority         | \"URGENT\"         | task_priority         | does not have a value in the enumeration",
                "dst_storage_policy    | \"COLD\"           | dst_storage_policy    | does not have a value in the enumeration",
                "enable_restore        | \"yes\"            | enable_restore        | boolean",
                "enable_metadata_migration | 1             | enable_metadata_migration | boolean",
                "migrate_since         | -1                 | migrate_since         | minimum",
                "description           | \"a^b\"            | description           | ^ < > &",
                "bandwidth_policy      | [{\"start\":\"08:00\",\"end\":\"09:00\",\"max_bandwidth\":1000}] | bandwidth_policy[0].max_bandwidth | minimum",
                "enable_kms_typo       | true               | enable_kms_typo       | CreateTaskReq",
            })
    void aMistypedOrOutOfRangeV2FieldIsRefusedByName(String field, String value, String named, String words) {
        ObjectNode body = full();
        body.set(field, SeedRequests.mapper().valueToTree(parse(value)));

        assertRejectedOn(read(body), named, words);
    }

    @Test
    void aNestedV2FieldOutOfItsRuleIsNamedWithItsPath() {
        ObjectNode body = full();
        ((ObjectNode) body.get("src_node")).put("cloud_type", "Dropbox");
        ((ObjectNode) body.get("dst_node")).put("save_prefx", "typo/");
        ((ObjectNode) body.get("smn_config")).putArray("trigger_conditions").add("FAIL");

        RequestReader.Result result = read(body);

        assertRejectedOn(result, "src_node.cloud_type", "enumeration");
        assertRejectedOn(result, "dst_node.save_prefx", "CreateTaskReq");
        assertRejectedOn(result, "smn_config.trigger_conditions[0]", "enumeration");
    }

    @Test
    void aSecurityTokenWithoutItsKeysOrBesideAnAliasIsRefusedByName() {
        ObjectNode alone = full();
        ((ObjectNode) alone.get("src_node")).remove(List.of("ak", "sk"));
        ObjectNode withAlias = full();
        ((ObjectNode) withAlias.get("dst_node")).remove(List.of("ak", "sk"));
        ((ObjectNode) withAlias.get("dst_node")).put("credential", "perm");

        assertRejectedOn(read(alone), "src_node.security_token", "give all three");
        assertRejectedOn(read(withAlias), "dst_node.security_token", "not both");
    }

    @Test
    void aTaskGroupTakesNeitherPriorityNorTemporaryKeysInlineOrByAlias() {
        ObjectNode inline = full().put("group", true);
        ObjectNode byAlias = full().put("group", true);
        byAlias.remove("task_priority");
        ((ObjectNode) byAlias.get("src_node")).remove(List.of("ak", "sk", "security_token"));
        ((ObjectNode) byAlias.get("src_node")).put("credential", "sts");
        ((ObjectNode) byAlias.get("dst_node")).remove(List.of("ak", "sk", "security_token"));
        ((ObjectNode) byAlias.get("dst_node")).put("credential", "perm");

        RequestReader.Result refused = read(inline);
        assertRejectedOn(refused, "task_priority", "task group");
        assertRejectedOn(refused, "src_node.security_token", "task group");
        assertRejectedOn(read(byAlias), "src_node.credential", "temporary key");
    }

    @Test
    void aV1ShapedRequestStillReadsOnV2AndAV2FieldInItIsNamedWithTheReason() {
        ObjectNode seed = SeedRequests.seed();
        RequestReader.Result v1 = read(seed);
        ObjectNode mixed = SeedRequests.seed();
        mixed.put("task_priority", "HIGH");

        assertThat(v1.problems()).isEmpty();
        assertThat(v1.request().body().has("enableKMS")).isTrue();
        assertRejectedOn(read(mixed), "task_priority", "read in v1's shape because it has enableKMS");
    }

    @Test
    void onV1APreflightOrAV2ShapedRequestIsRefusedByName() {
        RequestReader v1 = new RequestReader(alias -> Optional.empty(), false, PROJECT, false);
        ObjectNode seed = SeedRequests.seed().put("preflight", true);

        List<Problem> problems = v1.read(SeedRequests.json(seed), "x").problems();
        List<Problem> v2Shaped = v1.read(SeedRequests.json(full()), "y").problems();

        assertThat(problems).extracting(Problem::field).containsExactly("preflight");
        assertThat(v2Shaped).extracting(Problem::field).contains("task_priority", "enable_kms");
    }

    private static Object parse(String json) {
        try {
            return SeedRequests.mapper().readTree(json);
        } catch (Exception e) {
            throw new IllegalArgumentException(json, e);
        }
    }

    @Test
    void aStartOrRetryMayGiveATemporaryKeyPairWithItsTokenButNotATokenAlone() {
        String withToken = "{\"request_id\":\"m-1\",\"operation\":\"retry\",\"src_node\":{\"ak\":\"TEMP_AK\","
                + "\"sk\":\"TEMP_SK\",\"security_token\":\"TEMP-TOKEN\"},\"dst_node\":{\"credential\":\"perm\"}}";
        String tokenAlone = "{\"request_id\":\"m-1\",\"operation\":\"start\",\"src_node\":{\"security_token\":"
                + "\"TEMP-TOKEN\"}}";

        RequestReader.Result given = reader.read(withToken, "op-1");
        RequestReader.Result alone = reader.read(tokenAlone, "op-2");

        assertThat(given.problems()).isEmpty();
        assertThat(given.operation()
                        .secrets()
                        .path("src_node")
                        .path("security_token")
                        .asText())
                .isEqualTo("TEMP-TOKEN");
        assertThat(alone.problems()).extracting(Problem::field).contains("src_node.security_token");
        RequestReader v1 = new RequestReader(alias -> Optional.empty(), false, PROJECT, false);
        assertThat(v1.read(withToken.replace("{\"credential\":\"perm\"}", "{\"ak\":\"A\",\"sk\":\"S\"}"), "op-3")
                        .problems())
                .extracting(Problem::field)
                .containsExactly("src_node.security_token");
    }
}
