package io.omsbridge.simulator;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import io.omsbridge.MutableClock;
import io.omsbridge.hwcloud.oms.auth.AkSkSigner;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * Proves OMS calls (v1 and v2) may be signed with a configured AK/SK instead of carrying a token, and that the
 * gateway's checks refuse what they should with its 401 APIG.0301 texts, over exactly the headers the client signed.
 */
class AkSkAuthTest {

    private static final String PREFIX = "Incorrect IAM authentication information: ";
    private static final String AK = "SIMAKEXAMPLE00000001";
    private static final String SK = "sim-secret-key-one";

    private final MutableClock clock = new MutableClock(Instant.parse("2026-11-25T10:00:00Z"));
    private OmsSimulator simulator;
    private SimClient client;

    @BeforeEach
    void start() {
        simulator = OmsSimulator.start(SimulatorSettings.builder()
                .accessKey(AK, SK)
                .accessKey("SECONDAK", "second-sk")
                .maxCreatesPer24h(0)
                .maxWaitingTasks(0)
                .maxRunningTasks(0)
                .clock(clock)
                .build());
        client = new SimClient(simulator);
    }

    @AfterEach
    void stop() {
        simulator.close();
    }

    /** One signed call: what is signed, and what is then sent (which a test may change on the way). */
    private final class Call {
        final String method;
        final String path;
        String body;
        String sentBody;
        String sentPath;
        String ak = AK;
        String sk = SK;
        Instant signedAt = clock.instant();
        boolean sendDate = true;
        boolean chunked;
        final Map<String, String> signed = new LinkedHashMap<>(Map.of("X-Project-Id", SimClient.PROJECT));
        final Map<String, String> sentHeaders = new LinkedHashMap<>();

        Call(String method, String path, String body) {
            this.method = method;
            this.path = path;
            this.body = body;
        }

        HttpResponse<String> send() {
            byte[] bytes = body == null ? null : body.getBytes(StandardCharsets.UTF_8);
            AkSkSigner.Signed s =
                    AkSkSigner.sign(method, URI.create(client.baseUrl + path), signed, bytes, ak, sk, signedAt);
            byte[] sent = sentBody != null ? sentBody.getBytes(StandardCharsets.UTF_8) : bytes;
            HttpRequest.BodyPublisher publisher = sent == null
                    ? HttpRequest.BodyPublishers.noBody()
                    : chunked
                            ? HttpRequest.BodyPublishers.ofInputStream(() -> new ByteArrayInputStream(sent))
                            : HttpRequest.BodyPublishers.ofByteArray(sent);
            HttpRequest.Builder b = HttpRequest.newBuilder(
                            URI.create(client.baseUrl + (sentPath != null ? sentPath : path)))
                    .timeout(Duration.ofSeconds(10))
                    .method(method, publisher)
                    .header("Authorization", s.authorization());
            Map<String, String> headers = new LinkedHashMap<>(signed);
            headers.remove("X-Sdk-Date");
            headers.putAll(sentHeaders);
            if (sendDate) {
                headers.putIfAbsent("X-Sdk-Date", s.sdkDate());
            }
            if (sent != null) {
                headers.putIfAbsent("Content-Type", "application/json;charset=UTF-8");
            }
            headers.forEach(b::header);
            try {
                return client.http.send(b.build(), HttpResponse.BodyHandlers.ofString());
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new IllegalStateException(e);
            }
        }
    }

    private Call v2(String method, String path, String body) {
        return new Call(method, "/v2/" + SimClient.PROJECT + "/" + path, body);
    }

    private static JsonNode assertGateway401(HttpResponse<String> r, String reason) {
        assertThat(r.statusCode()).as(r.body()).isEqualTo(401);
        JsonNode body = SimClient.json(r);
        assertThat(body.get("error_code").asText()).isEqualTo("APIG.0301");
        assertThat(body.get("error_msg").asText()).isEqualTo(PREFIX + reason);
        assertThat(body.get("request_id").asText())
                .isEqualTo(r.headers().firstValue("X-Request-Id").orElseThrow());
        return body;
    }

    @Test
    void signedCallsOfAKnownKeyPairAreLetThroughOnV1AndV2() {
        HttpResponse<String> created =
                v2("POST", "tasks", SimClient.V2_CREATE_BODY).send();
        assertThat(created.statusCode()).as(created.body()).isEqualTo(200);
        long id = SimClient.json(created).get("id").asLong();

        assertThat(v2("GET", "tasks?status=1&limit=5&offset=0", null).send().statusCode())
                .isEqualTo(200);
        assertThat(v2("GET", "tasks/" + id, null).send().statusCode()).isEqualTo(200);
        Call v1Create =
                new Call("POST", "/v1/" + SimClient.PROJECT + "/objectstorage/task", SimClient.SEED_CREATE_BODY);
        v1Create.ak = "SECONDAK";
        v1Create.sk = "second-sk";
        assertThat(v1Create.send().statusCode()).isEqualTo(200);
        assertThat(new Call("GET", "/v1/" + SimClient.PROJECT + "/objectstorage/task/" + id, null)
                        .send()
                        .statusCode())
                .isEqualTo(200);

        assertThat(simulator.stats().akskCalls()).isEqualTo(5);
        assertThat(simulator.stats().creates()).isEqualTo(2);
        assertThat(simulator.tasks().size()).isEqualTo(2);
    }

    @Test
    void aWrongSecretKeyIsVerifyAkskSignatureFail() {
        Call call = v2("POST", "tasks", SimClient.V2_CREATE_BODY);
        call.sk = "not-the-secret";

        assertGateway401(call.send(), "verify aksk signature fail");
        assertThat(simulator.tasks().size()).isZero();
    }

    @Test
    void anUnknownAccessKeyIsNamedInTheRefusal() {
        Call call = v2("GET", "tasks", null);
        call.ak = "NOSUCHAK";

        assertGateway401(call.send(), "Get secretKey failed,ak:NOSUCHAK,err:ak not exist");
    }

    @Test
    void aDateMoreThanFifteenMinutesFromTheSimulatorsClockIsSignatureExpired() {
        Call old = v2("GET", "tasks", null);
        old.signedAt = clock.instant().minus(Duration.ofMinutes(15)).minusSeconds(1);
        Call future = v2("GET", "tasks", null);
        future.signedAt = clock.instant().plus(Duration.ofMinutes(15)).plusSeconds(1);
        Call edge = v2("GET", "tasks", null);
        edge.signedAt = clock.instant().minus(Duration.ofMinutes(15));

        assertGateway401(old.send(), "calc ak sk signature fail:signature expired");
        assertGateway401(future.send(), "calc ak sk signature fail:signature expired");
        assertThat(edge.send().statusCode()).isEqualTo(200);
    }

    @Test
    void aMissingOrUnparsableDateIsSignatureExpiredToo() {
        Call missing = v2("GET", "tasks", null);
        missing.sendDate = false;
        Call garbled = v2("GET", "tasks", null);
        garbled.signed.put("X-Sdk-Date", "2026-11-25 10:00:00");

        assertGateway401(missing.send(), "calc ak sk signature fail:signature expired");
        assertGateway401(garbled.send(), "calc ak sk signature fail:signature expired");
    }

    @Test
    void aBodyChangedOnTheWayFailsTheSignatureAndMakesNoTask() {
        Call call = v2("POST", "tasks", SimClient.V2_CREATE_BODY);
        call.sentBody = SimClient.v2CreateBody("another-bucket");

        assertGateway401(call.send(), "verify aksk signature fail");
        assertThat(simulator.tasks().size()).isZero();
    }

    @Test
    void aPathOrQueryChangedOnTheWayFailsTheSignature() {
        Call query = v2("GET", "tasks?limit=10", null);
        query.sentPath = "/v2/" + SimClient.PROJECT + "/tasks?limit=20";
        Call path = v2("GET", "tasks/1", null);
        path.sentPath = "/v2/" + SimClient.PROJECT + "/tasks/2";

        assertGateway401(query.send(), "verify aksk signature fail");
        assertGateway401(path.send(), "verify aksk signature fail");
    }

    @Test
    void aSignedHeaderChangedFailsButOneTheClientDidNotSignMayChange() {
        Call signedChanged = v2("GET", "tasks", null);
        signedChanged.sentHeaders.put("X-Project-Id", "someone-else");
        Call unsignedChanged = v2("POST", "tasks", SimClient.V2_CREATE_BODY);
        unsignedChanged.sentHeaders.put("Content-Type", "application/json");
        unsignedChanged.sentHeaders.put("User-Agent", "not-what-was-signed");
        unsignedChanged.sentHeaders.put("X-Extra", "anything");

        assertGateway401(signedChanged.send(), "verify aksk signature fail");
        assertThat(unsignedChanged.send().statusCode()).isEqualTo(200);
    }

    @Test
    void theSignatureCoversTheBodyAsReceivedWhenItComesChunked() {
        Call call = v2("POST", "tasks", SimClient.V2_CREATE_BODY);
        call.chunked = true;

        HttpResponse<String> r = call.send();

        assertThat(r.statusCode()).as(r.body()).isEqualTo(200);
    }

    @Test
    void anAuthorizationHeaderOfThisSchemeThatDoesNotParseIsASignatureFailure() {
        HttpResponse<String> r = client.send("GET", "/v2/" + SimClient.PROJECT + "/tasks", null, null);
        assertThat(r.statusCode()).isEqualTo(401);
        assertThat(SimClient.json(r).get("error_msg").asText()).isEqualTo(PREFIX + "x-auth-token not found");

        HttpRequest garbage = HttpRequest.newBuilder(URI.create(client.baseUrl + "/v2/" + SimClient.PROJECT + "/tasks"))
                .header("Authorization", "SDK-HMAC-SHA256 Access=" + AK)
                .GET()
                .build();
        assertGateway401(sendRaw(garbage), "verify aksk signature fail");
    }

    @Test
    void tokensStillWorkAndRefusalsAreCounted() {
        String token = client.token();
        assertThat(client.v2("GET", "tasks", null, token).statusCode()).isEqualTo(200);
        Call wrong = v2("GET", "tasks", null);
        wrong.sk = "wrong";
        wrong.send();
        Call unknown = v2("GET", "tasks", null);
        unknown.ak = "NOPE";
        unknown.send();
        client.v2("GET", "tasks", null, "MIIgarbage");

        SimulatorStats stats = simulator.stats();

        assertThat(stats.signatureRefusals()).isEqualTo(2);
        assertThat(stats.unauthorized()).isEqualTo(3);
        assertThat(stats.akskCalls()).isZero();
    }

    @Test
    void noSecretKeyAppearsInTheSettingsOrAnAnswer() {
        SimulatorSettings settings =
                SimulatorSettings.builder().accessKey(AK, SK).build();
        Call wrong = v2("GET", "tasks", null);
        wrong.sk = "wrong";

        assertThat(settings.toString()).contains(AK).doesNotContain(SK);
        assertThat(settings.accessKeyIds()).containsExactly(AK);
        assertThat(wrong.send().body()).doesNotContain(SK, "wrong");
    }

    private HttpResponse<String> sendRaw(HttpRequest request) {
        try {
            return client.http.send(request, HttpResponse.BodyHandlers.ofString());
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }
}
