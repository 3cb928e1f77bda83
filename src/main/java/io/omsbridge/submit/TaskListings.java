package io.omsbridge.submit;

import java.time.Clock;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.locks.ReentrantLock;

import com.fasterxml.jackson.databind.JsonNode;
import io.omsbridge.model.TaskDescription;

/**
 * Searches of OMS's task list for the task an earlier create attempt may have made, sharing the pages they read.
 * After a restart every orphaned claim must search before it posts again; one listing of a project's newest tasks,
 * read page by page as deep as the deepest search needs, serves them all instead of a search of its own each.
 * A listing serves a search only if it began after the attempt searched for had ended, so that attempt's task, if
 * OMS made it, is in it. New tasks only push older ones to later pages while a listing is read: a task already made
 * is seen, perhaps twice, never skipped.
 */
public final class TaskListings {

    /** A page of OMS's list: {@code start} is the offset, newest task first. */
    @FunctionalInterface
    public interface Pages {
        List<JsonNode> read(String projectId, int start, int limit);
    }

    /** A task the bridge made, as a listing shows it. */
    public record Found(String requestId, long taskId, String taskName) {
    }

    /** What a search gave: the task, or none, and whether it stopped at the page limit before the list's end. */
    public record Result(Optional<Found> task, boolean cut) {
    }

    static final int PAGE = 100;

    private final Pages pages;
    private final int maxPages;
    private final Clock clock;
    private final Map<String, Listing> latest = new ConcurrentHashMap<>();

    public TaskListings(Pages pages, int maxPages, Clock clock) {
        this.pages = pages;
        this.maxPages = maxPages;
        this.clock = clock;
    }

    /**
     * The newest task of the project that carries {@code requestId}, in a listing begun at or after {@code notBefore}
     * (when the attempt searched for had certainly ended). Throws what OMS answered when a page cannot be read.
     */
    public Result find(String projectId, String requestId, long notBefore) {
        Listing listing = latest.compute(projectId, (k, old) -> old != null && old.startedAt >= notBefore ? old
                : new Listing(clock.millis()));
        for (int page = 0; page < maxPages; page++) {
            List<Found> tasks = listing.page(projectId, page);
            if (tasks == null) {
                return new Result(Optional.empty(), false);
            }
            for (Found task : tasks) {
                if (requestId.equals(task.requestId())) {
                    return new Result(Optional.of(task), false);
                }
            }
        }
        return new Result(Optional.empty(), true);
    }

    /** One reading of a project's list: pages in order, each read once, by whichever search needs it first. */
    private final class Listing {

        final long startedAt;
        final ReentrantLock reading = new ReentrantLock();
        final List<List<Found>> read = new ArrayList<>();
        volatile boolean ended;

        Listing(long startedAt) {
            this.startedAt = startedAt;
        }

        /** Page {@code index} of the bridge's tasks, or null past the end of the list. */
        List<Found> page(String projectId, int index) {
            reading.lock();
            try {
                while (read.size() <= index) {
                    if (ended) {
                        return null;
                    }
                    List<JsonNode> tasks = pages.read(projectId, read.size() * PAGE, PAGE);
                    List<Found> ours = new ArrayList<>();
                    for (JsonNode task : tasks) {
                        String requestId = TaskDescription.requestIdOf(task.path("description").asText(null));
                        if (requestId != null) {
                            ours.add(new Found(requestId, task.path("id").asLong(), task.path("name").asText(null)));
                        }
                    }
                    read.add(ours);
                    ended = tasks.size() < PAGE;
                }
                return read.get(index);
            } finally {
                reading.unlock();
            }
        }
    }
}
