package io.omsbridge.submit;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.atomic.AtomicInteger;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.omsbridge.MutableClock;
import io.omsbridge.hwcloud.oms.OmsException;
import io.omsbridge.model.TaskDescription;
import io.omsbridge.submit.TaskListings;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * The searches for tasks earlier attempts may have made share one reading of OMS's list: after a restart, hundreds
 * of orphaned claims cost the pages the deepest of them needs, not a search each; and a listing never serves a
 * search for an attempt that ended after the listing began.
 */
class TaskListingsTest {

    private static final ObjectMapper JSON = new ObjectMapper();

    private final MutableClock clock = new MutableClock(Instant.parse("2026-11-25T10:00:00Z"));
    /** OMS's list of the project, newest first: index 0 is the newest task. */
    private final List<JsonNode> project = new ArrayList<>();
    private final AtomicInteger pageReads = new AtomicInteger();
    private final TaskListings listings = new TaskListings((projectId, start, limit) -> {
        pageReads.incrementAndGet();
        synchronized (project) {
            return List.copyOf(project.subList(Math.min(start, project.size()),
                    Math.min(start + limit, project.size())));
        }
    }, 5, clock);
    private ExecutorService pool;

    @AfterEach
    void stopPool() {
        if (pool != null) {
            pool.shutdownNow();
        }
    }

    /** A task made now, at the head of the list; {@code requestId} null for one the bridge did not make. */
    private void made(long id, String requestId) {
        synchronized (project) {
            project.add(0, JSON.createObjectNode().put("id", id).put("name", "task_" + id)
                    .put("description", requestId == null ? "made by hand" : TaskDescription.of(requestId, "photos")));
        }
    }

    @Test
    void twoHundredSearchesAfterARestartReadEachPageOnce() throws Exception {
        for (int i = 0; i < 350; i++) {
            made(1_000 + i, i % 7 == 0 ? null : "r-" + i);
        }
        long handedOut = clock.millis();
        clock.advance(Duration.ofSeconds(1));
        pool = Executors.newFixedThreadPool(16);
        List<Future<TaskListings.Result>> searches = new ArrayList<>();
        for (int i = 1; i < 350; i += 7) {
            String requestId = "r-" + i;
            searches.add(pool.submit(() -> listings.find("p", requestId, handedOut)));
        }
        for (int i = 0; i < 150; i++) {
            String requestId = "never-made-" + i;
            searches.add(pool.submit(() -> listings.find("p", requestId, handedOut)));
        }

        for (int i = 0; i < searches.size(); i++) {
            TaskListings.Result result = searches.get(i).get();
            if (i < 50) {
                assertThat(result.task()).map(TaskListings.Found::taskId).contains(1_000L + 1 + 7L * i);
                assertThat(result.task()).map(TaskListings.Found::taskName).contains("task_" + (1_000 + 1 + 7 * i));
            } else {
                assertThat(result.task()).isEmpty();
                assertThat(result.cut()).as("the whole list was read").isFalse();
            }
        }
        assertThat(pageReads).as("pages 0-3 once each, for 200 searches").hasValue(4);
    }

    @Test
    void aSearchStopsAtTheFirstPageThatHoldsItsTask() {
        for (int i = 0; i < 400; i++) {
            made(i, "r-" + i);
        }

        assertThat(listings.find("p", "r-399", clock.millis()).task()).isPresent();

        assertThat(pageReads).hasValue(1);
    }

    @Test
    void aListingBegunBeforeTheAttemptEndedIsNotUsedForIt() {
        made(1, "r-1");
        assertThat(listings.find("p", "r-1", clock.millis()).task()).isPresent();
        clock.advance(Duration.ofSeconds(1));
        // r-2's unanswered create made its task after that listing began
        made(2, "r-2");
        long attemptEnded = clock.millis();
        clock.advance(Duration.ofSeconds(1));

        assertThat(listings.find("p", "r-2", attemptEnded).task()).map(TaskListings.Found::taskId).contains(2L);
        assertThat(pageReads).hasValue(2);
    }

    @Test
    void newTasksWhileAListingIsReadPushOlderOnesDownButNeverHideThem() {
        for (int i = 0; i < 250; i++) {
            made(i, "r-" + i);
        }
        long before = clock.millis();
        assertThat(listings.find("p", "r-150", before).task()).isPresent();
        // 30 creates of other requests land before the search that needs the third page
        for (int i = 0; i < 30; i++) {
            made(500 + i, "new-" + i);
        }

        assertThat(listings.find("p", "r-0", before).task()).map(TaskListings.Found::taskId).contains(0L);
    }

    @Test
    void aSearchBeyondThePageLimitSaysSoAndAFailedPageIsReadAgainByTheNextSearch() {
        for (int i = 0; i < 600; i++) {
            made(i, "r-" + i);
        }
        TaskListings.Result deep = listings.find("p", "r-0", clock.millis());
        assertThat(deep.task()).as("the oldest task is on page 6 of a 5-page search").isEmpty();
        assertThat(deep.cut()).isTrue();

        AtomicInteger calls = new AtomicInteger();
        TaskListings flaky = new TaskListings((projectId, start, limit) -> {
            if (calls.incrementAndGet() == 1) {
                throw new OmsException(503, "APIG.0201", "backend unavailable", null);
            }
            return List.copyOf(project.subList(start, Math.min(start + limit, project.size())));
        }, 5, clock);
        assertThatThrownBy(() -> flaky.find("p", "r-599", clock.millis())).isInstanceOf(OmsException.class);
        assertThat(flaky.find("p", "r-599", clock.millis()).task()).isPresent();
    }
}
