package io.omsbridge.simulator;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.Test;

/** Proves the store holds 100,000 tasks and still pages newest first and counts them quickly. */
class TaskStoreScaleTest {

    @Test
    void aHundredThousandTasksPageAndCount() {
        TaskStore store = new TaskStore(SimulatorSettings.builder()
                .waitTime(Duration.ZERO)
                .runTime(Duration.ofHours(1))
                .maxCreatesPer24h(0)
                .maxWaitingTasks(0)
                .maxRunningTasks(0)
                .build());
        TaskSpec spec = TaskRequestParser.parseCreate(
                TaskRequestParser.requireObject(SimClient.SEED_CREATE_BODY.getBytes(StandardCharsets.UTF_8)));
        long last = 0;
        for (int i = 0; i < 100_000; i++) {
            last = store.create("p", spec).id();
        }

        List<SimTask> page = store.page("p", 0, 100, null);
        long t0 = System.nanoTime();
        long running = store.count("p", TaskStatus.RUNNING);
        long countMs = (System.nanoTime() - t0) / 1_000_000;

        assertThat(store.size()).isEqualTo(100_000);
        assertThat(page).hasSize(100);
        assertThat(page.get(0).id()).isEqualTo(last);
        assertThat(page.get(99).id()).isEqualTo(last - 99);
        assertThat(running).isEqualTo(100_000);
        assertThat(countMs).isLessThan(2_000);
        assertThat(store.page("p", 99_990, 100, TaskStatus.RUNNING)).hasSize(10);
    }
}
