package io.omsbridge.simulator;

import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.LongAdder;

/** Contention-free counters behind {@link SimulatorStats}. */
final class StatsRecorder {

    final LongAdder tokenCalls = new LongAdder();
    final LongAdder tokenFailures = new LongAdder();
    final LongAdder creates = new LongAdder();
    final LongAdder shows = new LongAdder();
    final LongAdder lists = new LongAdder();
    final LongAdder counts = new LongAdder();
    final LongAdder updates = new LongAdder();
    final LongAdder deletes = new LongAdder();
    final LongAdder rejections = new LongAdder();
    final LongAdder unauthorized = new LongAdder();
    final LongAdder injectedFaults = new LongAdder();
    final LongAdder droppedCreates = new LongAdder();
    final LongAdder groupCalls = new LongAdder();
    final LongAdder akskCalls = new LongAdder();
    final LongAdder signatureRefusals = new LongAdder();
    final LongAdder trickledCreates = new LongAdder();
    final LongAdder v2Calls = new LongAdder();
    private final Map<String, Project> projects = new ConcurrentHashMap<>();

    /** Per-project counters of one project. */
    static final class Project {
        final LongAdder creates = new LongAdder();
        final LongAdder shows = new LongAdder();
        final LongAdder lists = new LongAdder();
        final LongAdder rejections = new LongAdder();
        final LongAdder tokenCalls = new LongAdder();
        final LongAdder counts = new LongAdder();
        final LongAdder updates = new LongAdder();
        final LongAdder deletes = new LongAdder();
    }

    Project project(String projectId) {
        Project p = projects.get(projectId);
        return p != null ? p : projects.computeIfAbsent(projectId, id -> new Project());
    }

    SimulatorStats snapshot() {
        Map<String, SimulatorStats.ProjectStats> per = new TreeMap<>();
        projects.forEach((id, p) -> per.put(
                id,
                new SimulatorStats.ProjectStats(
                        p.creates.sum(),
                        p.shows.sum(),
                        p.lists.sum(),
                        p.rejections.sum(),
                        p.tokenCalls.sum(),
                        p.counts.sum(),
                        p.updates.sum(),
                        p.deletes.sum())));
        return new SimulatorStats(
                tokenCalls.sum(),
                tokenFailures.sum(),
                creates.sum(),
                shows.sum(),
                lists.sum(),
                counts.sum(),
                updates.sum(),
                deletes.sum(),
                rejections.sum(),
                unauthorized.sum(),
                injectedFaults.sum(),
                droppedCreates.sum(),
                per,
                groupCalls.sum(),
                akskCalls.sum(),
                signatureRefusals.sum(),
                trickledCreates.sum(),
                v2Calls.sum());
    }
}
