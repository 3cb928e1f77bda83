package io.omsbridge.request;

import static io.omsbridge.request.SeedRequests.json;
import static io.omsbridge.request.SeedRequests.seed;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.omsbridge.model.MigrationRequest;
import io.omsbridge.model.Problem;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;

/** Proves that the reader accepts the seed's create body and names the field of every rule a request breaks. */
class RequestReaderTest {

    private static final String DEFAULT_ID = "orders_2026";

    private final RequestReader reader = SeedRequests.reader();

    private RequestReader.Result read(ObjectNode body) {
        return reader.read(json(body), DEFAULT_ID);
    }

    private RequestReader.Result read(String text) {
        return reader.read(text, DEFAULT_ID);
    }

    /** The request is rejected, and one of its problems names {@code field} with a message containing {@code words}. */
    private static void assertRejectedOn(RequestReader.Result result, String field, String words) {
        assertThat(result.valid()).as("valid").isFalse();
        assertThat(result.request()).isNull();
        assertThat(result.problems()).as("problems %s", result.problems()).anySatisfy(p -> {
            assertThat(p.field()).isEqualTo(field);
            assertThat(p.message()).isNotBlank().containsIgnoringCase(words);
        });
    }

    private static List<String> fields(RequestReader.Result result) {
        return result.problems().stream().map(Problem::field).toList();
    }

    // --- valid input -------------------------------------------------------------------------------------------

    @Test
    void theSeedsCreateBodyIsAValidRequest() {
        RequestReader.Result result = read(SeedRequests.SEED_BODY);

        assertThat(result.problems()).isEmpty();
        assertThat(result.valid()).isTrue();
        assertThat(result.requestId()).isEqualTo(DEFAULT_ID);
        assertThat(result.request().requestId()).isEqualTo(DEFAULT_ID);
        assertThat(result.request().projectId()).isEqualTo(SeedRequests.PROJECT_ID);
        assertThat(result.request().body().path("src_node").path("bucket").asText())
                .isEqualTo("source_bucket");
        assertThat(result.request().body().path("thread_num").asInt()).isEqualTo(50);
    }

    @Test
    void inlineAkAndSkAreTakenOutOfTheBodyAndKeptInTheSecrets() {
        MigrationRequest request = read(seed()).request();

        assertThat(request.body().path("src_node").has("ak")).isFalse();
        assertThat(request.body().path("src_node").has("sk")).isFalse();
        assertThat(request.body().path("dst_node").has("ak")).isFalse();
        assertThat(request.body().path("dst_node").has("sk")).isFalse();
        assertThat(json(request.body())).doesNotContain("source_sk", "destination_sk", "source_ak", "destination_ak");
        assertThat(request.secrets().path("src_node").path("ak").asText()).isEqualTo("source_ak");
        assertThat(request.secrets().path("src_node").path("sk").asText()).isEqualTo("source_sk");
        assertThat(request.secrets().path("dst_node").path("ak").asText()).isEqualTo("destination_ak");
        assertThat(request.secrets().path("dst_node").path("sk").asText()).isEqualTo("destination_sk");
        assertThat(request.toString()).doesNotContain("source_sk");
    }

    private static ObjectNode withCdn(ObjectNode body, String key) {
        body.putObject("source_cdn")
                .put("protocol", "https")
                .put("domain", "cdn.example.com")
                .put("authentication_type", "QINIU_PRIVATE_AUTHENTICATION")
                .put("authentication_key", key);
        return body;
    }

    private static ObjectNode aliased(ObjectNode body) {
        for (String node : List.of("src_node", "dst_node")) {
            ((ObjectNode) body.get(node)).remove(List.of("ak", "sk"));
            ((ObjectNode) body.get(node)).put("credential", "known");
        }
        return body;
    }

    @Test
    void theCdnAuthenticationKeyIsTakenOutOfTheBodyAndKeptInTheSecretsUnderItsPath() {
        MigrationRequest request =
                read(aliased(withCdn(seed(), "qiniu-cdn-key-0123"))).request();

        assertThat(request).isNotNull();
        assertThat(request.body().path("source_cdn").has("authentication_key")).isFalse();
        assertThat(request.body().path("source_cdn").path("domain").asText()).isEqualTo("cdn.example.com");
        assertThat(json(request.body())).doesNotContain("qiniu-cdn-key-0123");
        assertThat(json(request.secrets()))
                .isEqualTo("{\"source_cdn\":{\"authentication_key\":\"qiniu-cdn-key-0123\"}}");
    }

    @Test
    void everySecretIsInTheSecretsTreeAndNoneInTheBody() {
        MigrationRequest request = read(withCdn(seed(), "qiniu-cdn-key-0123")).request();

        assertThat(json(request.secrets()))
                .isEqualTo("{\"src_node\":{\"ak\":\"source_ak\",\"sk\":\"source_sk\"},"
                        + "\"dst_node\":{\"ak\":\"destination_ak\",\"sk\":\"destination_sk\"},"
                        + "\"source_cdn\":{\"authentication_key\":\"qiniu-cdn-key-0123\"}}");
        assertThat(json(request.body()))
                .doesNotContain("source_ak", "source_sk", "destination_ak", "destination_sk", "qiniu-cdn-key-0123");
    }

    @Test
    void theSecretFieldsAreExactlyTheFieldsTheSchemaMarksWriteOnly() throws Exception {
        JsonNode schema;
        try (var in = RequestReader.class.getResourceAsStream("/schema/create-task-v1.json")) {
            schema = SeedRequests.mapper().readTree(in);
        }
        List<String> writeOnly = new ArrayList<>();
        writeOnlyFields(schema, schema, "", writeOnly);

        assertThat(writeOnly).containsExactlyInAnyOrderElementsOf(RequestReader.SECRET_FIELDS);
    }

    private static void writeOnlyFields(JsonNode root, JsonNode schema, String path, List<String> out) {
        if (schema.path("writeOnly").asBoolean(false)) {
            out.add(path);
        }
        if (schema.has("$ref")) {
            writeOnlyFields(root, root.at(schema.path("$ref").asText().substring(1)), path, out);
        }
        schema.path("properties")
                .fields()
                .forEachRemaining(f -> writeOnlyFields(
                        root, f.getValue(), path.isEmpty() ? f.getKey() : path + "." + f.getKey(), out));
    }

    @Test
    void aRequestThatOnlyNamesKnownCredentialAliasesHasNoSecrets() {
        ObjectNode body = seed();
        for (String node : List.of("src_node", "dst_node")) {
            ((ObjectNode) body.get(node)).remove(List.of("ak", "sk"));
            ((ObjectNode) body.get(node)).put("credential", "known");
        }

        MigrationRequest request = read(body).request();

        assertThat(request).isNotNull();
        assertThat(request.secrets()).isNull();
        assertThat(request.body().path("src_node").path("credential").asText()).isEqualTo("known");
    }

    @Test
    void anObjectKeyGivenAsAnArrayBecomesThePathAndKeysShape() {
        ObjectNode body = seed();
        ((ObjectNode) body.get("src_node")).putArray("object_key").add("a.txt").add("dir/");

        MigrationRequest request = read(body).request();

        assertThat(request).isNotNull();
        assertThat(json(request.body().path("src_node").path("object_key")))
                .isEqualTo("{\"path\":\"\",\"keys\":[\"a.txt\",\"dir/\"]}");
    }

    @Test
    void anExplicitRequestIdIsUsedInsteadOfTheDefaultAndLeavesTheBody() {
        ObjectNode body = seed().put("request_id", "batch-7:line.3_x");

        RequestReader.Result result = read(body);

        assertThat(result.valid()).isTrue();
        assertThat(result.requestId()).isEqualTo("batch-7:line.3_x");
        assertThat(result.request().requestId()).isEqualTo("batch-7:line.3_x");
        assertThat(result.request().body().has("request_id")).isFalse();
    }

    @Test
    void aProjectIdInTheRequestOverridesTheConfiguredOneAndLeavesTheBody() {
        ObjectNode body = seed().put("project_id", "aaaabbbbccccdddd");

        MigrationRequest request = read(body).request();

        assertThat(request.projectId()).isEqualTo("aaaabbbbccccdddd");
        assertThat(request.body().has("project_id")).isFalse();
    }

    @Test
    void aRequestWithoutProjectIdIsRejectedWhenNoneIsConfigured() {
        RequestReader unconfigured = new RequestReader(alias -> true, null);

        RequestReader.Result result = unconfigured.read(SeedRequests.SEED_BODY, DEFAULT_ID);

        assertRejectedOn(result, "project_id", "oms.project-id");
    }

    // --- required fields -------------------------------------------------------------------------------------

    @ParameterizedTest
    @ValueSource(strings = {"src_node", "dst_node", "thread_num", "enableKMS"})
    void aMissingRequiredFieldIsNamed(String field) {
        ObjectNode body = seed();
        body.remove(field);

        assertRejectedOn(read(body), field, "required");
    }

    // --- thread_num ------------------------------------------------------------------------------------------

    @Test
    void threadNumAbove50IsRejected() {
        assertRejectedOn(read(seed().put("thread_num", 51)), "thread_num", "50");
    }

    @Test
    void aNegativeThreadNumIsRejected() {
        assertRejectedOn(read(seed().put("thread_num", -1)), "thread_num", "0");
    }

    @Test
    void threadNumGivenAsAStringIsRejected() {
        assertRejectedOn(read(seed().put("thread_num", "50")), "thread_num", "integer");
    }

    // --- description -----------------------------------------------------------------------------------------

    @ParameterizedTest
    @ValueSource(strings = {"<", ">", "(", ")", "\"", "'", "&"})
    void aDescriptionWithAForbiddenCharacterIsRejected(String forbidden) {
        ObjectNode body = seed().put("description", "copy " + forbidden + " of the bucket");

        assertRejectedOn(read(body), "description", "must not contain");
    }

    @Test
    void aDescriptionOf255CharactersIsAcceptedAnd256AreRejected() {
        assertThat(read(seed().put("description", "d".repeat(255))).valid()).isTrue();

        assertRejectedOn(read(seed().put("description", "d".repeat(256))), "description", "255");
    }

    // --- unknown fields and enums ----------------------------------------------------------------------------

    @Test
    void anUnknownTopLevelFieldIsRejectedByName() {
        assertRejectedOn(read(seed().put("thread_count", 10)), "thread_count", "unknown field");
    }

    @Test
    void anUnknownNestedFieldIsRejectedByItsPath() {
        ObjectNode body = seed();
        ((ObjectNode) body.get("src_node")).put("buckett", "typo");

        RequestReader.Result result = read(body);

        assertRejectedOn(result, "src_node.buckett", "unknown field");
        assertThat(result.problems()).hasSize(1);
    }

    @Test
    void anUnknownTaskTypeIsRejected() {
        assertRejectedOn(read(seed().put("task_type", "folder")), "task_type", "enum");
    }

    @ParameterizedTest
    @ValueSource(strings = {"list", "url_list"})
    void aListTaskWithoutAListFileIsRejected(String taskType) {
        assertRejectedOn(read(seed().put("task_type", taskType)), "src_node.list_file", "required");
    }

    @ParameterizedTest
    @ValueSource(strings = {"list", "url_list"})
    void aListTaskWithAListFileIsAccepted(String taskType) {
        ObjectNode body = seed().put("task_type", taskType);
        ((ObjectNode) body.get("src_node"))
                .putObject("list_file")
                .put("obs_bucket", "lists")
                .put("list_file_key", "list.txt");

        assertThat(read(body).problems()).isEmpty();
    }

    @ParameterizedTest
    @ValueSource(strings = {"list", "url_list"})
    void aListTaskNeedsNoObjectKey(String taskType) {
        ObjectNode body = seed().put("task_type", taskType);
        ((ObjectNode) body.get("src_node")).remove("object_key");
        ((ObjectNode) body.get("src_node"))
                .putObject("list_file")
                .put("obs_bucket", "lists")
                .put("list_file_key", "list.txt");

        assertThat(read(body).problems()).isEmpty();
    }

    @ParameterizedTest
    @ValueSource(strings = {"list", "url_list"})
    void theMissingListFileIsExplainedByTheTaskType(String taskType) {
        assertRejectedOn(
                read(seed().put("task_type", taskType)),
                "src_node.list_file",
                "required for task_type list and url_list");
    }

    @ParameterizedTest
    @ValueSource(strings = {"object", "prefix"})
    void anObjectOrPrefixTaskWithoutAnObjectKeyIsRejected(String taskType) {
        ObjectNode body = seed().put("task_type", taskType);
        ((ObjectNode) body.get("src_node")).remove("object_key");

        RequestReader.Result result = read(body);

        assertRejectedOn(result, "src_node.object_key", "required for task_type object (the default) and prefix");
        assertThat(fields(result)).containsExactly("src_node.object_key");
    }

    @Test
    void aTaskWithoutATaskTypeIsAnObjectTaskAndNeedsAnObjectKey() {
        ObjectNode body = seed();
        body.remove("task_type");
        ((ObjectNode) body.get("src_node")).remove("object_key");

        assertRejectedOn(read(body), "src_node.object_key", "required for task_type object");
    }

    @Test
    void aPrefixTaskWithAPathAndNoKeysIsAccepted() {
        ObjectNode body = seed().put("task_type", "prefix");
        ((ObjectNode) body.get("src_node"))
                .putObject("object_key")
                .put("path", "photos/")
                .putArray("keys");

        assertThat(read(body).problems()).isEmpty();
    }

    @Test
    void anUnknownTaskTypeIsNamedOnceWithoutAskingForAnObjectKeyOrListFile() {
        ObjectNode body = seed().put("task_type", "folder");
        ((ObjectNode) body.get("src_node")).remove("object_key");

        assertThat(fields(read(body))).containsExactly("task_type");
    }

    // --- bandwidth_policy ------------------------------------------------------------------------------------

    private static ObjectNode window(ArrayNode policy, String start, String end, long maxBandwidth) {
        return policy.addObject().put("start", start).put("end", end).put("max_bandwidth", maxBandwidth);
    }

    @Test
    void fiveSeparateBandwidthWindowsAreAccepted() {
        ObjectNode body = seed();
        ArrayNode policy = body.putArray("bandwidth_policy");
        for (int h = 0; h < 5; h++) {
            window(policy, "0" + h + ":00", "0" + h + ":59", 5_242_880);
        }

        assertThat(read(body).problems()).isEmpty();
    }

    @Test
    void sixBandwidthWindowsAreRejected() {
        ObjectNode body = seed();
        ArrayNode policy = body.putArray("bandwidth_policy");
        for (int h = 0; h < 6; h++) {
            window(policy, "0" + h + ":00", "0" + h + ":59", 5_242_880);
        }

        assertRejectedOn(read(body), "bandwidth_policy", "5");
    }

    @ParameterizedTest
    @ValueSource(strings = {"24:00", "9:00", "12:60", "noon", "12:00:00"})
    void aBandwidthWindowWithABadTimeIsRejected(String time) {
        ObjectNode body = seed();
        window(body.putArray("bandwidth_policy"), time, "23:00", 5_242_880);

        assertRejectedOn(read(body), "bandwidth_policy[0].start", "hh:mm");
    }

    @Test
    void overlappingBandwidthWindowsAreRejected() {
        ObjectNode body = seed();
        ArrayNode policy = body.putArray("bandwidth_policy");
        window(policy, "01:00", "03:00", 5_242_880);
        window(policy, "02:30", "04:00", 5_242_880);

        assertRejectedOn(read(body), "bandwidth_policy", "overlap");
    }

    @Test
    void aBandwidthWindowThatEndsBeforeItStartsIsRejected() {
        ObjectNode body = seed();
        window(body.putArray("bandwidth_policy"), "05:00", "04:00", 5_242_880);

        assertRejectedOn(read(body), "bandwidth_policy", "ends before it starts");
    }

    @Test
    void maxBandwidthAtTheLimitsIsAccepted() {
        ObjectNode body = seed();
        ArrayNode policy = body.putArray("bandwidth_policy");
        window(policy, "00:00", "01:00", 5_242_880);
        window(policy, "02:00", "03:00", 10_737_418_240L);

        assertThat(read(body).problems()).isEmpty();
    }

    @ParameterizedTest
    @ValueSource(longs = {5_242_879L, 10_737_418_241L, 0L, -1L})
    void maxBandwidthOutsideItsRangeIsRejected(long maxBandwidth) {
        ObjectNode body = seed();
        window(body.putArray("bandwidth_policy"), "00:00", "01:00", maxBandwidth);

        assertRejectedOn(read(body), "bandwidth_policy[0].max_bandwidth", "");
    }

    // --- smnInfo ---------------------------------------------------------------------------------------------

    @Test
    void smnTriggerConditionsOutsideSuccessAndFailAreRejected() {
        ObjectNode body = seed();
        ObjectNode smn = body.putObject("smnInfo").put("topicUrn", "urn:smn:cn-north-1:abc:topic");
        smn.putArray("triggerConditions").add("SUCCESS").add("FAILURE");

        assertRejectedOn(read(body), "smnInfo.triggerConditions[1]", "enum");
    }

    @Test
    void smnTriggerConditionsSuccessAndFailAreAccepted() {
        ObjectNode body = seed();
        ObjectNode smn = body.putObject("smnInfo").put("topicUrn", "urn:smn:cn-north-1:abc:topic");
        smn.putArray("triggerConditions").add("SUCCESS").add("FAIL");

        assertThat(read(body).problems()).isEmpty();
    }

    // --- credentials -----------------------------------------------------------------------------------------

    @Test
    void anAkWithoutSkIsRejectedNamingTheSk() {
        ObjectNode body = seed();
        ((ObjectNode) body.get("src_node")).remove("sk");

        assertRejectedOn(read(body), "src_node.sk", "required");
    }

    @Test
    void anSkWithoutAkIsRejectedNamingTheAk() {
        ObjectNode body = seed();
        ((ObjectNode) body.get("dst_node")).remove("ak");

        assertRejectedOn(read(body), "dst_node.ak", "required");
    }

    @Test
    void bothACredentialAliasAndAnAkAreRejected() {
        ObjectNode body = seed();
        ((ObjectNode) body.get("dst_node")).put("credential", "known");

        assertRejectedOn(read(body), "dst_node.credential", "either");
    }

    @Test
    void anUnknownCredentialAliasIsRejected() {
        ObjectNode body = seed();
        ((ObjectNode) body.get("src_node")).remove(List.of("ak", "sk"));
        ((ObjectNode) body.get("src_node")).put("credential", "unknown");

        RequestReader.Result result = read(body);

        assertRejectedOn(result, "src_node.credential", "unknown credential alias");
        assertThat(result.problems()).hasSize(1);
    }

    @Test
    void anSkPastedAsACredentialAliasIsRejectedWithoutRepeatingIt() {
        // 40 alphanumerics: an SK matches the alias pattern, and the problem goes to the report, reply, DLQ and ledger
        String pastedSk = "wJalrXUtnFEMIK7MDENGbPxRfiCYEXAMPLEKEY12";
        ObjectNode body = seed();
        ((ObjectNode) body.get("dst_node")).remove(List.of("ak", "sk"));
        ((ObjectNode) body.get("dst_node")).put("credential", pastedSk);

        RequestReader.Result result = read(body);

        assertRejectedOn(result, "dst_node.credential", "not a configured alias");
        assertThat(result.problems()).extracting(Problem::toString).noneMatch(m -> m.contains(pastedSk));
    }

    @ParameterizedTest
    @ValueSource(
            strings = {"src_node.ak", "src_node.sk", "dst_node.ak", "dst_node.sk", "source_cdn.authentication_key"})
    void noProblemWithASecretFieldRepeatsItsValue(String field) {
        String marker = "SECRETxMARKERx";
        for (String bad :
                List.of(marker + "x".repeat(300), marker + " with spaces", marker + "\u00e9", marker + "\t")) {
            ObjectNode body = withCdn(seed(), "marker-free-key");
            String[] path = field.split("\\.");
            ((ObjectNode) body.get(path[0])).put(path[1], bad);

            RequestReader.Result result = read(body);

            assertThat(result.valid()).as("%s = %s", field, bad).isFalse();
            assertThat(result.problems())
                    .as("problems of %s", field)
                    .anySatisfy(p -> assertThat(p.field()).isEqualTo(field));
            assertThat(result.problems()).extracting(Problem::toString).noneMatch(m -> m.contains(marker));
        }
    }

    @ParameterizedTest
    @ValueSource(strings = {"AK WITH SPACE", "AK\u00e9", "AK\u0001", " AK"})
    void anAkThatIsNotPrintableAsciiIsRejected(String ak) {
        ObjectNode body = seed();
        ((ObjectNode) body.get("src_node")).put("ak", ak);

        assertRejectedOn(read(body), "src_node.ak", "printable ASCII");
    }

    @Test
    void theSecretsNeverAppearInAProblemMessage() {
        ObjectNode body = seed().put("thread_num", 99);
        ((ObjectNode) body.get("src_node")).put("sk", "S".repeat(101));

        RequestReader.Result result = read(body);

        assertThat(result.valid()).isFalse();
        assertThat(result.problems()).extracting(Problem::message).noneMatch(m -> m.contains("SSSS"));
    }

    @Test
    void aParseErrorNeverEchoesTheTextOfAnUnquotedValue() {
        // a secret pasted without quotes: the problem goes into the ledger, the rejected event and the error report
        String text = SeedRequests.SEED_BODY.replace("\"sk\": \"source_sk\"", "\"sk\": wJalrXUtnFEMIK7MDENG");

        RequestReader.Result result = read(text);

        assertThat(result.valid()).isFalse();
        assertThat(result.problems())
                .singleElement()
                .satisfies(p -> assertThat(p.message())
                        .as("BUG RequestReader.read: Jackson's 'Unrecognized token' message repeats the raw value")
                        .startsWith("not valid JSON")
                        .contains("line 5")
                        .doesNotContain("wJalrXUtnFEMIK7MDENG"));
    }

    // --- request_id ------------------------------------------------------------------------------------------

    @ParameterizedTest
    @ValueSource(strings = {"a b", "x/y", ""})
    void aBadExplicitRequestIdIsRejectedAndTheDefaultIdIsUsed(String badId) {
        RequestReader.Result result = read(seed().put("request_id", badId));

        assertRejectedOn(result, "request_id", "[A-Za-z0-9._:-]{1,128}");
        assertThat(result.requestId()).isEqualTo(DEFAULT_ID);
        assertThat(result.problems()).allSatisfy(p -> assertThat(p.requestId()).isEqualTo(DEFAULT_ID));
    }

    @Test
    void aRequestIdOf128CharactersIsAcceptedAnd129AreRejected() {
        assertThat(read(seed().put("request_id", "r".repeat(128))).requestId()).isEqualTo("r".repeat(128));

        RequestReader.Result result = read(seed().put("request_id", "r".repeat(129)));
        assertRejectedOn(result, "request_id", "{1,128}");
        assertThat(result.requestId()).isEqualTo(DEFAULT_ID);
    }

    @Test
    void aRequestIdThatIsNotAStringIsRejected() {
        RequestReader.Result result = read(seed().put("request_id", 42));

        assertRejectedOn(result, "request_id", "string");
        assertThat(result.requestId()).isEqualTo(DEFAULT_ID);
    }

    // --- JSON level ------------------------------------------------------------------------------------------

    @Test
    void duplicateJsonKeysAreRejectedNamingTheKey() {
        String text = SeedRequests.SEED_BODY.replace("\"thread_num\": 50,", "\"thread_num\": 50, \"thread_num\": 10,");

        RequestReader.Result result = read(text);

        assertThat(result.valid()).isFalse();
        assertThat(result.problems())
                .singleElement()
                .satisfies(
                        p -> assertThat(p.message()).contains("not valid JSON").contains("thread_num"));
    }

    @ParameterizedTest
    @ValueSource(strings = {" {\"x\":1}", " xyz", " }", " ]"})
    void trailingGarbageAfterTheObjectIsRejected(String garbage) {
        RequestReader.Result result = read(SeedRequests.SEED_BODY.strip() + garbage);

        assertThat(result.valid()).isFalse();
        assertThat(result.problems())
                .singleElement()
                .satisfies(p ->
                        assertThat(p.message()).startsWith("not valid JSON").contains("line"));
    }

    @Test
    void nestingDeeperThan16IsRejected() {
        String deep = "[".repeat(20) + "]".repeat(20);
        String text = SeedRequests.SEED_BODY.strip().replaceFirst("^\\{", "{\"deep\": " + deep + ",");

        RequestReader.Result result = read(text);

        assertThat(result.valid()).isFalse();
        assertThat(result.problems())
                .singleElement()
                .satisfies(p -> assertThat(p.message())
                        .startsWith("not valid JSON at line 1, column ")
                        .containsIgnoringCase("depth"));
    }

    @Test
    void nestingOf16IsStillReadAsJson() {
        // 1 (the body) + 15 arrays = depth 16: the schema then rejects the unknown field, not the parser
        String text = SeedRequests.SEED_BODY
                .strip()
                .replaceFirst("^\\{", "{\"deep\": " + "[".repeat(15) + "]".repeat(15) + ",");

        assertRejectedOn(read(text), "deep", "unknown field");
    }

    @Test
    void aNumberBeyondADoubleWhereANameIsExpectedIsAProblemNotACrash() {
        // 1e400 overflows a double; the schema's enum check must report it, not throw NumberFormatException
        String text = SeedRequests.SEED_BODY.replace("\"AWS\"", "1e400");

        assertRejectedOn(read(text), "src_node.cloud_type", "");
    }

    @Test
    void aThreadNumBeyondADoubleIsAProblemNotACrash() {
        String text = SeedRequests.SEED_BODY.replace("\"thread_num\": 50", "\"thread_num\": 1e400");

        RequestReader.Result result = read(text);

        assertThat(result.valid()).isFalse();
        assertThat(fields(result)).contains("thread_num");
    }

    @ParameterizedTest
    @ValueSource(ints = {70_000, 600_000})
    void aDescriptionFarOverItsLimitGetsTheDescriptionsOwnMessageWithItsTrueLength(int length) {
        String text = SeedRequests.SEED_BODY.replace("A migration task.", "d".repeat(length));

        assertRejectedOn(read(text), "description", "must be at most 255 characters long, this one has " + length);
    }

    @Test
    void aRequestOfTheDocumentedSizeHoldingOneLongStringIsReadAsJson() {
        String seed = SeedRequests.SEED_BODY.strip();
        String text = seed.replace(
                "A migration task.",
                "d".repeat(RequestReader.MAX_REQUEST_CHARS - seed.length() + "A migration task.".length()));
        assertThat(text).hasSize(RequestReader.MAX_REQUEST_CHARS);

        assertRejectedOn(read(text), "description", "this one has");
    }

    /** Text that is not JSON, the line and column where it breaks, and what the message says was expected there. */
    @ParameterizedTest
    @CsvSource(
            delimiter = '|',
            quoteCharacter = '`',
            value = {
                "{\"a\": 1,}                  | 1 | 9  | expected a field name in double quotes, found '}' (no comma goes before it)",
                "{a: 1}                        | 1 | 2  | expected a field name in double quotes, found 'a'",
                "{'a': 1}                      | 1 | 2  | found a single quote (JSON strings take double quotes)",
                "{\"a\": 1 \"b\": 2}        | 1 | 9  | expected ',' or '}' after a field's value, found '\"'",
                "{\"a\" 1}                    | 1 | 6  | expected ':' after a field name, found '1'",
                "{\"a\": [1 2]}               | 1 | 10 | expected ',' or ']' after an element of an array, found '2'",
                "{\"a\": 1} {}                | 1 | 10 | more text after the request's closing '}'",
                "{\"a\": NaN}                 | 1 | 10 | expected a number, found NaN",
                "{\"a\": tru}                 | 1 | 10 | expected a value (a string in double quotes, a number",
                "{\"a\": {\"b\": 1}         | 1 | 15 | the text ends inside an object: a '}' is missing",
                "{\"a\": \"b                 | 1 | 9  | the text ends inside a string",
                "// note                       | 1 | 1  | comments are not JSON, found '/'",
                "{\"a\": 1, \"a\": 2}       | 1 | 13 | duplicate field 'a': a field may be given once",
                "{\"a\": 01}                  | 1 | 8  | not a number",
                "{\"a\": \"\\q\"}          | 1 | 9  | unknown escape \\q in a string"
            })
    void textThatIsNotJsonIsNamedByLineAndColumnAndWhatWasExpectedWithoutTheParsersWords(
            String text, int line, int column, String expected) {
        RequestReader.Result result = read(text.strip());

        assertThat(result.problems()).singleElement().satisfies(p -> {
            assertThat(p.field()).isNull();
            assertThat(p.message())
                    .startsWith("not valid JSON at line " + line + ", column " + column + ": ")
                    .contains(expected)
                    .doesNotContain("Source", "REDACTED", "Jackson", "Feature", "StreamReadConstraints", "`", "code ");
        });
    }

    @Test
    void aBreakOnALaterLineIsNamedByThatLine() {
        RequestReader.Result result = read("{\n  \"a\": 1,\n  \"b\": 2,\n}");

        assertThat(result.problems())
                .singleElement()
                .satisfies(p -> assertThat(p.message())
                        .startsWith("not valid JSON at line 4, column 1: expected a field name in double quotes"));
    }

    @ParameterizedTest
    @ValueSource(strings = {"[1, 2]", "42", "\"text\"", "true", "null"})
    void jsonThatIsNotAnObjectIsRejected(String text) {
        RequestReader.Result result = read(text);

        assertThat(result.valid()).isFalse();
        assertThat(result.problems())
                .singleElement()
                .satisfies(p -> assertThat(p.message()).contains("must be a JSON object"));
    }

    @ParameterizedTest
    @ValueSource(strings = {"", "   ", "\n"})
    void emptyTextIsRejected(String text) {
        RequestReader.Result result = read(text);

        assertThat(result.valid()).isFalse();
        assertThat(result.problems())
                .singleElement()
                .satisfies(p -> assertThat(p.message()).contains("empty"));
    }

    // --- size -------------------------------------------------------------------------------------------------

    /** The seed body padded with trailing blanks to exactly {@code length} characters. */
    private static String seedOfLength(int length) {
        String text = SeedRequests.SEED_BODY.strip();
        return text + " ".repeat(length - text.length());
    }

    @Test
    void aRequestOfExactlyTheLimitIsReadAndOneCharacterMoreIsRejectedNamingTheLimit() {
        assertThat(read(seedOfLength(RequestReader.MAX_REQUEST_CHARS)).valid()).isTrue();

        RequestReader.Result result = read(seedOfLength(RequestReader.MAX_REQUEST_CHARS + 1));

        assertThat(result.valid()).isFalse();
        assertThat(result.problems()).singleElement().satisfies(p -> {
            assertThat(p.field()).isNull();
            assertThat(p.message()).startsWith("too long").contains("1000000").contains("1000001");
        });
    }

    @Test
    void aRequestListingSoManyObjectsThatItIsOverTheLimitIsRejected() {
        ObjectNode body = seed();
        ArrayNode keys = (ArrayNode) body.get("src_node").get("object_key").get("keys");
        for (int i = 0; i < RequestReader.MAX_REQUEST_CHARS / 30; i++) {
            keys.add(String.format("photos/2026/11/img-%07d.jpg", i));
        }
        assertThat(json(body).length()).isGreaterThan(RequestReader.MAX_REQUEST_CHARS);

        RequestReader.Result result = read(body);

        assertThat(result.valid()).isFalse();
        assertThat(result.problems())
                .singleElement()
                .satisfies(p -> assertThat(p.message()).contains("1000000"));
    }

    @Test
    void aRequestUnderTheLimitWhoseStoredShapeIsOverItIsRejected() {
        // an object_key array is stored as {"path":"","keys":[...]}: 20 characters more than it came
        ObjectNode body = aliased(seed());
        ArrayNode keys = ((ObjectNode) body.get("src_node")).putArray("object_key");
        keys.add("k".repeat(60_000));
        while (json(body).length() < RequestReader.MAX_REQUEST_CHARS - 60_010) {
            keys.add("k".repeat(60_000));
        }
        keys.add("k".repeat(RequestReader.MAX_REQUEST_CHARS - 5 - json(body).length() - 3));
        assertThat(json(body)).hasSize(RequestReader.MAX_REQUEST_CHARS - 5);

        RequestReader.Result result = read(body);

        assertThat(result.valid()).isFalse();
        assertThat(result.problems())
                .singleElement()
                .satisfies(p -> assertThat(p.message())
                        .contains("in the shape it is stored")
                        .contains("1000000"));
    }

    // --- how problems are reported ---------------------------------------------------------------------------

    @Test
    void fiftyThousandUnknownFieldsAreReportedAsTheFirstHundredAndACount() {
        ObjectNode body = seed();
        for (int i = 0; i < 50_000; i++) {
            body.put(String.format("extra_%05d", i), i);
        }

        RequestReader.Result result = read(body);

        assertThat(result.problems()).hasSize(RequestReader.MAX_PROBLEMS + 1);
        assertThat(result.problems().subList(0, RequestReader.MAX_PROBLEMS))
                .allSatisfy(p -> assertThat(p.message()).contains("unknown field"));
        assertThat(result.problems().get(0).field()).isEqualTo("extra_00000");
        assertThat(result.problems().get(RequestReader.MAX_PROBLEMS)).satisfies(p -> {
            assertThat(p.field()).isNull();
            assertThat(p.message()).isEqualTo("and 49900 more problems");
            assertThat(p.requestId()).isEqualTo(DEFAULT_ID);
        });
    }

    @Test
    void exactlyAHundredProblemsAreAllListedWithoutACount() {
        ObjectNode body = seed();
        for (int i = 0; i < RequestReader.MAX_PROBLEMS; i++) {
            body.put(String.format("extra_%03d", i), i);
        }

        assertThat(read(body).problems())
                .hasSize(RequestReader.MAX_PROBLEMS)
                .noneMatch(p -> p.message().contains("more problems"));
    }

    @Test
    void aHugeUnknownFieldNameIsShownCutWithoutSplittingACharacter() {
        // U+1F4E6 is a surrogate pair: cut between its halves, the name would carry a lone surrogate
        String name = "x".repeat(199) + "\uD83D\uDCE6".repeat(10_000);

        RequestReader.Result result = read(seed().put(name, 1));

        assertThat(result.problems()).singleElement().satisfies(p -> {
            assertThat(p.field()).isEqualTo("x".repeat(199) + "...");
            assertThat(p.message()).contains("unknown field");
        });
    }

    // --- all problems at once --------------------------------------------------------------------------------

    @Test
    void severalProblemsAreReportedAtOnceSortedByField() {
        ObjectNode body = seed().put("thread_num", 51)
                .put("description", "<b>")
                .put("task_type", "folder")
                .put("colour", "blue");
        body.remove("enableKMS");
        ((ObjectNode) body.get("dst_node")).remove("sk");

        RequestReader.Result result = read(body);

        assertThat(result.valid()).isFalse();
        assertThat(fields(result))
                .containsExactly("colour", "description", "dst_node.sk", "enableKMS", "task_type", "thread_num");
        assertThat(result.problems()).allSatisfy(p -> {
            assertThat(p.requestId()).isEqualTo(DEFAULT_ID);
            assertThat(p.message()).isNotBlank();
        });
    }
}
