package io.omsbridge.hwcloud.oms;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import com.fasterxml.jackson.databind.JsonNode;
import io.omsbridge.simulator.OmsSimulator;
import io.omsbridge.simulator.SimulatorSettings;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.apache.camel.CamelContext;
import org.apache.camel.CamelExecutionException;
import org.apache.camel.Exchange;
import org.apache.camel.ProducerTemplate;
import org.apache.camel.impl.DefaultCamelContext;
import org.awaitility.Awaitility;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * hwcloud-oms on a plain CamelContext, without the rest of the bridge, as an integration team would use it: endpoint
 * URIs with the options, the operations of API v1 and v2, AK/SK signing and the IAM token, OMS's answers mapped to
 * OmsException, and the deadline.
 */
class OmsComponentTest {

    private static final String PROJECT = SimulatorSettings.DEFAULT_USER.projectId();
    private static final String AK = "COMPONENTTESTAK0001";
    private static final String SK = "componentTestSecretKey0123456789abcdef";
    private static final String CREATE = """
            {"src_node":{"region":"cn-beijing","ak":"SRC_AK","sk":"SRC_SK","bucket":"component-src","cloud_type":"AWS",
             "object_key":{"path":"","keys":[]}},"thread_num":10,"enableKMS":false,"description":"from a plain route",
             "dst_node":{"region":"cn-north-1","ak":"DST_AK","sk":"DST_SK","object_key":"/","bucket":"component-dst"}}
            """;
    private static final String CREATE_V2 = """
            {"src_node":{"region":"cn-beijing","ak":"SRC_AK","sk":"SRC_SK","bucket":"component-src","cloud_type":"AWS",
             "object_key":[""]},"description":"from a plain route",
             "dst_node":{"region":"cn-north-1","ak":"DST_AK","sk":"DST_SK","bucket":"component-dst"}}
            """;

    private OmsSimulator sim;
    private CamelContext context;
    private ProducerTemplate template;

    @BeforeEach
    void start() throws Exception {
        // tasks wait 100 ms, then run for a minute: a test sees them running long enough to stop them
        sim = OmsSimulator.start(SimulatorSettings.builder()
                .accessKey(AK, SK)
                .waitTime(Duration.ofMillis(100))
                .runTime(Duration.ofMinutes(1))
                .build());
        context = new DefaultCamelContext();
        context.start();
        template = context.createProducerTemplate();
    }

    @AfterEach
    void stop() throws Exception {
        context.close();
        sim.close();
    }

    private String aksk(String operation, String version) {
        return "hwcloud-oms:" + operation + "?endpoint=" + sim.baseUrl() + "&projectId=" + PROJECT + "&apiVersion="
                + version + "&authentication=aksk&accessKey=RAW(" + AK + ")&secretKey=RAW(" + SK + ")";
    }

    private String token(String operation) {
        return "hwcloud-oms:" + operation + "?endpoint=" + sim.baseUrl() + "&projectId=" + PROJECT + "&iamEndpoint="
                + sim.baseUrl() + "&iamUsername=testname&iamPassword=RAW(Password)&iamDomain=testname";
    }

    private long create(String uri, String body) {
        Exchange done = template.request(uri, e -> e.getIn().setBody(body));
        if (done.getException() != null) {
            throw new CamelExecutionException("create failed", done, done.getException());
        }
        return done.getMessage().getHeader(OmsConstants.TASK_ID, Long.class);
    }

    private JsonNode show(String uri, long id) {
        return template.requestBodyAndHeader(uri, null, OmsConstants.TASK_ID, id, JsonNode.class);
    }

    @Test
    void aPlainRouteCreatesShowsListsStopsStartsAndDeletesAV2TaskSignedWithAkSk() throws Exception {
        long id = create(aksk("createTask", "v2"), CREATE_V2);

        assertThat(sim.tasks().find(id)).isPresent();
        JsonNode shown = show(aksk("showTask", "v2"), id);
        assertThat(shown.path("description").asText()).isEqualTo("from a plain route");
        assertThat(shown.has("successful_num")).as("v2's own field names").isTrue();
        List<?> running = awaitListed(aksk("listTasks", "v2"), 2);
        assertThat(running).extracting(t -> ((JsonNode) t).path("id").asLong()).contains(id);

        template.requestBodyAndHeader(aksk("stopTask", "v2"), null, OmsConstants.TASK_ID, id);
        assertThat(show(aksk("showTask", "v2"), id).path("status").asInt()).isEqualTo(3);
        template.requestBodyAndHeader(
                aksk("startTask", "v2"),
                "{\"src_ak\":\"SRC_AK\",\"src_sk\":\"SRC_SK\"," + "\"dst_ak\":\"DST_AK\",\"dst_sk\":\"DST_SK\"}",
                OmsConstants.TASK_ID,
                id);
        Awaitility.await()
                .atMost(Duration.ofSeconds(10))
                .until(() -> show(aksk("showTask", "v2"), id).path("status").asInt() == 2);
        template.requestBodyAndHeader(aksk("stopTask", "v2"), null, OmsConstants.TASK_ID, id);
        template.requestBodyAndHeader(aksk("deleteTask", "v2"), null, OmsConstants.TASK_ID, id);

        assertThat(sim.tasks().find(id)).isEmpty();
        assertThat(sim.stats().akskCalls()).as("every call signed").isGreaterThanOrEqualTo(8);
        assertThat(sim.stats().tokenCalls()).as("no IAM call with AK/SK").isZero();
    }

    @Test
    void theSameOperationsSpeakV1WithACachedIamToken() {
        long id = create(token("createTask"), CREATE);

        assertThat(show(token("showTask"), id).path("success_num").isNumber())
                .as("v1's names")
                .isTrue();
        template.requestBodyAndHeader(token("listTasks"), null, OmsConstants.LIMIT, 10);
        template.requestBodyAndHeader(token("deleteTask"), null, OmsConstants.TASK_ID, id);

        assertThat(sim.tasks().find(id)).isEmpty();
        assertThat(sim.stats().tokenCalls()).as("one token for every call").isEqualTo(1);
    }

    @Test
    void aRevokedTokenIsReplacedOnceAndTheCallSucceeds() {
        long id = create(token("createTask"), CREATE);
        sim.revokeTokens();

        assertThat(show(token("showTask"), id).path("id").asLong()).isEqualTo(id);
        assertThat(sim.stats().tokenCalls()).isEqualTo(2);
        assertThat(sim.stats().unauthorized())
                .as("the one 401 before the fresh token")
                .isEqualTo(1);
    }

    @Test
    void omsAnswersBecomeOneExceptionWithTheStatusAndOmsErrorCode() {
        OmsException unknown = failure(() -> show(aksk("showTask", "v2"), 999_999L));
        assertThat(unknown.status()).isEqualTo(400);
        assertThat(unknown.errorCode()).isEqualTo("OMS.1009");
        assertThat(unknown.notFound()).isTrue();

        OmsException wrongKey = failure(() -> show(
                "hwcloud-oms:showTask?endpoint=" + sim.baseUrl() + "&projectId=" + PROJECT
                        + "&apiVersion=v2&authentication=aksk&accessKey=" + AK + "&secretKey=RAW(wrong)",
                1L));
        assertThat(wrongKey.status()).isEqualTo(401);
        assertThat(wrongKey.errorCode()).isEqualTo("APIG.0301");
        assertThat(wrongKey.errorMessage())
                .endsWith("verify aksk signature fail")
                .doesNotContain(SK);
    }

    @Test
    void aThrottledAnswerFromIamOrOmsIsSeenAtOnceWithNoRetryHiddenInTheHttpClient() {
        sim.faults().throttleRate(1.0);

        CamelExecutionException noToken =
                catchThrowableOfType(CamelExecutionException.class, () -> create(token("createTask"), CREATE));
        assertThat(noToken.getCause()).hasMessageContaining("429");
        assertThat(sim.stats().injectedFaults()).as("one token call, one 429").isEqualTo(1);

        OmsException busy = failure(() -> show(aksk("showTask", "v2"), 1L));
        assertThat(busy.status()).isEqualTo(429);
        assertThat(sim.stats().injectedFaults()).as("one show, one 429").isEqualTo(2);
    }

    @Test
    void aCallPastItsDeadlineIsCutOffEvenWhileTheAnswerStillTrickles() {
        sim.faults().trickleCreates(Duration.ofSeconds(20));
        long before = System.nanoTime();

        OmsException cut = failure(() -> create(aksk("createTask", "v2") + "&deadline=1500", CREATE_V2));

        assertThat(cut.errorCode()).isEqualTo(OmsException.DEADLINE);
        assertThat(cut.mayHaveActed()).as("the task may exist").isTrue();
        assertThat(Duration.ofNanos(System.nanoTime() - before))
                .as("returned at the deadline, not the answer's end")
                .isLessThan(Duration.ofSeconds(10));
        assertThat(sim.tasks().size()).as("OMS did make it").isEqualTo(1);
    }

    @Test
    void taskGroupsAreV2OnlyAndSaySoOnV1() {
        IllegalArgumentException e = catchThrowableOfType(
                                        CamelExecutionException.class,
                                        () -> template.requestBody(token("listTaskGroups"), (Object) null))
                                .getCause()
                        instanceof IllegalArgumentException iae
                ? iae
                : null;

        assertThat(e).hasMessage("hwcloud-oms: listTaskGroups exists in OMS API v2 only");
    }

    private List<?> awaitListed(String uri, int status) {
        return Awaitility.await()
                .atMost(Duration.ofSeconds(10))
                .until(
                        () -> template.requestBodyAndHeaders(
                                uri, null, Map.of(OmsConstants.STATUS, status), List.class),
                        l -> !l.isEmpty());
    }

    private static OmsException failure(Runnable call) {
        CamelExecutionException e = catchThrowableOfType(CamelExecutionException.class, call::run);
        assertThat(e.getCause()).isInstanceOf(OmsException.class);
        return (OmsException) e.getCause();
    }
}
