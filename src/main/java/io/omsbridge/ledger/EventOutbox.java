package io.omsbridge.ledger;

import com.fasterxml.jackson.databind.ObjectMapper;
import io.omsbridge.event.EventFactory;
import java.sql.Connection;
import java.sql.SQLException;
import java.time.Clock;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * The ledger's outbox as the publisher sees it: events not yet on every endpoint, which endpoint already has which
 * event, and when an event has reached them all. Safe to call from several threads at once.
 */
public final class EventOutbox extends LedgerTables {

    /** An event not yet on every endpoint. */
    public record PendingEvent(
            String eventId, String requestId, String type, String payload, String replyTo, long createdAt) {}

    /** A pending event without its payload: enough to tell whether every endpoint already has it. */
    public record OutboxEntry(String eventId, String type, String replyTo, Set<String> deliveredTo) {}

    /** Delivery key of a terminal event's copy to its request's JMSReplyTo: {@code reply:<reply_to>}. */
    public static final String REPLY_PREFIX = "reply:";

    /** Oldest first; published_at leads so both databases read bridge_event_pending in order and stop at the limit. */
    private static final String OLDEST_FIRST = " order by e.published_at, e.created_at, e.event_id limit ";

    public EventOutbox(LedgerDatabase database, ObjectMapper mapper, EventFactory events, Clock clock) {
        super(database, mapper, events, clock);
    }

    /** The oldest pending events, without payloads, each with the endpoints that already have it. */
    public List<OutboxEntry> pendingEntries(int limit) {
        return jdbc.read(c -> {
            List<OutboxEntry> pending = Jdbc.query(
                    c,
                    "select e.event_id, e.type, e.reply_to from bridge_event e" + " where e.published_at is null"
                            + OLDEST_FIRST + limit,
                    rs -> new OutboxEntry(rs.getString(1), rs.getString(2), rs.getString(3), new HashSet<>()));
            Map<String, Set<String>> delivered = new HashMap<>();
            pending.forEach(p -> delivered.put(p.eventId(), p.deliveredTo()));
            addDeliveries(c, delivered);
            return pending;
        });
    }

    /**
     * Pending events that {@code endpoint} does not have yet, oldest first: asked per endpoint, so a backlog held by
     * one endpoint that is down never hides new events from the others.
     */
    public List<PendingEvent> pendingEvents(String endpoint, int limit) {
        return pendingEvents(endpoint, Long.MIN_VALUE, limit);
    }

    /** The same, among events created at or after {@code createdFrom} (epoch ms): a backlog older than that is skipped.
     * */
    public List<PendingEvent> pendingEvents(String endpoint, long createdFrom, int limit) {
        // the bound is written into the SQL: PostgreSQL's generic plan for "created_at >= ?" scans the whole backlog
        String from = createdFrom == Long.MIN_VALUE ? "" : " and e.created_at >= " + createdFrom;
        return pending(
                from + " and not exists (select 1 from bridge_event_delivery d"
                        + " where d.event_id = e.event_id and d.endpoint = ?)",
                limit,
                endpoint);
    }

    /**
     * Pending events of these types whose reply destination ({@code reply:<reply_to>}) does not have them yet, leaving
     * out the destinations in {@code skip} (stored reply_to values): one that is down holds back no other.
     */
    public List<PendingEvent> pendingReplies(List<String> types, Collection<String> skip, int limit) {
        List<Object> args = new ArrayList<>(types);
        args.addAll(skip);
        // reply_to > '' (not "is not null") lets both databases range-scan bridge_event_replies
        return pending(
                " and e.reply_to > '' and e.type in (" + Jdbc.marks(types.size()) + ")"
                        + (skip.isEmpty() ? "" : " and e.reply_to not in (" + Jdbc.marks(skip.size()) + ")")
                        + " and not exists (select 1 from bridge_event_delivery d where d.event_id = e.event_id"
                        + " and d.endpoint = '" + REPLY_PREFIX + "' || e.reply_to)",
                limit,
                args.toArray());
    }

    /** Ids of the pending events of these types created at or before {@code createdBefore} still waiting for a reply
     * there. */
    public List<String> repliesWaitingSince(String replyTo, List<String> types, long createdBefore, int limit) {
        List<Object> args = new ArrayList<>();
        args.add(replyTo);
        args.add(createdBefore);
        args.addAll(types);
        return jdbc.read(c -> Jdbc.query(
                c,
                "select e.event_id from bridge_event e where e.published_at is null"
                        + " and e.reply_to = ? and e.created_at <= ? and e.type in (" + Jdbc.marks(types.size()) + ")"
                        + " and not exists (select 1 from bridge_event_delivery d where d.event_id = e.event_id"
                        + " and d.endpoint = '" + REPLY_PREFIX + "' || e.reply_to)" + OLDEST_FIRST + limit,
                rs -> rs.getString(1),
                args.toArray()));
    }

    private List<PendingEvent> pending(String condition, int limit, Object... args) {
        return jdbc.read(c -> Jdbc.query(
                c,
                "select e.event_id, e.request_id, e.type, e.payload,"
                        + " e.reply_to, e.created_at from bridge_event e where e.published_at is null" + condition
                        + OLDEST_FIRST + limit,
                rs -> new PendingEvent(
                        rs.getString(1),
                        rs.getString(2),
                        rs.getString(3),
                        rs.getString(4),
                        rs.getString(5),
                        rs.getLong(6)),
                args));
    }

    /** Fills each event's set with the endpoints that have it (delivered or given up). */
    private static void addDeliveries(Connection c, Map<String, Set<String>> byId) throws SQLException {
        Jdbc.queryIn(
                c,
                "select event_id, endpoint from bridge_event_delivery where event_id in (",
                List.copyOf(byId.keySet()),
                rs -> byId.get(rs.getString(1)).add(rs.getString(2)));
    }

    /** True once the endpoint really has the event (a reply given up does not count). */
    public boolean delivered(String eventId, String endpoint) {
        return jdbc.read(c -> !Jdbc.query(
                        c,
                        "select 1 from bridge_event_delivery where event_id = ? and"
                                + " endpoint = ? and abandoned = false",
                        rs -> 1,
                        eventId,
                        endpoint)
                .isEmpty());
    }

    /** True if the delivery to the endpoint was given up. */
    public boolean abandoned(String eventId, String endpoint) {
        return jdbc.read(c -> !Jdbc.query(
                        c,
                        "select 1 from bridge_event_delivery where event_id = ? and"
                                + " endpoint = ? and abandoned = true",
                        rs -> 1,
                        eventId,
                        endpoint)
                .isEmpty());
    }

    /**
     * The endpoint has the event (idempotent); once every one of {@code required} has it, the event leaves the
     * outbox. Returns true if the event is published.
     */
    public boolean markDelivered(String eventId, String endpoint, Set<String> required) {
        return record(eventId, endpoint, false, required);
    }

    /**
     * The event will never reach the endpoint (a reply destination that stayed dead): recorded as given up, so the
     * event can leave the outbox once the other {@code required} endpoints have it. Returns true if it is published.
     */
    public boolean markAbandoned(String eventId, String endpoint, Set<String> required) {
        return record(eventId, endpoint, true, required);
    }

    private boolean record(String eventId, String endpoint, boolean abandoned, Set<String> required) {
        return jdbc.inTransaction(c -> {
            // the event row is locked first, so two endpoints finishing one event at once see each other's delivery
            List<Boolean> published = Jdbc.query(
                    c,
                    "select published_at from bridge_event where event_id = ?" + jdbc.forUpdate(),
                    rs -> rs.getObject(1) != null,
                    eventId);
            if (published.isEmpty()) {
                return false;
            }
            if (Jdbc.query(
                            c,
                            "select 1 from bridge_event_delivery where event_id = ? and endpoint = ?",
                            rs -> 1,
                            eventId,
                            endpoint)
                    .isEmpty()) {
                Jdbc.update(
                        c,
                        "insert into bridge_event_delivery (event_id, endpoint, delivered_at, abandoned)"
                                + " values (?,?,?,?)",
                        eventId,
                        endpoint,
                        clock.millis(),
                        abandoned);
            }
            if (published.get(0)) {
                return true;
            }
            Set<String> have = new HashSet<>(Jdbc.query(
                    c,
                    "select endpoint from bridge_event_delivery where" + " event_id = ?",
                    rs -> rs.getString(1),
                    eventId));
            if (!have.containsAll(required)) {
                return false;
            }
            Jdbc.update(
                    c,
                    "update bridge_event set published_at = ? where event_id = ? and published_at is null",
                    clock.millis(),
                    eventId);
            return true;
        });
    }

    /** Every endpoint has the event: it leaves the outbox. */
    public void markPublished(String eventId) {
        jdbc.inTransaction(c -> Jdbc.update(
                c,
                "update bridge_event set published_at = ? where event_id = ? and" + " published_at is null",
                clock.millis(),
                eventId));
    }
}
