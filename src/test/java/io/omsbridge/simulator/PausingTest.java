package io.omsbridge.simulator;

import static org.assertj.core.api.Assertions.assertThat;

import io.omsbridge.MutableClock;
import java.time.Duration;
import java.time.Instant;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** Proves a stopped task shows 7 (pausing) for the configured pausing time before 3, and what is refused meanwhile. */
class PausingTest {

    private static final Duration PAUSING = Duration.ofSeconds(3);
    private final MutableClock clock = new MutableClock(Instant.parse("2026-11-25T10:00:00Z"));
    private OmsSimulator simulator;
    private SimClient client;
    private String token;

    @BeforeEach
    void start() {
        simulator = OmsSimulator.start(SimulatorSettings.builder()
                .waitTime(Duration.ofMillis(100))
                .runTime(Duration.ofSeconds(20))
                .pausingTime(PAUSING)
                .clock(clock)
                .build());
        client = new SimClient(simulator);
        token = client.token();
    }

    @AfterEach
    void stop() {
        simulator.close();
    }

    private long pausingTask() {
        long id = client.createV2(token, "pausing");
        clock.advance(Duration.ofMillis(100));
        assertThat(client.v2("POST", "tasks/" + id + "/stop", null, token).statusCode())
                .isEqualTo(200);
        return id;
    }

    @Test
    void aStoppedTaskPausesForThePausingTimeThenIsStopped() {
        long id = pausingTask();

        assertThat(client.showV2(token, id).get("status").asInt()).isEqualTo(7);
        assertThat(SimClient.json(client.v2("GET", "tasks?status=7", null, token))
                        .get("count")
                        .asLong())
                .isEqualTo(1);
        clock.advance(PAUSING.minusMillis(1));
        assertThat(client.showV2(token, id).get("status").asInt()).isEqualTo(7);
        clock.advance(Duration.ofMillis(1));
        assertThat(client.showV2(token, id).get("status").asInt()).isEqualTo(3);
        assertThat(SimClient.json(client.v2("GET", "tasks?status=3", null, token))
                        .get("count")
                        .asLong())
                .isEqualTo(1);
        assertThat(SimClient.json(client.v2("GET", "tasks?status=7", null, token))
                        .get("count")
                        .asLong())
                .isZero();
    }

    @Test
    void aPausingTaskCanBeNeitherDeletedNorStartedNorStoppedAgain() {
        long id = pausingTask();

        SimClient.assertOmsError(client.v2("DELETE", "tasks/" + id, null, token), 400, "OMS.0063");
        SimClient.assertOmsError(
                client.v2("POST", "tasks/" + id + "/start", SimClient.V2_START_BODY, token), 400, "OMS.0065");
        SimClient.assertOmsError(client.v2("POST", "tasks/" + id + "/stop", null, token), 400, "OMS.0066");
        clock.advance(PAUSING);
        assertThat(client.v2("POST", "tasks/" + id + "/start", SimClient.V2_START_BODY, token)
                        .statusCode())
                .isEqualTo(200);
    }

    @Test
    void v1ShowsThePausingStatusTooButDoesNotFilterByIt() {
        long id = pausingTask();

        assertThat(client.status(token, id)).isEqualTo(7);
        SimClient.assertOmsError(client.oms("GET", "task?start=0&limit=10&state=7", null, token), 400, "OMS.0052");
    }

    @Test
    void withoutAPausingTimeAStopGoesStraightToStopped() {
        try (OmsSimulator plain = OmsSimulator.start(SimulatorSettings.builder()
                .waitTime(Duration.ZERO)
                .runTime(Duration.ofHours(1))
                .clock(clock)
                .build())) {
            SimClient c = new SimClient(plain);
            String t = c.token();
            long id = c.createV2(t, "no-pause");

            c.v2("POST", "tasks/" + id + "/stop", null, t);

            assertThat(c.showV2(t, id).get("status").asInt()).isEqualTo(3);
        }
    }
}
