package io.omsbridge.simulator;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import java.net.http.HttpResponse;
import java.time.Duration;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** Proves every OMS call needs a live token for the URL's project, answered 401 APIG.0301 like the API Gateway. */
class OmsAuthTest {

    private static final String PREFIX = "Incorrect IAM authentication information: ";
    private OmsSimulator simulator;
    private SimClient client;

    @BeforeEach
    void start() {
        simulator = OmsSimulator.start(SimulatorSettings.builder()
                .user("testname", "testname", "Password", SimClient.PROJECT, "cn-north-1")
                .user("testname", "bob", "Bob-pass", "11111111111111111111111111111111", "cn-east-3")
                .tokenTtl(Duration.ofMillis(1500))
                .build());
        client = new SimClient(simulator);
    }

    @AfterEach
    void stop() {
        simulator.close();
    }

    @Test
    void aCallWithoutTokenIsRefusedWithTokenNotFound() {
        HttpResponse<String> r = client.oms("GET", "task?start=0&limit=10", null, null);

        JsonNode body = assertGateway401(r);
        assertThat(body.get("error_msg").asText()).isEqualTo(PREFIX + "x-auth-token not found");
    }

    @Test
    void anUnknownTokenIsRefusedWithDecryptTokenFail() {
        JsonNode body = assertGateway401(client.oms("GET", "version", null, "MIIgarbage"));

        assertThat(body.get("error_msg").asText()).isEqualTo(PREFIX + "decrypt token fail");
    }

    @Test
    void anExpiredTokenIsRefusedWithItsExpiryTime() {
        String token = client.token();
        assertThat(client.oms("GET", "version", null, token).statusCode()).isEqualTo(200);

        await().atMost(Duration.ofSeconds(5))
                .until(() -> client.oms("GET", "version", null, token).statusCode() == 401);
        JsonNode body = assertGateway401(client.oms("GET", "version", null, token));
        assertThat(body.get("error_msg").asText())
                .matches(PREFIX + "token expires, expires_at: \\d{4}-\\d{2}-\\d{2}T\\d{2}:\\d{2}:\\d{2}\\.\\d{6}Z");
    }

    @Test
    void aTokenForAnotherProjectIsRefused() {
        String bobs = client.token(
                SimClient.tokenBody("testname", "bob", "Bob-pass", "{\"project\":{\"name\":\"cn-east-3\"}}"));

        JsonNode body = assertGateway401(client.oms("POST", "task", SimClient.SEED_CREATE_BODY, bobs));
        assertThat(body.get("error_msg").asText()).startsWith(PREFIX).contains(SimClient.PROJECT);
        assertThat(client.send("GET", "/v1/11111111111111111111111111111111/objectstorage/version", null, bobs)
                        .statusCode())
                .isEqualTo(200);
    }

    @Test
    void aDomainScopedTokenIsNoGoodForOms() {
        String token = client.token(
                SimClient.tokenBody("testname", "testname", "Password", "{\"domain\":{\"name\":\"testname\"}}"));

        assertGateway401(client.oms("GET", "version", null, token));
    }

    @Test
    void revokedTokensBecomeUnknown() {
        String token = client.token();
        assertThat(client.oms("GET", "version", null, token).statusCode()).isEqualTo(200);

        simulator.revokeTokens();

        JsonNode body = assertGateway401(client.oms("GET", "version", null, token));
        assertThat(body.get("error_msg").asText()).isEqualTo(PREFIX + "decrypt token fail");
        assertThat(client.oms("GET", "version", null, client.token()).statusCode())
                .isEqualTo(200);
    }

    @Test
    void refusalsAreCountedAsUnauthorized() {
        client.oms("GET", "version", null, null);
        client.oms("GET", "version", null, "nope");

        assertThat(simulator.stats().unauthorized()).isEqualTo(2);
        assertThat(simulator.stats().rejections()).isZero();
    }

    private static JsonNode assertGateway401(HttpResponse<String> r) {
        assertThat(r.statusCode()).as(r.body()).isEqualTo(401);
        JsonNode body = SimClient.json(r);
        assertThat(body.get("error_code").asText()).isEqualTo("APIG.0301");
        assertThat(body.get("request_id").asText())
                .isEqualTo(r.headers().firstValue("X-Request-Id").orElseThrow());
        return body;
    }
}
