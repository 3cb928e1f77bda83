package io.omsbridge.simulator;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import org.junit.jupiter.api.Test;

/** Proves the two v1 creation quotas: creates per 24 h (OMS.0075) and tasks waiting (OMS.0076), per project. */
class QuotaTest {

    @Test
    void creatingMoreThanTheDailyLimitIsOms0075() {
        try (OmsSimulator simulator = OmsSimulator.start(SimulatorSettings.builder()
                .waitTime(Duration.ofMinutes(5))
                .maxCreatesPer24h(3)
                .maxWaitingTasks(0)
                .maxRunningTasks(0)
                .build())) {
            SimClient client = new SimClient(simulator);
            String token = client.token();
            for (int i = 0; i < 3; i++) {
                long id = client.create(token, "quota-" + i);
                client.oms("DELETE", "task/" + id, null, token);
            }

            SimClient.assertOmsError(client.oms("POST", "task", SimClient.SEED_CREATE_BODY, token), 400, "OMS.0075");
            assertThat(simulator.stats().rejections()).isEqualTo(1);
            assertThat(simulator.stats().project(SimClient.PROJECT).rejections())
                    .isEqualTo(1);
        }
    }

    @Test
    void tooManyWaitingTasksIsOms0076UntilOneLeavesWaiting() {
        try (OmsSimulator simulator = OmsSimulator.start(SimulatorSettings.builder()
                .waitTime(Duration.ofMinutes(5))
                .maxCreatesPer24h(0)
                .maxWaitingTasks(2)
                .build())) {
            SimClient client = new SimClient(simulator);
            String token = client.token();
            long first = client.create(token, "w1");
            client.create(token, "w2");

            SimClient.assertOmsError(client.oms("POST", "task", SimClient.SEED_CREATE_BODY, token), 400, "OMS.0076");

            simulator.tasks().forceFinish(first, true);
            assertThat(client.oms("POST", "task", SimClient.SEED_CREATE_BODY, token)
                            .statusCode())
                    .isEqualTo(200);
        }
    }

    @Test
    void zeroMeansUnlimited() {
        try (OmsSimulator simulator = OmsSimulator.start(SimulatorSettings.builder()
                .waitTime(Duration.ofMinutes(5))
                .maxCreatesPer24h(0)
                .maxWaitingTasks(-1)
                .build())) {
            SimClient client = new SimClient(simulator);
            String token = client.token();
            for (int i = 0; i < 60; i++) {
                client.create(token, "many-" + i);
            }
            assertThat(simulator.tasks().size()).isEqualTo(60);
        }
    }
}
