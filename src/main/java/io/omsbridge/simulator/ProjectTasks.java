package io.omsbridge.simulator;

import java.util.ArrayDeque;
import java.util.Collections;
import java.util.Iterator;
import java.util.concurrent.ConcurrentSkipListMap;
import java.util.concurrent.atomic.AtomicInteger;

/** The tasks of one project, newest first, plus the bookkeeping for the two v1 creation quotas. */
final class ProjectTasks {

    private static final long DAY_MS = 24L * 60 * 60 * 1000;

    final ConcurrentSkipListMap<Long, SimTask> newestFirst = new ConcurrentSkipListMap<>(Collections.reverseOrder());
    // the skip list's size() walks every entry; count keeps it O(1)
    final AtomicInteger size = new AtomicInteger();
    // guarded by this: recent creation times and tasks that entered waiting, both in time order
    private final ArrayDeque<Long> createTimes = new ArrayDeque<>();
    private final ArrayDeque<WaitEntry> waitEntries = new ArrayDeque<>();

    /** A task entered the waiting state at segmentStart; stale once it left that segment. */
    private record WaitEntry(SimTask task, long segmentStart) {
    }

    /** Throws OMS.0075 / OMS.0076 when a new task would break a quota. */
    void checkQuotas(long now, int maxCreates, int maxWaiting, long waitMs) {
        if (maxCreates > 0) {
            while (!createTimes.isEmpty() && createTimes.peekFirst() <= now - DAY_MS) {
                createTimes.pollFirst();
            }
            if (createTimes.size() >= maxCreates) {
                throw ApiException.badRequest("OMS.0075",
                        "The number of tasks created in the past 24 hours has reached the limit (" + maxCreates + ").");
            }
        }
        if (maxWaiting > 0 && waitingAtLeast(now, maxWaiting, waitMs)) {
            throw ApiException.badRequest("OMS.0076",
                    "The number of tasks in the waiting state has reached the limit (" + maxWaiting + ").");
        }
    }

    void recordCreate(long now, int maxCreates) {
        if (maxCreates > 0) {
            createTimes.addLast(now);
        }
    }

    void recordWaiting(SimTask task, long segmentStart, int maxWaiting) {
        if (maxWaiting > 0) {
            waitEntries.addLast(new WaitEntry(task, segmentStart));
        }
    }

    /** Counts tasks still waiting, stopping at limit so the cost stays bounded. */
    private boolean waitingAtLeast(long now, int limit, long waitMs) {
        while (!waitEntries.isEmpty() && waitEntries.peekFirst().segmentStart() + waitMs <= now) {
            waitEntries.pollFirst();
        }
        int waiting = 0;
        for (Iterator<WaitEntry> it = waitEntries.iterator(); it.hasNext() && waiting < limit; ) {
            WaitEntry e = it.next();
            SimTask t = e.task();
            if (!t.deleted() && t.segmentStartMs() == e.segmentStart() && t.view(now).status() == TaskStatus.WAITING) {
                waiting++;
            }
        }
        return waiting >= limit;
    }
}
