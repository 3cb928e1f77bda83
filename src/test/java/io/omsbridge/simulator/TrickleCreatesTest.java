package io.omsbridge.simulator;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.Socket;
import java.net.URI;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Locale;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * Proves the trickle fault: a successful create (v1 and v2) is answered headers first, then a byte at a time over the
 * set time, so a client's per-read timeout never fires while the whole call outlasts it; other answers are untouched.
 */
class TrickleCreatesTest {

    private static final Duration TOTAL = Duration.ofMillis(1500);
    /** Far longer than one pause between bytes (total / ~45 bytes), far shorter than the whole answer. */
    private static final int READ_TIMEOUT_MS = 500;

    private OmsSimulator simulator;
    private SimClient client;
    private String token;

    @BeforeEach
    void start() {
        simulator = OmsSimulator.start(SimulatorSettings.builder()
                .maxCreatesPer24h(0)
                .maxWaitingTasks(0)
                .maxRunningTasks(0)
                .build());
        client = new SimClient(simulator);
        token = client.token();
    }

    @AfterEach
    void stop() {
        simulator.close();
    }

    /** What a client with a per-read timeout sees: the raw answer, and how long the whole of it took. */
    private record RawAnswer(String head, byte[] body, long millis) {}

    private RawAnswer postWithReadTimeout(String path, String json) throws IOException {
        byte[] body = json.getBytes(StandardCharsets.UTF_8);
        try (Socket socket = new Socket("127.0.0.1", simulator.port())) {
            // a read that waits longer than this throws SocketTimeoutException and fails the test
            socket.setSoTimeout(READ_TIMEOUT_MS);
            OutputStream out = socket.getOutputStream();
            out.write(
                    ("POST " + path + " HTTP/1.1\r\nHost: 127.0.0.1\r\nContent-Type: application/json\r\nX-Auth-Token: "
                                    + token + "\r\nContent-Length: " + body.length + "\r\nConnection: close\r\n\r\n")
                            .getBytes(StandardCharsets.US_ASCII));
            out.write(body);
            out.flush();
            long t0 = System.nanoTime();
            InputStream in = socket.getInputStream();
            ByteArrayOutputStream all = new ByteArrayOutputStream();
            for (int b = in.read(); b >= 0; b = in.read()) {
                all.write(b);
            }
            long millis = (System.nanoTime() - t0) / 1_000_000;
            String text = all.toString(StandardCharsets.ISO_8859_1);
            int split = text.indexOf("\r\n\r\n");
            byte[] answerBody = text.substring(split + 4).getBytes(StandardCharsets.ISO_8859_1);
            return new RawAnswer(text.substring(0, split), answerBody, millis);
        }
    }

    @Test
    void aV1CreateIsAnsweredAByteAtATimeWithoutAnyReadWaitingLong() throws IOException {
        simulator.faults().trickleCreates(TOTAL);

        RawAnswer a =
                postWithReadTimeout("/v1/" + SimClient.PROJECT + "/objectstorage/task", SimClient.SEED_CREATE_BODY);

        assertThat(a.head()).startsWith("HTTP/1.1 200");
        assertThat(a.head().toLowerCase(Locale.ROOT)).contains("content-length: " + a.body().length);
        JsonNode created = SimClient.MAPPER.readTree(a.body());
        assertThat(simulator.tasks().find(created.get("id").asLong())).isPresent();
        assertThat(a.millis())
                .as("the whole answer outlasts a read timeout")
                .isGreaterThanOrEqualTo(TOTAL.toMillis() - 100)
                .isGreaterThan(READ_TIMEOUT_MS);
        assertThat(simulator.stats().trickledCreates()).isEqualTo(1);
    }

    @Test
    void aV2CreateTrickles() throws IOException {
        simulator.faults().trickleCreates(TOTAL);

        RawAnswer a = postWithReadTimeout("/v2/" + SimClient.PROJECT + "/tasks", SimClient.V2_CREATE_BODY);

        assertThat(a.head()).startsWith("HTTP/1.1 200");
        assertThat(SimClient.MAPPER.readTree(a.body()).get("task_name").asText())
                .startsWith("source_bucket-");
        assertThat(a.millis()).isGreaterThanOrEqualTo(TOTAL.toMillis() - 100);
    }

    @Test
    void theHeadersArriveAtOnceAndTheBodyTakesTheTime() throws Exception {
        simulator.faults().trickleCreates(TOTAL);
        HttpRequest request = HttpRequest.newBuilder(
                        URI.create(simulator.baseUrl() + "/v2/" + SimClient.PROJECT + "/tasks"))
                .header("X-Auth-Token", token)
                .header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofString(SimClient.V2_CREATE_BODY))
                .build();

        long t0 = System.nanoTime();
        HttpResponse<InputStream> r = client.http.send(request, HttpResponse.BodyHandlers.ofInputStream());
        long headersAfter = (System.nanoTime() - t0) / 1_000_000;
        byte[] body;
        try (InputStream in = r.body()) {
            body = in.readAllBytes();
        }
        long allAfter = (System.nanoTime() - t0) / 1_000_000;

        assertThat(r.statusCode()).isEqualTo(200);
        assertThat(headersAfter).as("headers first").isLessThan(TOTAL.toMillis() / 2);
        assertThat(allAfter).isGreaterThanOrEqualTo(TOTAL.toMillis() - 100);
        assertThat(r.headers().firstValueAsLong("Content-Length")).hasValue(body.length);
    }

    @Test
    void refusedCreatesAndOtherCallsAreAnsweredAtOnce() {
        simulator.faults().trickleCreates(Duration.ofSeconds(30));

        long t0 = System.nanoTime();
        SimClient.assertOmsError(client.v2("POST", "tasks", "{}", token), 400, "OMS.0057");
        assertThat(client.v2("GET", "tasks", null, token).statusCode()).isEqualTo(200);
        long millis = (System.nanoTime() - t0) / 1_000_000;

        assertThat(millis).isLessThan(5_000);
        assertThat(simulator.stats().trickledCreates()).isZero();
    }

    @Test
    void theTrickleIsSetThroughTheControlEndpointShownThereAndReset() {
        HttpResponse<String> put = client.send("PUT", "/_simulator/faults", "{\"trickleCreatesMs\":2500}", null);

        assertThat(put.statusCode()).as(put.body()).isEqualTo(200);
        assertThat(simulator.faults().trickleCreates()).isEqualTo(Duration.ofMillis(2500));
        assertThat(SimClient.json(client.send("GET", "/_simulator/faults", null, null))
                        .get("trickleCreatesMs")
                        .asLong())
                .isEqualTo(2500);
        SimClient.assertOmsError(
                client.send("PUT", "/_simulator/faults", "{\"trickleCreatesMs\":-1}", null), 400, "OMS.0064");
        SimClient.assertOmsError(
                client.send("PUT", "/_simulator/faults", "{\"trickleCreatesMs\":\"1s\"}", null), 400, "OMS.0064");
        simulator.faults().reset();
        assertThat(simulator.faults().trickleCreates()).isZero();
    }

    @Test
    void theTrickleCanBeSetAtStart() {
        SimulatorSettings settings = SimulatorSettings.builder()
                .trickleCreates(Duration.ofMillis(300))
                .build();
        try (OmsSimulator trickling = OmsSimulator.start(settings)) {
            assertThat(trickling.faults().trickleCreates()).isEqualTo(Duration.ofMillis(300));
        }
    }
}
