package io.omsbridge.operate;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import io.omsbridge.BridgeRun;
import io.omsbridge.Http;
import io.omsbridge.Requests;
import io.omsbridge.model.LedgerState;
import io.omsbridge.simulator.OmsSimulator;
import io.omsbridge.simulator.SimulatorSettings;
import java.net.Socket;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Locale;
import java.util.Map;
import org.apache.camel.builder.AdviceWith;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * Every error the HTTP server answers by itself (400, 404, 405, 406, 413, 415, 500) is the API's JSON, {"code",
 * "message"}, with its status, and an operation's optional body may be left out whatever the Content-Type says.
 */
class ServerErrorsTest {

    private static final int LIMIT = 4096;

    private static OmsSimulator sim;
    private static BridgeRun bridge;
    private static String server;

    @BeforeAll
    static void start() {
        // tasks run a minute, so a migration is still running when stopped
        sim = OmsSimulator.start(SimulatorSettings.builder()
                .waitTime(Duration.ofMillis(100))
                .runTime(Duration.ofMinutes(1))
                .build());
        Map<String, String> settings = BridgeRun.defaults(sim, BridgeRun.newDataDir("server-errors"));
        settings.put("bridge.inbox.max-file-bytes", String.valueOf(LIMIT));
        bridge = BridgeRun.start(settings);
        server = "http://127.0.0.1:" + settings.get("camel.server.port");
    }

    @AfterAll
    static void stop() {
        bridge.close();
        sim.close();
    }

    @Test
    void anOperationIsAcceptedWithNoBodyAndNoContentTypeOrWithCurlsEmptyFormBody() {
        assertThat(Http.post(server + "/api/migrations", Requests.aliased("errors-stop", "errors-bucket"))
                        .status())
                .isEqualTo(202);
        await().atMost(Duration.ofSeconds(30))
                .until(() -> bridge.record("errors-stop"), r -> r != null && r.state() == LedgerState.RUNNING);

        Http.Answer bare = Http.request(
                "POST", server + "/api/migrations/errors-stop/stop", null, null, "Idempotency-Key", "errors-stop-1");
        Http.Answer form = Http.request(
                "POST",
                server + "/api/migrations/errors-stop/stop",
                "application/x-www-form-urlencoded",
                "",
                "Idempotency-Key",
                "errors-stop-1");
        Http.Answer delete = Http.request("DELETE", server + "/api/migrations/never-made", null, null);

        assertThat(bare.status()).isEqualTo(202);
        assertThat(bare.json().path("status").asText()).isEqualTo("accepted");
        assertThat(form.status()).isEqualTo(202);
        assertThat(form.json().path("status").asText()).isEqualTo("duplicate");
        assertThat(delete.status()).isEqualTo(404);
        assertThat(delete.header("Content-Type")).startsWith("application/json");
    }

    @Test
    void aBodyWithContentThatIsNotJsonIs415NamingItsContentType() {
        Http.Answer text = Http.request("POST", server + "/api/migrations/errors-any/retry", "text/plain", "again");
        Http.Answer form = Http.request(
                "POST",
                server + "/api/migrations/errors-any/retry",
                "application/x-www-form-urlencoded",
                "failed_objects_only=true");
        Http.Answer request = Http.request("POST", server + "/api/migrations", "text/plain", "{}");

        assertError(text, 415, "UNSUPPORTED_MEDIA_TYPE", "Content-Type", "text/plain");
        assertError(form, 415, "UNSUPPORTED_MEDIA_TYPE", "Content-Type", "application/x-www-form-urlencoded");
        assertError(request, 415, "UNSUPPORTED_MEDIA_TYPE", "Content-Type", "application/json", "text/plain");
    }

    @Test
    void aRequestTheServerCannotReadIs400() throws Exception {
        // a percent sign that escapes nothing: no client library sends it, so the request is written by hand
        String answer;
        try (Socket socket = new Socket("127.0.0.1", URI.create(server).getPort())) {
            socket.getOutputStream()
                    .write(("GET /api/migrations/%zz HTTP/1.1\r\nHost: bridge\r\n" + "Connection: close\r\n\r\n")
                            .getBytes(StandardCharsets.US_ASCII));
            answer = new String(socket.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        }
        String head = answer.substring(0, answer.indexOf("\r\n\r\n")).toLowerCase(Locale.ROOT);
        JsonNode body = BridgeRun.JSON.readTree(answer.substring(answer.indexOf("\r\n\r\n") + 4));

        assertThat(head).startsWith("http/1.1 400").contains("content-type: application/json");
        assertThat(body.path("code").asText()).isEqualTo("BAD_REQUEST");
        assertThat(body.path("message").asText()).contains("cannot read this request");
    }

    @Test
    void aPathTheServerDoesNotHaveIs404() {
        assertError(Http.get(server + "/api/nothing-here"), 404, "NOT_FOUND", "/api/nothing-here", "/api/openapi.json");
        assertError(
                Http.request("POST", server + "/elsewhere", "application/json", "{}"), 404, "NOT_FOUND", "/elsewhere");
        assertError(Http.get(server + "/dashboard/missing.js"), 404, "NOT_FOUND", "missing.js");
    }

    @Test
    void aMethodThePathDoesNotTakeIs405() {
        assertError(
                Http.request("PUT", server + "/api/migrations", "application/json", "{}"),
                405,
                "METHOD_NOT_ALLOWED",
                "PUT",
                "/api/migrations");
        assertError(
                Http.request("POST", server + "/api/status", null, null),
                405,
                "METHOD_NOT_ALLOWED",
                "POST",
                "/api/status");
        assertError(Http.get(server + "/api/migrations/errors-any/stop"), 405, "METHOD_NOT_ALLOWED", "GET");
    }

    @Test
    void anAcceptThePathCannotServeIs406() {
        assertError(
                Http.get(server + "/api/status", "Accept", "text/html"),
                406,
                "NOT_ACCEPTABLE",
                "application/json",
                "text/html");
    }

    @Test
    void aBodyOverTheLimitIs413NamingTheLimitAndItsKey() {
        String big = "{\"operation_id\":\"" + "x".repeat(LIMIT) + "\"}";

        assertError(
                Http.post(server + "/api/migrations/errors-any/stop", big),
                413,
                "TOO_LARGE",
                String.valueOf(LIMIT),
                "bridge.inbox.max-file-bytes");
        assertError(
                Http.post(server + "/api/migrations", big),
                413,
                "TOO_LARGE",
                String.valueOf(LIMIT),
                "bridge.inbox.max-file-bytes");
    }

    @Test
    void aFailureInARouteOfTheServerIs500WithoutAStackTrace() throws Exception {
        AdviceWith.adviceWith(
                bridge.context(),
                "dashboard",
                route -> route.weaveAddFirst().throwException(new IllegalStateException("the page broke")));

        Http.Answer answer = Http.get(server + "/");

        assertError(answer, 500, "INTERNAL", "log");
        assertThat(answer.body()).doesNotContain("the page broke").doesNotContain("IllegalStateException");
    }

    private static void assertError(Http.Answer answer, int status, String code, String... inMessage) {
        assertThat(answer.status()).as(answer.body()).isEqualTo(status);
        assertThat(answer.header("Content-Type")).as("Content-Type").startsWith("application/json");
        assertThat(answer.json().path("code").asText()).isEqualTo(code);
        assertThat(answer.json().path("message").asText()).contains(inMessage);
    }
}
