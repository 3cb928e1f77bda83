package io.omsbridge.submit;

import com.fasterxml.jackson.databind.JsonNode;
import io.omsbridge.model.TaskDescription;
import java.time.Clock;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.locks.ReentrantLock;

/**
 * Searches of OMS's task list for the task an earlier create attempt may have made, complete by construction: the
 * list is walked newest first, as many pages as it takes, until the tasks are older than the first attempt that may
 * have made one, or the list ends. A task is known to be older when its tag says it was posted under a lease that had
 * ended before that attempt's lease began (both on the ledger's clock), or when OMS says it started before that, less
 * the allowed difference between OMS's clock and the ledger's. What cannot be walked (a page OMS will not give, an
 * offset beyond what it serves, a list that keeps shifting under the walk) is a {@link SearchIncompleteException}:
 * never read as "not there".
 *
 * <p>After a restart every orphaned claim must search before it posts again; one listing of a project's newest tasks,
 * read page by page as deep as the deepest search needs, serves them all instead of a search of its own each. A
 * listing serves a search only if it began after the attempt searched for had ended, so that attempt's task, if OMS
 * made it, is in it. Each page is read from the last task of the page before: a task made meanwhile pushes the list
 * down (that task is seen again, never skipped); a task deleted meanwhile pulls it up, which shows as that last task
 * missing, and the listing is read again from the top.
 */
public final class TaskListings {

    /** A page of OMS's list: {@code offset} counts from the newest task. */
    @FunctionalInterface
    public interface Pages {
        /** {@code region}: the destination region whose OMS is asked (null: the one OMS of oms.endpoint). */
        List<JsonNode> read(String projectId, String region, int offset, int limit);
    }

    /** A task (or task group) the bridge made, as a listing shows it: its id, as OMS gives it, and its name. */
    public record Found(String requestId, String id, String taskName) {

        /** The id of a task (a number; a group's is a string). */
        public long taskId() {
            return Long.parseLong(id);
        }
    }

    static final int PAGE = 100;
    /** Readings of a listing begun again after the list shifted under them, before the search gives up for now. */
    static final int MAX_RESTARTS = 3;

    private final Pages pages;
    private final String idField;
    private final int maxOffset;
    private final long clockMarginMillis;
    private final Clock clock;
    private final Map<String, Listing> latest = new ConcurrentHashMap<>();

    /**
     * {@code maxOffset}: the largest offset OMS serves (10,000 in v2); {@code clockMarginMillis}: how far OMS's clock
     * may be from the ledger's.
     */
    public TaskListings(Pages pages, int maxOffset, long clockMarginMillis, Clock clock) {
        this(pages, "id", maxOffset, clockMarginMillis, clock);
    }

    /** {@code idField}: where an item of the list has its id ({@code id} for tasks, {@code group_id} for groups). */
    public TaskListings(Pages pages, String idField, int maxOffset, long clockMarginMillis, Clock clock) {
        this.pages = pages;
        this.idField = idField;
        this.maxOffset = maxOffset;
        this.clockMarginMillis = clockMarginMillis;
        this.clock = clock;
    }

    /**
     * The newest task of the project that carries {@code requestId}, in a listing begun at or after {@code notBefore}
     * (this node's clock: when the attempt searched for had certainly ended), walked back to the tasks older than
     * {@code searchFrom} (the ledger's clock: when the first lease began under which an attempt may have posted).
     * Empty only when the walk was complete.
     */
    public Optional<Found> find(String projectId, String requestId, long notBefore, long searchFrom) {
        return find(projectId, null, requestId, notBefore, searchFrom);
    }

    /** The same, in the list of one region's OMS (each region lists its own tasks). */
    public Optional<Found> find(String projectId, String region, String requestId, long notBefore, long searchFrom) {
        for (int reading = 0; ; reading++) {
            Listing listing = latest.compute(
                    projectId + "@" + region,
                    (k, old) -> old != null && !old.shifted && old.startedAt >= notBefore
                            ? old
                            : new Listing(projectId, region, clock.millis()));
            try {
                return walk(listing, requestId, searchFrom);
            } catch (ListShiftedException e) {
                if (reading + 1 >= MAX_RESTARTS) {
                    throw new SearchIncompleteException(
                            requestId,
                            "OMS's task list of project " + projectId
                                    + " kept shifting while it was read (tasks deleted meanwhile)",
                            true);
                }
            }
        }
    }

    private Optional<Found> walk(Listing listing, String requestId, long searchFrom) {
        for (int index = 0; ; index++) {
            Entry task = listing.entry(index, requestId);
            if (task == null) {
                return Optional.empty();
            }
            if (requestId.equals(task.requestId())) {
                return Optional.of(new Found(task.requestId(), task.id(), task.name()));
            }
            if (task.olderThan(searchFrom, clockMarginMillis)) {
                return Optional.empty();
            }
        }
    }

    /** One task of a listing: its tag (if the bridge made it) and OMS's start time (0 when it has not started). */
    private record Entry(String id, String name, String requestId, Long leaseUntil, long startTime) {

        /** Made before {@code searchFrom} for certain: its lease (or, with the margin, its start) came before. */
        boolean olderThan(long searchFrom, long margin) {
            return leaseUntil != null && leaseUntil < searchFrom || startTime > 0 && startTime < searchFrom - margin;
        }

        static Entry of(JsonNode task, String idField) {
            TaskDescription.Tag tag =
                    TaskDescription.tagOf(task.path("description").asText(null));
            return new Entry(
                    task.path(idField).asText(),
                    task.path("name").asText(null),
                    tag == null ? null : tag.requestId(),
                    tag == null ? null : tag.leaseUntil(),
                    task.path("start_time").asLong(0));
        }
    }

    /** The list moved up under a reading (a task was deleted): what was read may have skipped one. */
    private static final class ListShiftedException extends RuntimeException {
        ListShiftedException() {
            super(null, null, false, false);
        }
    }

    /** One reading of a project's list: pages in order, each read once, by whichever search needs it first. */
    private final class Listing {

        final String projectId;
        final String region;
        final long startedAt;
        final ReentrantLock reading = new ReentrantLock();
        final List<Entry> read = new ArrayList<>();
        boolean ended;
        volatile boolean shifted;

        Listing(String projectId, String region, long startedAt) {
            this.projectId = projectId;
            this.region = region;
            this.startedAt = startedAt;
        }

        /** The {@code index}th task of the list, newest first, or null past its end. */
        Entry entry(int index, String requestId) {
            reading.lock();
            try {
                while (read.size() <= index) {
                    if (shifted) {
                        throw new ListShiftedException();
                    }
                    if (ended) {
                        return null;
                    }
                    readPage(requestId);
                }
                return read.get(index);
            } finally {
                reading.unlock();
            }
        }

        /** The next page, from the last task read (which must come first on it, or further down: never missing). */
        private void readPage(String requestId) {
            int offset = Math.max(0, read.size() - 1);
            if (offset > maxOffset) {
                throw new SearchIncompleteException(
                        requestId,
                        "OMS's task list of project " + projectId
                                + " is deeper than the " + maxOffset
                                + " tasks it lets a search read, and the walk had not"
                                + " reached tasks older than the attempt",
                        false);
            }
            List<JsonNode> page = pages.read(projectId, region, offset, PAGE);
            int from = 0;
            if (!read.isEmpty()) {
                String last = read.get(read.size() - 1).id();
                from = -1;
                for (int i = 0; i < page.size() && from < 0; i++) {
                    if (page.get(i).path(idField).asText().equals(last)) {
                        from = i + 1;
                    }
                }
                if (from < 0) {
                    shifted = true;
                    throw new ListShiftedException();
                }
            }
            for (int i = from; i < page.size(); i++) {
                read.add(Entry.of(page.get(i), idField));
            }
            ended = page.size() < PAGE;
        }
    }
}
