package io.omsbridge.submit;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.omsbridge.MutableClock;
import io.omsbridge.hwcloud.oms.OmsException;
import io.omsbridge.model.TaskDescription;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * The search for a task an earlier attempt may have made walks OMS's list back to the tasks older than that attempt,
 * however many pages that takes, and says so when it cannot; the searches of the moment share one reading of the
 * list, so after a restart hundreds of orphaned claims cost the pages the deepest of them needs; and a listing never
 * serves a search for an attempt that ended after the listing began.
 */
class TaskListingsTest {

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final long MARGIN = Duration.ofMinutes(15).toMillis();
    /** The ledger's clock when the first task of a test was made; task i was posted under a lease ending at T0 + i s.
     * */
    private static final long T0 = Instant.parse("2026-11-25T09:00:00Z").toEpochMilli();

    private final MutableClock clock = new MutableClock(Instant.parse("2026-11-25T10:00:00Z"));
    /** OMS's list of the project, newest first: index 0 is the newest task. */
    private final List<JsonNode> project = new ArrayList<>();

    private final AtomicInteger pageReads = new AtomicInteger();
    private final TaskListings listings = listings(Integer.MAX_VALUE);
    private ExecutorService pool;

    @AfterEach
    void stopPool() {
        if (pool != null) {
            pool.shutdownNow();
        }
    }

    private TaskListings listings(int maxOffset) {
        return new TaskListings((projectId, region, offset, limit) -> page(offset, limit), maxOffset, MARGIN, clock);
    }

    private List<JsonNode> page(int offset, int limit) {
        pageReads.incrementAndGet();
        synchronized (project) {
            return List.copyOf(
                    project.subList(Math.min(offset, project.size()), Math.min(offset + limit, project.size())));
        }
    }

    /** The bridge's task {@code id} for {@code requestId}, posted under a lease that ended at T0 + id seconds. */
    private void made(long id, String requestId) {
        madeTask(id, TaskDescription.of(requestId, leaseEnd(id), "photos"), 0);
    }

    /** A task another system made, with no tag; OMS started it at {@code startTime} (0: not started). */
    private void madeElsewhere(long id, long startTime) {
        madeTask(id, "made by hand", startTime);
    }

    private void madeTask(long id, String description, long startTime) {
        ObjectNode task = JSON.createObjectNode()
                .put("id", id)
                .put("name", "task_" + id)
                .put("description", description)
                .put("start_time", startTime);
        synchronized (project) {
            project.add(0, task);
        }
    }

    private static long leaseEnd(long id) {
        return T0 + id * 1_000;
    }

    private Optional<TaskListings.Found> find(TaskListings in, String requestId, long searchFrom) {
        return in.find("p", requestId, clock.millis(), searchFrom);
    }

    @Test
    void twoHundredSearchesAfterARestartReadEachPageOnce() throws Exception {
        for (int i = 0; i < 350; i++) {
            if (i % 7 == 0) {
                madeElsewhere(1_000 + i, 0);
            } else {
                made(1_000 + i, "r-" + i);
            }
        }
        long handedOut = clock.millis();
        clock.advance(Duration.ofSeconds(1));
        pool = Executors.newFixedThreadPool(16);
        List<Future<Optional<TaskListings.Found>>> searches = new ArrayList<>();
        for (int i = 1; i < 350; i += 7) {
            String requestId = "r-" + i;
            searches.add(pool.submit(() -> listings.find("p", requestId, handedOut, 0)));
        }
        for (int i = 0; i < 150; i++) {
            String requestId = "never-made-" + i;
            searches.add(pool.submit(() -> listings.find("p", requestId, handedOut, 0)));
        }

        for (int i = 0; i < searches.size(); i++) {
            Optional<TaskListings.Found> found = searches.get(i).get();
            if (i < 50) {
                assertThat(found).map(TaskListings.Found::taskId).contains(1_000L + 1 + 7L * i);
                assertThat(found).map(TaskListings.Found::taskName).contains("task_" + (1_000 + 1 + 7 * i));
            } else {
                assertThat(found).as("walked to the end of the list").isEmpty();
            }
        }
        // each page starts at the last task of the one before: offsets 0, 99, 198, 297
        assertThat(pageReads).as("four pages once each, for 200 searches").hasValue(4);
    }

    @Test
    void aSearchStopsAtTheFirstPageThatHoldsItsTask() {
        for (int i = 0; i < 400; i++) {
            made(i, "r-" + i);
        }

        assertThat(find(listings, "r-399", 0)).isPresent();

        assertThat(pageReads).hasValue(1);
    }

    @Test
    void anOrphanBehindMoreTasksThanFiftyPagesHoldIsStillFound() {
        // the create of r-orphan was posted, its answer lost; then other systems made 6,000 tasks
        made(1, "r-orphan");
        for (int i = 0; i < 6_000; i++) {
            madeElsewhere(10 + i, T0 + 60_000 + i);
        }

        assertThat(find(listings, "r-orphan", leaseEnd(1) - 60_000))
                .map(TaskListings.Found::taskId)
                .contains(1L);
        assertThat(pageReads).as("every page down to the orphan").hasValue(61);
    }

    @Test
    void theWalkEndsAtTheFirstTaskTaggedWithALeaseThatEndedBeforeTheAttemptsLeaseBegan() {
        for (int i = 0; i < 600; i++) {
            made(i, "r-" + i);
        }
        // the attempt searched for began its lease just after task 400's had ended: tasks 0-400 are older
        long searchFrom = leaseEnd(400) + 1;

        assertThat(find(listings, "r-never-made", searchFrom)).isEmpty();
        // tasks 599-401 on the first two pages; task 400, first new one of the third, ends the walk
        assertThat(pageReads).hasValue(3);
    }

    @Test
    void theWalkEndsAtATaskOmsSaysStartedBeforeTheAttemptLessTheClockMargin() {
        long searchFrom = T0 + Duration.ofHours(1).toMillis();
        madeElsewhere(1, searchFrom - MARGIN - 1);
        for (int i = 0; i < 250; i++) {
            // started within the margin, or not at all: these might still be newer than the attempt
            madeElsewhere(10 + i, i % 2 == 0 ? 0 : searchFrom - MARGIN + 1);
        }

        assertThat(find(listings, "r-never-made", searchFrom)).isEmpty();
        assertThat(pageReads).as("to task 1, the 251st").hasValue(3);
    }

    @Test
    void newTasksWhileAListingIsReadPushOlderOnesDownButNeverHideThem() {
        for (int i = 0; i < 250; i++) {
            made(i, "r-" + i);
        }
        long before = clock.millis();
        assertThat(listings.find("p", "r-150", before, 0)).isPresent();
        // 30 creates of other requests land before the search that needs the third page
        for (int i = 0; i < 30; i++) {
            made(500 + i, "new-" + i);
        }

        assertThat(listings.find("p", "r-0", before, 0))
                .map(TaskListings.Found::taskId)
                .contains(0L);
    }

    @Test
    void aTaskDeletedWhileTheListIsWalkedMakesTheWalkBeginAgainRatherThanSkipOne() {
        for (int i = 0; i < 300; i++) {
            made(i, "r-" + i);
        }
        TaskListings deleting = new TaskListings(
                (projectId, region, offset, limit) -> {
                    if (pageReads.get() == 1) {
                        // between the first page (tasks 299-200) and the second, another system deletes task 249: task
                        // 199,
                        // first of the second page, moves up onto the first, which the walk has read already
                        synchronized (project) {
                            project.remove(50);
                        }
                    }
                    return page(offset, limit);
                },
                Integer.MAX_VALUE,
                MARGIN,
                clock);

        assertThat(find(deleting, "r-199", 0)).map(TaskListings.Found::taskId).contains(199L);
        assertThat(pageReads)
                .as("first page, the second (it does not begin where the first ended), the first again")
                .hasValue(3);
    }

    @Test
    void aListThatKeepsShiftingLeavesTheSearchIncompleteNotEmpty() {
        for (int i = 0; i < 300; i++) {
            made(i, "r-" + i);
        }
        TaskListings churning = new TaskListings(
                (projectId, region, offset, limit) -> {
                    synchronized (project) {
                        project.remove(0);
                    }
                    return page(offset, limit);
                },
                Integer.MAX_VALUE,
                MARGIN,
                clock);

        assertThatThrownBy(() -> find(churning, "r-never-made", 0))
                .isInstanceOf(SearchIncompleteException.class)
                .hasMessageContaining("kept shifting")
                .satisfies(e -> assertThat(((SearchIncompleteException) e).isTransient())
                        .isTrue());
    }

    @Test
    void aWalkThatWouldGoPastTheOffsetOmsServesIsIncomplete() {
        for (int i = 0; i < 600; i++) {
            madeElsewhere(i, 0);
        }

        assertThatThrownBy(() -> find(listings(300), "r-never-made", 0))
                .isInstanceOf(SearchIncompleteException.class)
                .hasMessageContaining("deeper than the 300 tasks")
                .satisfies(e -> assertThat(((SearchIncompleteException) e).isTransient())
                        .isFalse());
    }

    @Test
    void aPageOmsFailsIsReadAgainByTheNextSearch() {
        for (int i = 0; i < 600; i++) {
            made(i, "r-" + i);
        }
        AtomicInteger calls = new AtomicInteger();
        TaskListings flaky = new TaskListings(
                (projectId, region, offset, limit) -> {
                    if (calls.incrementAndGet() == 2) {
                        throw new OmsException(503, "APIG.0201", "backend unavailable", null);
                    }
                    return page(offset, limit);
                },
                Integer.MAX_VALUE,
                MARGIN,
                clock);

        assertThatThrownBy(() -> find(flaky, "r-0", 0)).isInstanceOf(OmsException.class);
        assertThat(find(flaky, "r-0", 0)).map(TaskListings.Found::taskId).contains(0L);
    }

    @Test
    void aListingBegunBeforeTheAttemptEndedIsNotUsedForIt() {
        made(1, "r-1");
        assertThat(listings.find("p", "r-1", clock.millis(), 0)).isPresent();
        clock.advance(Duration.ofSeconds(1));
        // r-2's unanswered create made its task after that listing began
        made(2, "r-2");
        long attemptEnded = clock.millis();
        clock.advance(Duration.ofSeconds(1));

        assertThat(listings.find("p", "r-2", attemptEnded, 0))
                .map(TaskListings.Found::taskId)
                .contains(2L);
        assertThat(pageReads).hasValue(2);
    }
}
