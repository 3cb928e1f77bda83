package io.omsbridge.simulator;

import static org.assertj.core.api.Assertions.assertThat;

import io.omsbridge.MutableClock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/** Proves the simulator runs at most five tasks per project as OMS does, the others waiting in 1, HIGH first. */
class RunningLimitTest {

    private static final Duration WAIT = Duration.ofMillis(100);
    private static final Duration RUN = Duration.ofSeconds(1);
    private final MutableClock clock = new MutableClock(Instant.parse("2026-12-07T10:00:00Z"));
    private OmsSimulator simulator;
    private SimClient client;
    private String token;

    private void start(SimulatorSettings.Builder settings) {
        simulator = OmsSimulator.start(
                settings.waitTime(WAIT).runTime(RUN).clock(clock).build());
        client = new SimClient(simulator);
        token = client.token();
    }

    @AfterEach
    void stop() {
        if (simulator != null) {
            simulator.close();
        }
    }

    private long create(String bucket, String priority) {
        String body = SimClient.v2CreateBody(bucket);
        if (priority != null) {
            body = body.replace("\"enable_kms\":false", "\"enable_kms\":false,\"task_priority\":\"" + priority + "\"");
        }
        var r = client.v2("POST", "tasks", body, token);
        assertThat(r.statusCode()).as(r.body()).isEqualTo(200);
        return SimClient.json(r).get("id").asLong();
    }

    /** Five tasks created and past their wait: every slot held. */
    private List<Long> fiveRunning() {
        List<Long> ids = new ArrayList<>();
        for (int i = 0; i < 5; i++) {
            ids.add(create("running-" + i, null));
        }
        clock.advance(WAIT);
        ids.forEach(id -> assertThat(status(id)).isEqualTo(2));
        return ids;
    }

    private int status(long id) {
        return client.showV2(token, id).get("status").asInt();
    }

    private long count(int status) {
        return SimClient.json(client.v2("GET", "tasks?status=" + status, null, token))
                .get("count")
                .asLong();
    }

    @Test
    void aSixthTaskWaitsInStatusOneUntilARunningOneSucceeds() {
        start(SimulatorSettings.builder());
        List<Long> running = fiveRunning();
        long sixth = create("sixth", null);
        clock.advance(WAIT);

        assertThat(status(sixth)).isEqualTo(1);
        assertThat(client.showV2(token, sixth).get("start_time").asLong()).isZero();
        assertThat(count(1)).isEqualTo(1);
        assertThat(count(2)).isEqualTo(5);

        Duration late = Duration.ofMillis(300);
        clock.advance(RUN.minus(WAIT).plus(late));
        running.forEach(id -> assertThat(status(id)).isEqualTo(5));
        assertThat(status(sixth)).isEqualTo(2);
        // it started when the first slot freed, not when it was looked at
        assertThat(client.showV2(token, sixth).get("start_time").asLong()).isEqualTo(clock.millis() - late.toMillis());
        clock.advance(RUN);
        assertThat(status(sixth)).isEqualTo(5);
    }

    @Test
    void aSlotFreesWhenARunningTaskFailsOrIsPaused() {
        start(SimulatorSettings.builder());
        List<Long> running = fiveRunning();
        long sixth = create("sixth", null);
        long seventh = create("seventh", null);
        clock.advance(WAIT);

        simulator.tasks().forceFinish(running.get(0), false);
        assertThat(status(sixth)).isEqualTo(2);
        assertThat(status(seventh)).isEqualTo(1);
        assertThat(client.v2("POST", "tasks/" + running.get(1) + "/stop", null, token)
                        .statusCode())
                .isEqualTo(200);
        assertThat(status(seventh)).isEqualTo(2);
        // a resumed task waits for a slot like any other
        clock.advance(Duration.ofMillis(10));
        assertThat(client.v2("POST", "tasks/" + running.get(1) + "/start", SimClient.V2_START_BODY, token)
                        .statusCode())
                .isEqualTo(200);
        clock.advance(WAIT);
        assertThat(status(running.get(1))).isEqualTo(1);
    }

    @Test
    void waitingTasksStartHighThenMediumThenLowThenOldestFirst() {
        start(SimulatorSettings.builder());
        List<Long> running = fiveRunning();
        long low = create("low", "LOW");
        long none = create("none", null);
        long high = create("high", "HIGH");
        long lowLater = create("low-later", "LOW");
        long medium = create("medium", "MEDIUM");
        clock.advance(WAIT);

        List<Long> started = new ArrayList<>();
        List<Long> waiting = new ArrayList<>(List.of(low, none, high, lowLater, medium));
        for (long slot : running) {
            simulator.tasks().forceFinish(slot, true);
            long next =
                    waiting.stream().filter(id -> status(id) == 2).findFirst().orElseThrow();
            waiting.remove(next);
            started.add(next);
        }

        // no priority given sorts as MEDIUM (OMS documents no default), the older first
        assertThat(started).containsExactly(high, none, medium, low, lowLater);
    }

    @Test
    void aWaitingTaskRaisedToHighStartsBeforeOlderOnes() {
        start(SimulatorSettings.builder());
        List<Long> running = fiveRunning();
        long older = create("older", "MEDIUM");
        long raised = create("raised", "LOW");
        clock.advance(WAIT);

        var r = client.v2("POST", "tasks/batch-update", "{\"ids\":[" + raised + "],\"task_priority\":\"HIGH\"}", token);
        assertThat(r.statusCode()).as(r.body()).isEqualTo(200);
        assertThat(client.showV2(token, raised).get("task_priority").asText()).isEqualTo("HIGH");
        simulator.tasks().forceFinish(running.get(0), true);

        assertThat(status(raised)).isEqualTo(2);
        assertThat(status(older)).isEqualTo(1);
        SimClient.assertOmsError(
                client.v2("POST", "tasks/batch-update", "{\"ids\":[" + raised + "],\"task_priority\":\"LOW\"}", token),
                400,
                "OMS.0064");
    }

    @Test
    void eachProjectCountsItsOwnRunningTasks() {
        start(SimulatorSettings.builder()
                .user(
                        SimulatorSettings.DEFAULT_USER.domain(),
                        SimulatorSettings.DEFAULT_USER.name(),
                        SimulatorSettings.DEFAULT_USER.password(),
                        SimulatorSettings.DEFAULT_USER.projectId(),
                        SimulatorSettings.DEFAULT_USER.projectName())
                .user("other", "other", "Password", "other00000000000000000000000000001", "cn-east-3"));
        fiveRunning();
        String otherToken = client.token(SimClient.tokenBody(
                "other", "other", "Password", "{\"project\":{\"id\":\"other00000000000000000000000000001\"}}"));
        var r = client.send(
                "POST",
                "/v2/other00000000000000000000000000001/tasks",
                SimClient.v2CreateBody("elsewhere").replace("\"region\":\"cn-north-1\"", "\"region\":\"cn-east-3\""),
                otherToken);
        assertThat(r.statusCode()).as(r.body()).isEqualTo(200);
        clock.advance(WAIT);

        var shown = client.send(
                "GET",
                "/v2/other00000000000000000000000000001/tasks/"
                        + SimClient.json(r).get("id").asLong(),
                null,
                otherToken);
        assertThat(SimClient.json(shown).get("status").asInt()).isEqualTo(2);
    }

    @Test
    void aTaskGroupsTasksNeitherTakeNorWaitForTheFiveSlots() {
        start(SimulatorSettings.builder());
        fiveRunning();
        var r = client.v2("POST", "taskgroups", TaskGroupTest.GROUP_BODY, token);
        assertThat(r.statusCode()).as(r.body()).isEqualTo(200);
        long sixth = create("sixth", null);
        clock.advance(WAIT);

        assertThat(count(2)).isEqualTo(5 + 3);
        assertThat(status(sixth)).isEqualTo(1);
    }

    @Test
    void withoutALimitEveryTaskRunsOnceItsWaitIsOver() {
        start(SimulatorSettings.builder().maxRunningTasks(0));
        fiveRunning();
        long sixth = create("sixth", null);
        clock.advance(WAIT);

        assertThat(status(sixth)).isEqualTo(2);
    }
}
