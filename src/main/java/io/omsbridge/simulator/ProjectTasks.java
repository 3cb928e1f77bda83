package io.omsbridge.simulator;

import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.PriorityQueue;

/**
 * The tasks of one project, indexed by status so that list and count by state cost O(limit · log n), not O(n), plus
 * the bookkeeping for the two v1 creation quotas and OMS's limit of running tasks (a project is one account in one
 * region, the limit's scope).
 *
 * <p>Tasks sit in slots in creation order (so in id order). Statuses change with time, not by events: a queue of
 * due times tells {@link #advance} which tasks to look at again, in time order, so a slot freed at t goes at t to the
 * task that waits first; explicit changes (stop, start, forced ends, deletes) call {@link #advanceTo} before and
 * {@link #refresh} or {@link #remove} after. Every method runs under this object's monitor, which {@link TaskStore}
 * also holds around a create so the quota check and the new task are one step.
 */
final class ProjectTasks {

    private static final long DAY_MS = 24L * 60 * 60 * 1000;
    private static final byte EMPTY = -1;
    private static final byte PRESENT = 1;
    private static final int STATUSES = TaskStatus.values().length;

    /** A task whose status changes at {@code at}; stale once the slot's version moved on. */
    private record Due(long at, int slot, int version) {}

    // guarded by this
    private SimTask[] slots = new SimTask[1024];
    private byte[] statusOf = new byte[1024];
    private int[] versions = new int[1024];
    private int used;
    private Fenwick present = new Fenwick(1024);
    private final Fenwick[] byStatus = new Fenwick[STATUSES];
    private final int[] counts = new int[STATUSES];
    private int size;
    private final PriorityQueue<Due> due = new PriorityQueue<>((a, b) -> Long.compare(a.at(), b.at()));
    private final ArrayDeque<Long> createTimes = new ArrayDeque<>();
    // null: no limit on running tasks
    private final RunSlots runSlots;

    /** {@code maxRunning}: tasks running at once, 0 or negative for no limit. */
    ProjectTasks(int maxRunning) {
        this.runSlots = maxRunning > 0 ? new RunSlots(maxRunning) : null;
        Arrays.fill(statusOf, EMPTY);
        for (int s = 0; s < STATUSES; s++) {
            byStatus[s] = new Fenwick(1024);
        }
    }

    /** Throws OMS.0075 / OMS.0076 when {@code adding} new tasks (one, or a group's) would break a quota. */
    synchronized void checkQuotas(long now, int maxCreates, int maxWaiting, int adding) {
        if (maxCreates > 0) {
            while (!createTimes.isEmpty() && createTimes.peekFirst() <= now - DAY_MS) {
                createTimes.pollFirst();
            }
            if (createTimes.size() + adding > maxCreates) {
                throw ApiException.badRequest(
                        "OMS.0075",
                        "The number of tasks created in the past 24 hours has reached the limit (" + maxCreates + ").");
            }
        }
        if (maxWaiting > 0 && count(TaskStatus.WAITING, now) + adding > maxWaiting) {
            throw ApiException.badRequest(
                    "OMS.0076", "The number of tasks in the waiting state has reached the limit (" + maxWaiting + ").");
        }
    }

    synchronized void recordCreate(long now, int maxCreates) {
        if (maxCreates > 0) {
            createTimes.addLast(now);
        }
    }

    /** Whether this project's tasks wait for a free slot (a task group's do not: they run under the group's limit). */
    boolean limitsRunning() {
        return runSlots != null;
    }

    /** Indexes a new task; tasks must come in increasing id order. */
    synchronized void add(SimTask task, long now) {
        advance(now);
        if (used == slots.length) {
            grow();
        }
        int slot = used++;
        slots[slot] = task;
        task.indexSlot = slot;
        present.add(slot, 1);
        size++;
        place(slot, task.viewAt(now).status());
        settle(slot, task, now);
        startWaiting(now);
    }

    /** Brings every task to {@code now}: statuses that changed by then, and the waiting tasks that got a slot. */
    synchronized void advanceTo(long now) {
        advance(now);
    }

    /** Re-reads a task's status after an explicit change; a slot it gave up goes to the next waiting task. */
    synchronized void refresh(SimTask task, long now) {
        int slot = task.indexSlot;
        if (slot < 0 || slots[slot] != task) {
            return;
        }
        settle(slot, task, now);
        startWaiting(now);
    }

    /** A new priority for a task, which moves it in the queue for a slot. */
    synchronized void reprioritise(SimTask task, String priority, long now) {
        if (runSlots != null && task.waitsForSlots()) {
            runSlots.reprioritise(task, priority, now);
        } else {
            task.changePriority(priority, now);
        }
    }

    synchronized void remove(SimTask task, long now) {
        int slot = task.indexSlot;
        if (slot < 0 || slots[slot] != task) {
            return;
        }
        if (runSlots != null) {
            runSlots.forget(task);
        }
        byStatus[statusOf[slot]].add(slot, -1);
        counts[statusOf[slot]]--;
        present.add(slot, -1);
        size--;
        statusOf[slot] = EMPTY;
        slots[slot] = null;
        versions[slot]++;
        startWaiting(now);
    }

    synchronized int size() {
        return size;
    }

    /** Tasks in {@code state} (all when null) at {@code now}. */
    synchronized int count(TaskStatus state, long now) {
        if (state == null) {
            return size;
        }
        advance(now);
        return counts[state.ordinal()];
    }

    /** One page, newest first, of the tasks in {@code state} (all when null) at {@code now}. */
    synchronized List<SimTask> page(int start, int limit, TaskStatus state, long now) {
        Fenwick index;
        int total;
        if (state == null) {
            index = present;
            total = size;
        } else {
            advance(now);
            index = byStatus[state.ordinal()];
            total = counts[state.ordinal()];
        }
        int end = (int) Math.min(total, (long) start + limit);
        List<SimTask> page = new ArrayList<>(Math.max(0, Math.min(limit, end - start)));
        // the j-th newest is the (total - j)-th oldest
        for (int j = start; j < end; j++) {
            page.add(slots[index.kth(total - j)]);
        }
        return page;
    }

    /**
     * Moves every task whose status changed by {@code now} to its new status, change by change in time order: a task
     * ending at t frees its slot at t, and a task started then ends within {@code now} too if its run is that short.
     */
    private void advance(long now) {
        for (Due first = due.peek(); first != null && first.at() <= now; first = due.peek()) {
            long t = first.at();
            // every change at t first, so tasks whose wait ends together compete for the slots together
            for (Due d = first; d != null && d.at() == t; d = due.peek()) {
                due.poll();
                SimTask task = slots[d.slot()];
                if (task != null && versions[d.slot()] == d.version()) {
                    settle(d.slot(), task, t);
                }
            }
            startWaiting(t);
        }
    }

    /** Indexes the task's status at {@code t}, notes the slot it holds or waits for, and queues its next change. */
    private void settle(int slot, SimTask task, long t) {
        TaskStatus status = task.viewAt(t).status();
        move(slot, status);
        if (runSlots != null && task.waitsForSlots()) {
            runSlots.update(task, status, t);
        }
        schedule(slot, task, t);
    }

    /** Gives every free slot at {@code t} to the next waiting task. */
    private void startWaiting(long t) {
        if (runSlots == null) {
            return;
        }
        for (SimTask task = runSlots.next(); task != null; task = runSlots.next()) {
            task.admit(t);
            settle(task.indexSlot, task, t);
        }
    }

    private void place(int slot, TaskStatus status) {
        statusOf[slot] = (byte) status.ordinal();
        byStatus[status.ordinal()].add(slot, 1);
        counts[status.ordinal()]++;
    }

    private void move(int slot, TaskStatus status) {
        int old = statusOf[slot];
        if (old == status.ordinal()) {
            return;
        }
        byStatus[old].add(slot, -1);
        counts[old]--;
        place(slot, status);
    }

    /** Queues the task's next change of status; older queue entries of the slot become stale. */
    private void schedule(int slot, SimTask task, long now) {
        int version = ++versions[slot];
        long at = task.nextChangeAfter(now);
        if (at != Long.MAX_VALUE) {
            due.add(new Due(at, slot, version));
        }
    }

    /** Doubles the slots and rebuilds the trees: O(n) once per doubling, so O(1) per task. */
    private void grow() {
        int capacity = slots.length * 2;
        slots = Arrays.copyOf(slots, capacity);
        versions = Arrays.copyOf(versions, capacity);
        statusOf = Arrays.copyOf(statusOf, capacity);
        Arrays.fill(statusOf, used, capacity, EMPTY);
        byte[] presence = new byte[capacity];
        for (int slot = 0; slot < used; slot++) {
            presence[slot] = statusOf[slot] == EMPTY ? 0 : PRESENT;
        }
        present = Fenwick.of(capacity, presence, used, PRESENT);
        for (int s = 0; s < STATUSES; s++) {
            byStatus[s] = Fenwick.of(capacity, statusOf, used, (byte) s);
        }
    }
}
