package io.omsbridge.simulator;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;

/**
 * Measures what a poller's list and count calls by state cost the store with many tasks (no HTTP, no assertions).
 * Usage, after {@code mvn -B -q test-compile} and, once, writing the classpath with
 * {@code mvn -q dependency:build-classpath -Dmdep.outputFile=target/cp.txt -Dmdep.includeScope=test}:
 * {@code java -cp target/classes:target/test-classes:$(cat target/cp.txt) io.omsbridge.simulator.TaskStoreListCost
 * [tasks]}
 */
public final class TaskStoreListCost {

    private TaskStoreListCost() {}

    public static void main(String[] args) {
        int n = args.length > 0 ? Integer.parseInt(args[0]) : 100_000;
        TaskStore store = new TaskStore(SimulatorSettings.builder()
                .waitTime(Duration.ZERO)
                .runTime(Duration.ofHours(1))
                .maxCreatesPer24h(0)
                .maxWaitingTasks(0)
                .maxRunningTasks(0)
                .build());
        TaskSpec spec = TaskRequestParser.parseCreate(
                TaskRequestParser.requireObject(SimClient.SEED_CREATE_BODY.getBytes(StandardCharsets.UTF_8)));
        for (int i = 0; i < n; i++) {
            long id = store.create("p", spec).id();
            if (i % 2 == 0) {
                store.forceFinish(id, i % 10 != 0);
            }
        }
        // half running, four tenths succeeded, one tenth failed
        for (int round = 0; round < 2; round++) {
            String tag = round == 0 ? "warm-up " : "";
            count(store, tag, TaskStatus.RUNNING);
            count(store, tag, TaskStatus.FAILED);
            walk(store, tag, TaskStatus.RUNNING);
            walk(store, tag, TaskStatus.FAILED);
            walk(store, tag, null);
        }
    }

    private static void count(TaskStore store, String tag, TaskStatus state) {
        int calls = 200;
        long sum = 0;
        long t0 = System.nanoTime();
        for (int i = 0; i < calls; i++) {
            sum += store.count("p", state);
        }
        double us = (System.nanoTime() - t0) / 1e3 / calls;
        System.out.printf("%scount state=%s: %.1f us/call (count %d)%n", tag, state, us, sum / calls);
    }

    /** Lists every page of one state, 100 a page, as a poller does. */
    private static void walk(TaskStore store, String tag, TaskStatus state) {
        long t0 = System.nanoTime();
        int pages = 0;
        long seen = 0;
        for (int start = 0; ; start += 100) {
            List<SimTask> page = store.page("p", start, 100, state);
            pages++;
            seen += page.size();
            if (page.size() < 100) {
                break;
            }
        }
        double ms = (System.nanoTime() - t0) / 1e6;
        System.out.printf(
                "%swalk state=%s: %d pages, %d tasks in %.0f ms (%.3f ms/page)%n",
                tag, state, pages, seen, ms, ms / pages);
    }
}
