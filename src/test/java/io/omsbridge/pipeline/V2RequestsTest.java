package io.omsbridge.pipeline;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.huaweicloud.sdk.core.auth.BasicCredentials;
import com.huaweicloud.sdk.core.http.HttpConfig;
import com.huaweicloud.sdk.oms.v2.OmsClient;
import com.huaweicloud.sdk.oms.v2.model.ShowTaskRequest;
import com.huaweicloud.sdk.oms.v2.model.ShowTaskResponse;
import io.omsbridge.BridgeRun;
import io.omsbridge.Http;
import io.omsbridge.config.Defaults;
import io.omsbridge.ledger.LedgerRecord;
import io.omsbridge.model.LedgerState;
import io.omsbridge.request.SecretRedaction;
import io.omsbridge.simulator.OmsSimulator;
import io.omsbridge.simulator.SimulatorSettings;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * Through the bridge's API on OMS API v2 with a temporary key pair signing every call: a request in CreateTaskReq's
 * own shape reaches OMS with each field as written (as Huawei's SDK reads the task back), a mistyped field is refused
 * by name, temporary bucket keys (inline or by alias) reach OMS with their tokens, and a preflight refuses a bad
 * prefix or bucket by field before any task exists.
 */
class V2RequestsTest {

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final String STS_AK = "BRIDGESTSACCESSKEY01";
    private static final String STS_SK = "bridge-sts-secret-key";
    private static final String STS_TOKEN = "bridge-sts-security-token-0123456789";
    private static final String SRC_STS_AK = "SOURCESTSACCESSKEY01";
    private static final String SRC_STS_SK = "source-sts-secret-key";
    private static final String SRC_STS_TOKEN = "source-sts-security-token-9876543210";

    private OmsSimulator sim;
    private BridgeRun bridge;
    private String api;

    @AfterEach
    void stop() {
        if (bridge != null) {
            bridge.close();
        }
        if (sim != null) {
            sim.close();
        }
    }

    private void start(String name, Map<String, String> extra) {
        start(name, extra, Duration.ofMinutes(5));
    }

    private void start(String name, Map<String, String> extra, Duration taskWait) {
        sim = OmsSimulator.start(SimulatorSettings.builder()
                .temporaryAccessKey(STS_AK, STS_SK, STS_TOKEN)
                .temporaryAccessKey(SRC_STS_AK, SRC_STS_SK, SRC_STS_TOKEN)
                .bucket("photos", "cn-hangzhou", "2026/01/a.jpg", "2026/02/b.jpg")
                .bucket("archive", "cn-north-4")
                .waitTime(taskWait)
                .runTime(Duration.ofMillis(300))
                .maxCreatesPer24h(0)
                .maxWaitingTasks(0)
                .maxRunningTasks(0)
                .build());
        Map<String, String> settings = BridgeRun.defaults(sim, BridgeRun.newDataDir(name));
        settings.keySet().removeIf(key -> key.startsWith("iam."));
        settings.put("oms.api-version", "v2");
        settings.put("oms.auth", "aksk");
        settings.put("oms.ak", STS_AK);
        settings.put("oms.sk", STS_SK);
        settings.put("oms.security-token", STS_TOKEN);
        settings.put("credentials.sts.ak", SRC_STS_AK);
        settings.put("credentials.sts.sk", SRC_STS_SK);
        settings.put("credentials.sts.security-token", SRC_STS_TOKEN);
        settings.putAll(extra);
        bridge = BridgeRun.start(settings);
        api = "http://127.0.0.1:" + settings.get("camel.server.port") + "/api";
    }

    /** CreateTaskReq with every field, the source a temporary key pair given inline. */
    private static ObjectNode everyField(String id) {
        ObjectNode body = JSON.createObjectNode().put("request_id", id).put("task_type", "prefix");
        body.putObject("src_node")
                .put("cloud_type", "Tencent")
                .put("region", "cn-hangzhou")
                .put("ak", SRC_STS_AK)
                .put("sk", SRC_STS_SK)
                .put("security_token", SRC_STS_TOKEN)
                .put("app_id", "1250000000")
                .put("bucket", "photos")
                .putArray("object_key")
                .add("2026/01/")
                .add("2026/02/");
        body.putObject("dst_node")
                .put("region", "cn-north-4")
                .put("ak", "DST_AK_0001")
                .put("sk", "DST_SK_0001")
                .put("bucket", "archive")
                .put("save_prefix", "tencent/");
        body.put("enable_kms", true).put("description", "every field").put("migrate_since", 1767225600L);
        body.putArray("bandwidth_policy")
                .addObject()
                .put("start", "08:00")
                .put("end", "18:00")
                .put("max_bandwidth", 20_971_520L);
        body.putObject("source_cdn")
                .put("domain", "cdn.example.com")
                .put("protocol", "https")
                .put("authentication_type", "TENCENT_COS_A")
                .put("authentication_key", "cdn-key-0001");
        body.putObject("smn_config")
                .put("topic_urn", "urn:smn:cn-north-4:" + Defaults.SEED_PROJECT_ID + ":oms")
                .put("language", "en-us")
                .put("message_template_name", "oms-done")
                .putArray("trigger_conditions")
                .add("SUCCESS")
                .add("FAILURE");
        return body.put("enable_metadata_migration", true)
                .put("enable_restore", true)
                .put("object_overwrite_mode", "NO_OVERWRITE")
                .put("dst_storage_policy", "DEEP_ARCHIVE")
                .put("consistency_check", "crc64")
                .put("enable_requester_pays", true)
                .put("task_priority", "LOW");
    }

    private ShowTaskResponse sdkShow(String requestId) {
        await().atMost(Duration.ofSeconds(30))
                .until(() -> bridge.record(requestId).taskId() != null);
        OmsClient sdk = OmsClient.newBuilder()
                .withCredential(new BasicCredentials()
                        .withAk(STS_AK)
                        .withSk(STS_SK)
                        .withSecurityToken(STS_TOKEN)
                        .withProjectId(Defaults.SEED_PROJECT_ID))
                .withEndpoint(sim.baseUrl())
                .withHttpConfig(HttpConfig.getDefaultHttpConfig().withTimeout(10))
                .build();
        return sdk.showTask(new ShowTaskRequest()
                .withTaskId(String.valueOf(bridge.record(requestId).taskId())));
    }

    @Test
    void aV2ShapedRequestWithEveryNewFieldReachesOmsAsWrittenSignedWithATemporaryKey() {
        start("v2-every-field", Map.of());

        Http.Answer answer =
                Http.post(api + "/migrations", everyField("v2-every").toString());
        ShowTaskResponse t = sdkShow("v2-every");

        assertThat(answer.status()).as(answer.body()).isEqualTo(202);
        assertThat(t.getTaskType()).hasToString("prefix");
        assertThat(t.getSrcNode().getCloudType()).hasToString("Tencent");
        assertThat(t.getSrcNode().getAppId()).isEqualTo("1250000000");
        assertThat(t.getSrcNode().getObjectKey()).containsExactly("2026/01/", "2026/02/");
        assertThat(t.getDstNode().getSavePrefix()).isEqualTo("tencent/");
        assertThat(t.getEnableKms()).isTrue();
        assertThat(t.getMigrateSince()).isEqualTo(1767225600L);
        assertThat(t.getBandwidthPolicy()).singleElement().satisfies(w -> {
            assertThat(w.getStart()).isEqualTo("08:00");
            assertThat(w.getMaxBandwidth()).isEqualTo(20_971_520L);
        });
        assertThat(t.getSourceCdn().getAuthenticationType()).hasToString("TENCENT_COS_A");
        assertThat(t.getEnableMetadataMigration()).isTrue();
        assertThat(t.getEnableRestore()).isTrue();
        assertThat(t.getEnableFailedObjectRecording()).as("v2's default").isTrue();
        assertThat(t.getEnableRequesterPays()).isTrue();
        assertThat(t.getObjectOverwriteMode()).hasToString("NO_OVERWRITE");
        assertThat(t.getDstStoragePolicy()).hasToString("DEEP_ARCHIVE");
        assertThat(t.getConsistencyCheck()).hasToString("crc64");
        assertThat(t.getTaskPriority()).hasToString("LOW");
        assertThat(t.getDescription()).contains("every field");
        assertThat(sim.stats().unauthorized()).as("calls the gateway refused").isZero();
        assertThat(sim.stats().akskCalls()).as("signed calls").isPositive();
    }

    @Test
    void aMistypedOrOutOfRangeV2FieldIsRefusedByNameThroughTheApi() {
        start("v2-refused", Map.of());
        ObjectNode bad = everyField("v2-bad").put("task_priority", "URGENT").put("consistency_check", 5);
        ((ObjectNode) bad.get("bandwidth_policy").get(0)).put("max_bandwidth", 500);

        Http.Answer answer = Http.post(api + "/migrations", bad.toString());

        assertThat(answer.status()).isEqualTo(400);
        List<String> fields = answer.json().path("problems").findValuesAsText("field");
        assertThat(fields).contains("task_priority", "consistency_check", "bandwidth_policy[0].max_bandwidth");
        assertThat(answer.body()).doesNotContain(SRC_STS_TOKEN, SRC_STS_SK);
    }

    @Test
    void aTemporaryKeyByAliasReachesOmsWithItsTokenAndTheTokenIsDroppedOnceOmsHasTheTask() throws Exception {
        start("v2-sts-alias", Map.of());
        ObjectNode byAlias = everyField("v2-alias");
        ((ObjectNode) byAlias.get("src_node")).remove(List.of("ak", "sk", "security_token"));
        ((ObjectNode) byAlias.get("src_node")).put("credential", "sts");
        ((ObjectNode) byAlias.get("dst_node")).remove(List.of("ak", "sk"));
        ((ObjectNode) byAlias.get("dst_node")).put("credential", "dst");

        Http.Answer answer = Http.post(api + "/migrations", byAlias.toString());
        Http.Answer inline =
                Http.post(api + "/migrations", everyField("v2-inline").toString());

        assertThat(answer.status()).as(answer.body()).isEqualTo(202);
        assertThat(inline.status()).as(inline.body()).isEqualTo(202);
        // the simulator refuses a temporary key without its token: a task means the token arrived
        assertThat(sdkShow("v2-alias").getSrcNode().getBucket()).isEqualTo("photos");
        assertThat(sdkShow("v2-inline").getSrcNode().getBucket()).isEqualTo("photos");
        LedgerRecord recorded = bridge.record("v2-inline");
        assertThat(recorded.sealedSecrets())
                .as("sealed keys once OMS has the task")
                .isNull();
        assertThat(recorded.body()).doesNotContain(SRC_STS_TOKEN, SRC_STS_SK, SRC_STS_AK);
    }

    @Test
    void aPreflightRefusesABadPrefixAndABucketInAnotherRegionByFieldBeforeAnyTaskExists() {
        start("v2-preflight", Map.of());
        ObjectNode badPrefix = everyField("pre-prefix").put("preflight", true);
        ((ObjectNode) badPrefix.get("src_node"))
                .putArray("object_key")
                .add("2026/01/")
                .add("2025/");
        ObjectNode badRegion = everyField("pre-region").put("preflight", true);
        ((ObjectNode) badRegion.get("dst_node")).put("region", "cn-east-3");
        ObjectNode noBucket = everyField("pre-bucket").put("preflight", true);
        ((ObjectNode) noBucket.get("dst_node")).put("bucket", "nowhere");
        ObjectNode good = everyField("pre-good").put("preflight", true);

        for (ObjectNode request : List.of(badPrefix, badRegion, noBucket, good)) {
            assertThat(Http.post(api + "/migrations", request.toString()).status())
                    .isEqualTo(202);
        }

        await().atMost(Duration.ofSeconds(30))
                .until(() -> bridge.record("pre-prefix").state() == LedgerState.SUBMIT_FAILED
                        && bridge.record("pre-region").state() == LedgerState.SUBMIT_FAILED
                        && bridge.record("pre-bucket").state() == LedgerState.SUBMIT_FAILED);
        assertThat(bridge.record("pre-prefix").lastError())
                .contains("src_node.object_key[1]: nothing in bucket" + " 'photos' starts with '2025/'")
                .doesNotContain("object_key[0]");
        assertThat(bridge.record("pre-region").lastError())
                .contains("dst_node.region: bucket 'archive' is in" + " cn-north-4, not cn-east-3");
        assertThat(bridge.record("pre-bucket").lastError())
                .contains("dst_node.bucket: the destination keys see no" + " bucket 'nowhere'");
        assertThat(sdkShow("pre-good").getSrcNode().getBucket()).isEqualTo("photos");
        JsonNode tasks = Http.get(api + "/migrations?state=SUBMIT_FAILED&limit=100")
                .json()
                .path("migrations");
        assertThat(tasks.findValuesAsText("task_id"))
                .as("no task for a refused request")
                .allMatch(id -> id == null || id.isEmpty() || id.equals("null"));
    }

    @Test
    void aRetryOfAFailedTaskMadeWithATemporaryKeyAliasSendsItsTokenAgain() {
        start("v2-sts-retry", Map.of(), Duration.ofMillis(100));
        ObjectNode failing = everyField("v2-retry");
        ((ObjectNode) failing.get("src_node")).remove(List.of("ak", "sk", "security_token"));
        ((ObjectNode) failing.get("src_node")).put("credential", "sts").put("bucket", "photos-fail-here");
        ((ObjectNode) failing.get("dst_node")).remove(List.of("ak", "sk"));
        ((ObjectNode) failing.get("dst_node")).put("credential", "dst");
        failing.remove("bandwidth_policy");

        assertThat(Http.post(api + "/migrations", failing.toString()).status()).isEqualTo(202);
        await().atMost(Duration.ofSeconds(60))
                .until(() -> bridge.record("v2-retry").state() == LedgerState.FAILED);
        Http.Answer retry = Http.post(api + "/migrations/v2-retry/retry", "{}", "Idempotency-Key", "v2-retry-1");

        assertThat(retry.status()).as(retry.body()).isEqualTo(202);
        // the simulator refuses a start of a temporary key without its token: the retried event means it was sent
        await().atMost(Duration.ofSeconds(60))
                .until(() -> bridge.eventRows("v2-retry").stream()
                        .anyMatch(e -> e.type().equals("oms.task.retried")));
    }

    @Test
    void temporaryKeysAndTheirTokensNeverRestInClearUnderTheDataDirectory() throws Exception {
        start("v2-sts-rest", Map.of());
        Path data = bridge.inbox().getParent();

        bridge.drop("sts.json", everyField("v2-rest").toString());
        await().atMost(Duration.ofSeconds(30))
                .until(() -> bridge.ledger()
                        .find("v2-rest")
                        .map(r -> r.taskId() != null)
                        .orElse(false));
        Path done = bridge.inbox().resolve(".done").resolve("sts.json");
        await().atMost(Duration.ofSeconds(10)).until(() -> Files.exists(done));
        bridge.close();
        bridge = null;

        assertThat(Files.readString(done))
                .contains(SecretRedaction.fingerprint(SRC_STS_TOKEN))
                .doesNotContain(SRC_STS_TOKEN);
        List<Path> read = new ArrayList<>();
        try (var files = Files.walk(data)) {
            for (Path file : (Iterable<Path>) files::iterator) {
                if (Files.isRegularFile(file) && !file.startsWith(data.resolve("broker"))) {
                    String bytes = new String(Files.readAllBytes(file), StandardCharsets.ISO_8859_1);
                    assertThat(bytes)
                            .as("raw bytes of %s", file)
                            .doesNotContain(SRC_STS_TOKEN, SRC_STS_SK, STS_TOKEN, STS_SK);
                    read.add(file);
                }
            }
        }
        assertThat(read).as("files read").contains(data.resolve("ledger.db"), done);
    }
}
