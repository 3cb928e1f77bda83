package io.omsbridge.operate;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.omsbridge.BridgeRun;
import io.omsbridge.Http;
import io.omsbridge.Requests;
import io.omsbridge.simulator.OmsSimulator;
import io.omsbridge.simulator.SimulatorSettings;
import java.time.Duration;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * With {@code bridge.api.token} set, no {@code /api} call gets past the server without the bearer token, its body
 * unread; the dashboard page itself needs none (it asks for the token). An API open to the network without a token
 * does not start.
 */
class ApiTokenTest {

    private static final String TOKEN = "s3cret-api-token-0123456789";

    private OmsSimulator sim;
    private BridgeRun bridge;
    private String server;

    @BeforeEach
    void start() {
        sim = OmsSimulator.start(
                SimulatorSettings.builder().waitTime(Duration.ofMinutes(5)).build());
    }

    @AfterEach
    void stop() {
        if (bridge != null) {
            bridge.close();
        }
        sim.close();
    }

    private void startWithToken() {
        Map<String, String> settings = BridgeRun.defaults(sim, BridgeRun.newDataDir("api-token"));
        settings.put("bridge.api.token", TOKEN);
        bridge = BridgeRun.start(settings);
        server = "http://127.0.0.1:" + settings.get("camel.server.port");
    }

    @Test
    void everyApiCallNeedsTheBearerTokenAndIsRefusedIn401JsonWithoutIt() {
        startWithToken();

        Http.Answer none = Http.get(server + "/api/status");
        Http.Answer wrong = Http.get(server + "/api/status", "Authorization", "Bearer not-the-token-at-all");
        Http.Answer right = Http.get(server + "/api/status", "Authorization", "Bearer " + TOKEN);

        assertThat(none.status()).isEqualTo(401);
        assertThat(none.json().path("code").asText()).isEqualTo("UNAUTHORIZED");
        assertThat(none.header("WWW-Authenticate")).startsWith("Bearer");
        assertThat(wrong.status()).isEqualTo(401);
        assertThat(wrong.json().path("message").asText()).contains("not the one");
        assertThat(right.status()).isEqualTo(200);
        assertThat(Http.get(server + "/api/openapi.json").status())
                .as("the API's description too")
                .isEqualTo(401);
        assertThat(Http.get(server + "/api/openapi.json", "Authorization", "Bearer " + TOKEN)
                        .status())
                .isEqualTo(200);
    }

    @Test
    void aPostWithoutTheTokenRecordsNothing() {
        startWithToken();

        Http.Answer refused = Http.post(server + "/api/migrations", Requests.aliased("sneaky", "b"));

        assertThat(refused.status()).isEqualTo(401);
        assertThat(bridge.record("sneaky")).isNull();
        assertThat(Http.post(
                                server + "/api/migrations",
                                Requests.aliased("allowed", "b"),
                                "Authorization",
                                "Bearer " + TOKEN)
                        .status())
                .isEqualTo(202);
        assertThat(bridge.record("allowed")).isNotNull();
    }

    @Test
    void theDashboardPageIsServedWithoutTheTokenAndNothingElseOfTheJarIs() {
        startWithToken();

        Http.Answer page = Http.get(server + "/");

        assertThat(page.status()).isEqualTo(200);
        assertThat(page.header("Content-Type")).startsWith("text/html");
        assertThat(Http.get(server + "/dashboard/..%2Fconfig%2Fapplication.properties")
                        .status())
                .isEqualTo(404);
        assertThat(Http.get(server + "/dashboard/application.properties").status())
                .isEqualTo(404);
        assertThat(Http.get(server + "/pom.xml").status()).isEqualTo(404);
    }

    @Test
    void anApiOpenToTheNetworkWithoutATokenDoesNotStart() {
        Map<String, String> settings = BridgeRun.defaults(sim, BridgeRun.newDataDir("api-open"));
        settings.put("camel.server.host", "0.0.0.0");

        assertThatThrownBy(() -> BridgeRun.start(settings))
                .hasStackTraceContaining(
                        "bridge.api.token: required when the API listens on 0.0.0.0 (camel.server.host), which is not a"
                                + " loopback address");
    }
}
