package io.omsbridge.simulator;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import java.io.IOException;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.HashSet;
import java.util.Set;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** Proves each fault knob: 5xx errors, 429 throttling, added latency, and creates dropped after the task exists. */
class FaultInjectionTest {

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

    @Test
    void errorRateOneAnswersEveryCallWith500Or503() {
        simulator.faults().errorRate(1.0);
        Set<Integer> seen = new HashSet<>();

        for (int i = 0; i < 30; i++) {
            HttpResponse<String> r = client.oms("GET", "version", null, token);
            assertThat(r.statusCode()).isIn(500, 503);
            assertThat(SimClient.json(r).get("error_code").asText()).startsWith("OMS.");
            seen.add(r.statusCode());
        }

        assertThat(seen).containsExactlyInAnyOrder(500, 503);
        assertThat(simulator.stats().injectedFaults()).isEqualTo(30);
        assertThat(simulator.tasks().size()).isZero();
    }

    @Test
    void errorRateAlsoHitsIamInKeystoneShape() {
        simulator.faults().errorRate(1.0);

        HttpResponse<String> r = client.send("POST", "/v3/auth/tokens", SimClient.SEED_TOKEN_BODY, null);

        assertThat(r.statusCode()).isIn(500, 503);
        assertThat(SimClient.json(r).at("/error/code").asInt()).isEqualTo(r.statusCode());
        assertThat(simulator.stats().tokenFailures()).isEqualTo(1);
    }

    @Test
    void throttleRateOneAnswers429FromTheGateway() {
        simulator.faults().throttleRate(1.0);

        HttpResponse<String> r = client.oms("POST", "task", SimClient.SEED_CREATE_BODY, token);

        assertThat(r.statusCode()).isEqualTo(429);
        JsonNode body = SimClient.json(r);
        assertThat(body.get("error_code").asText()).isEqualTo("APIG.0308");
        assertThat(body.get("request_id").asText())
                .isEqualTo(r.headers().firstValue("X-Request-Id").orElseThrow());
        assertThat(simulator.tasks().size()).isZero();
    }

    @Test
    void latencyDelaysEveryAnswerByAtLeastTheSetTime() {
        simulator.faults().latency(Duration.ofMillis(300));

        long t0 = System.nanoTime();
        HttpResponse<String> r = client.oms("GET", "version", null, token);
        long elapsedMs = (System.nanoTime() - t0) / 1_000_000;

        assertThat(r.statusCode()).isEqualTo(200);
        assertThat(elapsedMs).isGreaterThanOrEqualTo(300);
    }

    @Test
    void dropAfterCreateCreatesTheTaskButTheClientGetsNoAnswer() {
        simulator.faults().dropAfterCreateRate(1.0);

        assertThatThrownBy(() -> client.sendOrThrow(
                        "POST", "/v1/" + SimClient.PROJECT + "/objectstorage/task", SimClient.SEED_CREATE_BODY, token))
                .isInstanceOf(IOException.class);

        assertThat(simulator.tasks().size()).isEqualTo(1);
        assertThat(simulator.tasks().all().get(0).srcBucket()).isEqualTo("source_bucket");
        assertThat(simulator.stats().droppedCreates()).isEqualTo(1);
        assertThat(simulator.stats().creates()).isEqualTo(1);
    }

    @Test
    void resetBringsBackNormalAnswers() {
        simulator
                .faults()
                .errorRate(1.0)
                .throttleRate(0.0)
                .latency(Duration.ofMillis(50))
                .dropAfterCreateRate(1.0);

        simulator.faults().reset();

        assertThat(client.oms("POST", "task", SimClient.SEED_CREATE_BODY, token).statusCode())
                .isEqualTo(200);
        assertThat(simulator.faults().latency()).isZero();
    }

    @Test
    void faultsCanBeSetAtStartFromTheSettings() {
        try (OmsSimulator throttled =
                OmsSimulator.start(SimulatorSettings.builder().throttleRate(1.0).build())) {
            assertThat(new SimClient(throttled).oms("GET", "version", null, "x").statusCode())
                    .isEqualTo(429);
            assertThat(throttled.faults().throttleRate()).isEqualTo(1.0);
        }
    }
}
