package io.omsbridge.simulator;

import java.util.Comparator;
import java.util.HashSet;
import java.util.Set;
import java.util.TreeSet;

/**
 * OMS's limit of running tasks (five per account and region): the tasks holding a slot (running or pausing) and the
 * ones whose wait is over, in the order they get a slot. Guarded by the {@link ProjectTasks} monitor that owns it.
 */
final class RunSlots {

    /** HIGH first, then MEDIUM (or none given: OMS documents no default), then LOW; the oldest first within each. */
    static final Comparator<SimTask> START_ORDER = Comparator.comparingInt((SimTask t) -> rank(t.taskPriority()))
            .thenComparingLong(SimTask::createdAtMs)
            .thenComparingLong(SimTask::id);

    private final int limit;
    private final Set<SimTask> holding = new HashSet<>();
    private final TreeSet<SimTask> ready = new TreeSet<>(START_ORDER);

    RunSlots(int limit) {
        this.limit = limit;
    }

    /** Notes a task's status at {@code t}: running or pausing holds a slot; waiting past its wait time queues. */
    void update(SimTask task, TaskStatus status, long t) {
        if (status == TaskStatus.RUNNING || status == TaskStatus.PAUSING) {
            holding.add(task);
        } else {
            holding.remove(task);
        }
        if (task.awaitsSlot(t)) {
            ready.add(task);
        } else {
            ready.remove(task);
        }
    }

    void forget(SimTask task) {
        holding.remove(task);
        ready.remove(task);
    }

    /** The task to start now, taken off the queue, or null when every slot is held or none waits. */
    SimTask next() {
        return holding.size() < limit ? ready.pollFirst() : null;
    }

    /** A new priority moves a queued task to its new place (the order reads the priority, so out, change, back in). */
    void reprioritise(SimTask task, String priority, long now) {
        boolean queued = ready.remove(task);
        try {
            task.changePriority(priority, now);
        } finally {
            if (queued) {
                ready.add(task);
            }
        }
    }

    private static int rank(String priority) {
        if ("HIGH".equals(priority)) {
            return 0;
        }
        return "LOW".equals(priority) ? 2 : 1;
    }
}
