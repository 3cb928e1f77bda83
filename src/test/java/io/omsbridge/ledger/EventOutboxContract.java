package io.omsbridge.ledger;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.ObjectMapper;
import io.omsbridge.MutableClock;
import io.omsbridge.event.EventFactory;
import io.omsbridge.ledger.EventOutbox.PendingEvent;
import java.sql.SQLException;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** Proves per database the outbox queries the publisher relies on: per endpoint, per reply destination, give-ups. */
abstract class EventOutboxContract extends DatabaseContract {

    private static final String FILE = "file:out";
    private static final String TOPIC = "jms:topic:oms.migration.events";
    private static final List<String> TERMINAL = List.of("oms.task.succeeded", "oms.task.failed");

    private final ObjectMapper mapper = new ObjectMapper();
    private MutableClock clock;
    private EventOutbox outbox;

    EventOutboxContract(Kind kind) {
        super(kind);
    }

    @BeforeEach
    void emptyOutbox() {
        execute("delete from bridge_event_delivery", "delete from bridge_event");
        clock = new MutableClock(Instant.parse("2026-11-25T10:00:00Z"));
        outbox = new EventOutbox(database, mapper, new EventFactory(mapper, clock), clock);
    }

    private void event(String id, String type, String replyTo, long agoMillis) throws SQLException {
        OutboxRows.insert(database, clock, id, type, replyTo, agoMillis);
    }

    private boolean published(String id) throws SQLException {
        return OutboxRows.published(database.dataSource(), id);
    }

    private static List<String> ids(List<PendingEvent> events) {
        return events.stream().map(PendingEvent::eventId).toList();
    }

    @Test
    void anEventLeavesTheOutboxOnceEveryEndpointItMustReachHasIt() throws Exception {
        event("e-1", "oms.task.succeeded", null, 0);

        assertThat(outbox.markDelivered("e-1", FILE, Set.of(FILE, TOPIC))).isFalse();
        assertThat(published("e-1")).isFalse();
        assertThat(outbox.markDelivered("e-1", FILE, Set.of(FILE, TOPIC)))
                .as("again: idempotent")
                .isFalse();
        assertThat(outbox.markDelivered("e-1", TOPIC, Set.of(FILE, TOPIC))).isTrue();

        assertThat(published("e-1")).isTrue();
        assertThat(outbox.delivered("e-1", FILE)).isTrue();
        assertThat(outbox.pendingEvents(FILE, 10)).isEmpty();
    }

    @Test
    void twoEndpointsFinishingOneEventAtTheSameTimeStillPublishIt() throws Exception {
        ExecutorService pool = Executors.newFixedThreadPool(2);
        try {
            for (int i = 0; i < 20; i++) {
                String id = "race-" + i;
                event(id, "oms.task.succeeded", null, 0);
                CountDownLatch go = new CountDownLatch(1);
                List<Future<Boolean>> done = new ArrayList<>();
                for (String endpoint : List.of(FILE, TOPIC)) {
                    done.add(pool.submit(() -> {
                        go.await();
                        return outbox.markDelivered(id, endpoint, Set.of(FILE, TOPIC));
                    }));
                }
                go.countDown();
                for (Future<Boolean> d : done) {
                    d.get(30, TimeUnit.SECONDS);
                }
                assertThat(published(id)).as("%s published", id).isTrue();
            }
        } finally {
            pool.shutdownNow();
        }
    }

    @Test
    void eachEndpointIsAskedOnlyForTheEventsItLacksOldestFirst() throws Exception {
        event("e-1", "oms.task.succeeded", null, 3_000);
        event("e-2", "oms.task.failed", null, 2_000);
        event("e-3", "oms.task.stopped", null, 1_000);
        outbox.markDelivered("e-1", FILE, Set.of(FILE, TOPIC));

        assertThat(ids(outbox.pendingEvents(FILE, 10))).containsExactly("e-2", "e-3");
        assertThat(ids(outbox.pendingEvents(TOPIC, 10))).containsExactly("e-1", "e-2", "e-3");
        assertThat(ids(outbox.pendingEvents(TOPIC, 2))).containsExactly("e-1", "e-2");
        assertThat(outbox.pendingEvents(TOPIC, 10).get(0).payload()).isEqualTo("{\"id\":\"e-1\"}");
    }

    @Test
    void aSearchFromAPointInTimeSkipsTheOlderBacklog() throws Exception {
        event("old", "oms.task.succeeded", null, 60_000);
        event("new", "oms.task.succeeded", null, 1_000);

        assertThat(ids(outbox.pendingEvents(FILE, clock.millis() - 10_000, 10))).containsExactly("new");
        assertThat(ids(outbox.pendingEvents(FILE, Long.MIN_VALUE, 10))).containsExactly("old", "new");
    }

    @Test
    void repliesToDestinationsLeftOutAreNotFetchedSoTheyHoldBackNoOther() throws Exception {
        for (int i = 0; i < 5; i++) {
            event("dead-" + i, "oms.task.succeeded", "queue:dead", 10_000 - i);
        }
        event("live-1", "oms.task.failed", "queue:live", 1_000);
        event("progress", "oms.task.progress", "queue:live", 500);
        event("no-reply", "oms.task.succeeded", null, 400);

        assertThat(ids(outbox.pendingReplies(TERMINAL, Set.of(), 3))).containsExactly("dead-0", "dead-1", "dead-2");
        assertThat(ids(outbox.pendingReplies(TERMINAL, Set.of("queue:dead"), 3)))
                .containsExactly("live-1");
        outbox.markDelivered("live-1", "reply:queue:live", Set.of(FILE, "reply:queue:live"));
        assertThat(outbox.pendingReplies(TERMINAL, Set.of("queue:dead"), 3)).isEmpty();
    }

    @Test
    void aReplyGivenUpLetsTheEventLeaveTheOutboxWithoutCountingAsDelivered() throws Exception {
        event("e-1", "oms.task.succeeded", "queue:dead", 0);
        Set<String> required = Set.of(FILE, "reply:queue:dead");
        outbox.markDelivered("e-1", FILE, required);

        assertThat(outbox.markAbandoned("e-1", "reply:queue:dead", required)).isTrue();

        assertThat(published("e-1")).isTrue();
        assertThat(outbox.abandoned("e-1", "reply:queue:dead")).isTrue();
        assertThat(outbox.delivered("e-1", "reply:queue:dead")).isFalse();
    }

    @Test
    void theRepliesWaitingLongestAreFoundPerDestination() throws Exception {
        event("old-1", "oms.task.succeeded", "queue:dead", 50_000);
        event("old-2", "oms.task.failed", "queue:dead", 40_000);
        event("young", "oms.task.succeeded", "queue:dead", 1_000);
        event("other", "oms.task.succeeded", "queue:other", 50_000);
        event("stopped", "oms.task.stopped", "queue:dead", 50_000);

        assertThat(outbox.repliesWaitingSince("queue:dead", TERMINAL, clock.millis() - 30_000, 10))
                .containsExactly("old-1", "old-2");
    }

    @Test
    void theTidyUpPassReadsIdsAndDeliveriesWithoutPayloads() throws Exception {
        event("e-1", "oms.task.succeeded", "queue:q", 2_000);
        event("e-2", "oms.task.succeeded", null, 1_000);
        outbox.markDelivered("e-1", FILE, Set.of(FILE, TOPIC));
        outbox.markDelivered("e-1", TOPIC, Set.of(FILE, TOPIC, "reply:queue:q"));

        assertThat(outbox.pendingEntries(10))
                .containsExactly(
                        new EventOutbox.OutboxEntry("e-1", "oms.task.succeeded", "queue:q", Set.of(FILE, TOPIC)),
                        new EventOutbox.OutboxEntry("e-2", "oms.task.succeeded", null, Set.of()));
    }
}
