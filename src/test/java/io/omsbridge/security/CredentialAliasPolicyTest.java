package io.omsbridge.security;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import io.omsbridge.BridgeRun;
import io.omsbridge.Requests;
import io.omsbridge.Tasks;
import io.omsbridge.model.AliasPolicy;
import io.omsbridge.request.RequestReader;
import io.omsbridge.simulator.OmsSimulator;
import io.omsbridge.simulator.SimulatorSettings;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.apache.camel.ProducerTemplate;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * An alias is the operator's key and only goes where the operator allowed, through the inbox and the queue alike: not
 * beside inline keys of the requester's own (the attack: copy the operator's bucket into one's own account), not on a
 * side it was not declared for, not with a bucket outside its patterns.
 */
class CredentialAliasPolicyTest {

    private static final String REQUESTS = "jms:queue:oms.migration.requests?requestTimeout=10000";
    private static OmsSimulator sim;
    private static BridgeRun bridge;
    private static ProducerTemplate producer;

    @BeforeAll
    static void start() {
        sim = OmsSimulator.start(
                SimulatorSettings.builder().waitTime(Duration.ofMinutes(5)).build());
        bridge = BridgeRun.start(
                sim,
                BridgeRun.newDataDir("alias-policy"),
                Map.of(
                        "credentials.aws-prod.ak",
                        "PROD_AK_0000",
                        "credentials.aws-prod.sk",
                        "PROD_SK_0000",
                        "credentials.aws-prod.sides",
                        "source",
                        "credentials.aws-prod.buckets",
                        "acme-*, logs-202?",
                        "credentials.obs-target.ak",
                        "TARGET_AK_0000",
                        "credentials.obs-target.sk",
                        "TARGET_SK_0000",
                        "credentials.obs-target.sides",
                        "destination"));
        producer = bridge.context().createProducerTemplate();
    }

    @AfterAll
    static void stop() {
        bridge.close();
        sim.close();
    }

    /** The operator's source alias, and as the destination the requester's own inline keys. */
    private static String theAttack(String id) {
        return """
                {"request_id":"%s","src_node":{"region":"us-east-1","credential":"aws-prod","bucket":"acme-photos",
                 "cloud_type":"AWS","object_key":{"path":"","keys":[]}},"thread_num":10,"enableKMS":false,
                 "dst_node":{"region":"cn-north-1","ak":"%s","sk":"%s","object_key":"/","bucket":"attacker-bucket"}}""".formatted(id, Requests.DST_AK, Requests.DST_SK).replace("\n", "");
    }

    private static String aliased(String id, String src, String srcBucket, String dst) {
        return """
                {"request_id":"%s","src_node":{"region":"us-east-1","credential":"%s","bucket":"%s","cloud_type":"AWS",
                 "object_key":{"path":"","keys":[]}},"thread_num":10,"enableKMS":false,
                 "dst_node":{"region":"cn-north-1","credential":"%s","object_key":"/","bucket":"acme-obs"}}""".formatted(id, src, srcBucket, dst).replace("\n", "");
    }

    @Test
    void theOperatorsAliasPairedWithTheRequestersOwnKeysIsRefusedThroughTheInbox() throws Exception {
        bridge.drop("attack.json", theAttack("attack-file"));

        Path report = bridge.inbox().resolve(".failed").resolve("attack.json.error.json");
        await().atMost(Duration.ofSeconds(20)).until(() -> Files.exists(report));
        JsonNode problem =
                BridgeRun.JSON.readTree(report.toFile()).path("problems").get(0);
        assertThat(problem.path("field").asText()).isEqualTo("dst_node.ak");
        assertThat(problem.path("message").asText())
                .startsWith("inline keys cannot be paired with the configured credential of src_node");
        assertThat(Tasks.perRequest(sim)).doesNotContainKey("attack-file");
    }

    @Test
    void theOperatorsAliasPairedWithTheRequestersOwnKeysIsRefusedThroughTheQueue() throws Exception {
        JsonNode ack = BridgeRun.JSON.readTree(producer.requestBody(REQUESTS, theAttack("attack-queue"), String.class));

        assertThat(ack.path("status").asText()).isEqualTo("rejected");
        assertThat(ack.path("problems"))
                .extracting(p -> p.path("field").asText())
                .containsExactly("dst_node.ak");
        assertThat(Tasks.perRequest(sim)).doesNotContainKey("attack-queue");
    }

    @Test
    void anAliasUsedOnASideItWasNotDeclaredForIsRefusedNamingTheSetting() throws Exception {
        JsonNode ack = BridgeRun.JSON.readTree(producer.requestBody(
                REQUESTS, aliased("wrong-side", "obs-target", "acme-photos", "obs-target"), String.class));

        assertThat(ack.path("problems"))
                .extracting(
                        p -> p.path("field").asText() + ": " + p.path("message").asText())
                .containsExactly("src_node.credential: credential 'obs-target' may be used on the destination side"
                        + " only (credentials.obs-target.sides), not as the source");
    }

    @Test
    void anAliasUsedWithABucketOutsideItsPatternsIsRefusedNamingThePatterns() throws Exception {
        JsonNode ack = BridgeRun.JSON.readTree(producer.requestBody(
                REQUESTS, aliased("wrong-bucket", "aws-prod", "payroll", "obs-target"), String.class));

        assertThat(ack.path("problems"))
                .extracting(
                        p -> p.path("field").asText() + ": " + p.path("message").asText())
                .containsExactly("src_node.bucket: credential 'aws-prod' may not be used with bucket 'payroll'"
                        + " (credentials.aws-prod.buckets: acme-*, logs-202?)");
    }

    @Test
    void anAliasUsedWhereTheOperatorAllowedBecomesATask() throws Exception {
        JsonNode ack = BridgeRun.JSON.readTree(producer.requestBody(
                REQUESTS, aliased("allowed", "aws-prod", "logs-2026", "obs-target"), String.class));

        assertThat(ack.path("status").asText()).isEqualTo("accepted");
        await().atMost(Duration.ofSeconds(20)).until(() -> Tasks.perRequest(sim).containsKey("allowed"));
    }

    @Test
    void withMixedCredentialsAllowedTheSamePairingIsAccepted() {
        RequestReader lenient = new RequestReader(alias -> Optional.of(AliasPolicy.ANYWHERE), true, "project-1");
        RequestReader strict = new RequestReader(alias -> Optional.of(AliasPolicy.ANYWHERE), false, "project-1");

        assertThat(lenient.read(theAttack("mixed"), "mixed").valid()).isTrue();
        assertThat(strict.read(theAttack("mixed"), "mixed").problems())
                .extracting(p -> p.field())
                .isEqualTo(List.of("dst_node.ak"));
    }
}
