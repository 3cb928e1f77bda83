package io.omsbridge.simulator;

import static org.assertj.core.api.Assertions.assertThat;

import io.omsbridge.MutableClock;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collections;
import java.util.Comparator;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.Test;

/** Proves list and count by state stay right, newest first, as tasks change status by time and by calls. */
class TaskStateIndexTest {

    private static final TaskSpec SPEC = TaskRequestParser.parseCreate(
            TaskRequestParser.requireObject(SimClient.SEED_CREATE_BODY.getBytes(StandardCharsets.UTF_8)));

    /** The stores' clock: the tests step it instead of waiting for tasks to move. */
    private final MutableClock clock = new MutableClock(Instant.parse("2026-11-25T10:00:00Z"));

    private TaskStore store(Duration wait, Duration run) {
        return new TaskStore(SimulatorSettings.builder()
                .waitTime(wait)
                .runTime(run)
                .clock(clock)
                .maxCreatesPer24h(0)
                .maxWaitingTasks(0)
                .maxRunningTasks(0)
                .build());
    }

    private static List<Long> ids(List<SimTask> tasks) {
        return tasks.stream().map(SimTask::id).toList();
    }

    /** What a full scan says: the project's tasks in this state right now, newest first. */
    private static List<Long> scan(TaskStore store, TaskStatus state) {
        return store.all().stream()
                .filter(t -> t.projectId().equals("p"))
                .filter(t -> state == null || t.status() == state)
                .sorted(Comparator.comparingLong(SimTask::id).reversed())
                .map(SimTask::id)
                .toList();
    }

    private static void assertMatchesAScan(TaskStore store) {
        for (TaskStatus state : new TaskStatus[] {
            null,
            TaskStatus.WAITING,
            TaskStatus.RUNNING,
            TaskStatus.STOPPED,
            TaskStatus.FAILED,
            TaskStatus.SUCCEEDED,
            TaskStatus.INITIALIZING
        }) {
            List<Long> expected = scan(store, state);
            assertThat(store.count("p", state)).as("count %s", state).isEqualTo(expected.size());
            List<Long> paged = new ArrayList<>();
            for (int start = 0; start <= expected.size(); start += 100) {
                paged.addAll(ids(store.page("p", start, 100, state)));
            }
            assertThat(paged).as("pages of %s", state).isEqualTo(expected);
            if (expected.size() > 7) {
                assertThat(ids(store.page("p", 3, 4, state)))
                        .as("a page inside %s", state)
                        .isEqualTo(expected.subList(3, 7));
            }
        }
    }

    @Test
    void tasksMoveFromWaitingToRunningToSucceededInTheListsAsTimeGoesBy() {
        TaskStore store = store(Duration.ofMillis(200), Duration.ofMillis(400));
        List<Long> created = new ArrayList<>();
        for (int i = 0; i < 5; i++) {
            created.add(store.create("p", SPEC).id());
        }
        List<Long> newestFirst = new ArrayList<>(created);
        Collections.reverse(newestFirst);

        assertThat(ids(store.page("p", 0, 10, TaskStatus.WAITING))).isEqualTo(newestFirst);
        clock.advance(Duration.ofMillis(200));
        assertThat(store.count("p", TaskStatus.RUNNING)).isEqualTo(5);
        assertThat(ids(store.page("p", 0, 10, TaskStatus.RUNNING))).isEqualTo(newestFirst);
        assertThat(store.count("p", TaskStatus.WAITING)).isZero();
        clock.advance(Duration.ofMillis(400));
        assertThat(store.count("p", TaskStatus.SUCCEEDED)).isEqualTo(5);
        assertThat(ids(store.page("p", 1, 2, TaskStatus.SUCCEEDED))).isEqualTo(newestFirst.subList(1, 3));
        assertThat(store.page("p", 0, 10, TaskStatus.RUNNING)).isEmpty();
    }

    @Test
    void aStoppedTaskLeavesRunningAndComesBackThroughWaitingWhenStarted() {
        TaskStore store = store(Duration.ofMillis(200), Duration.ofHours(1));
        long older = store.create("p", SPEC).id();
        long newer = store.create("p", SPEC).id();
        clock.advance(Duration.ofMillis(200));
        assertThat(store.count("p", TaskStatus.RUNNING)).isEqualTo(2);

        store.stop(older);
        assertThat(ids(store.page("p", 0, 10, TaskStatus.STOPPED))).containsExactly(older);
        assertThat(ids(store.page("p", 0, 10, TaskStatus.RUNNING))).containsExactly(newer);

        store.start(older);
        assertThat(ids(store.page("p", 0, 10, TaskStatus.WAITING))).containsExactly(older);
        assertThat(store.count("p", TaskStatus.STOPPED)).isZero();
        clock.advance(Duration.ofMillis(200));
        assertThat(store.count("p", TaskStatus.RUNNING)).isEqualTo(2);
        assertThat(ids(store.page("p", 0, 10, TaskStatus.RUNNING))).containsExactly(newer, older);
    }

    @Test
    void forcedEndsRestartsAndDeletesKeepEveryStateListEqualToAFullScan() {
        TaskStore store = store(Duration.ZERO, Duration.ofHours(1));
        List<Long> ids = new ArrayList<>();
        // past 1024 tasks, so the index grows while tasks change
        for (int i = 0; i < 3000; i++) {
            ids.add(store.create("p", SPEC).id());
            store.create("other", SPEC);
        }
        Random random = new Random(42);
        for (int step = 0; step < 4000; step++) {
            long id = ids.get(random.nextInt(ids.size()));
            if (store.find(id).isEmpty()) {
                continue;
            }
            TaskStatus status = store.find(id).orElseThrow().status();
            switch (random.nextInt(5)) {
                case 0 -> store.forceFinish(id, random.nextBoolean());
                case 1 -> {
                    if (status == TaskStatus.RUNNING) {
                        store.stop(id);
                    }
                }
                case 2 -> {
                    if (status == TaskStatus.STOPPED || status == TaskStatus.FAILED) {
                        store.start(id, random.nextBoolean());
                    }
                }
                case 3 -> {
                    if (status != TaskStatus.RUNNING) {
                        store.delete(id);
                    }
                }
                default -> store.create("p", SPEC);
            }
        }

        assertThat(store.count("p", TaskStatus.STOPPED)).isPositive();
        assertThat(store.count("p", TaskStatus.FAILED)).isPositive();
        assertMatchesAScan(store);
        assertThat(store.count("other", null)).isEqualTo(3000);
        assertThat(store.count("other", TaskStatus.RUNNING)).isEqualTo(3000);
    }

    @Test
    void aPageBeyondTheEndIsEmptyAndAnUnknownProjectHasNothing() {
        TaskStore store = store(Duration.ZERO, Duration.ofHours(1));
        store.create("p", SPEC);

        assertThat(store.page("p", 1, 100, TaskStatus.RUNNING)).isEmpty();
        assertThat(store.page("p", Integer.MAX_VALUE, 100, null)).isEmpty();
        assertThat(store.page("nobody", 0, 100, TaskStatus.RUNNING)).isEmpty();
        assertThat(store.count("nobody", TaskStatus.RUNNING)).isZero();
    }
}
