package io.omsbridge.ledger;

import java.time.Clock;
import java.util.Collections;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

import javax.sql.DataSource;

import com.fasterxml.jackson.databind.ObjectMapper;
import io.omsbridge.event.EventFactory;

/**
 * The ledger's outbox as the publisher sees it: events not yet on every endpoint, which endpoint already has which
 * event, and when an event has reached them all.
 */
public final class EventOutbox extends LedgerTables {

    /** An event not yet on every endpoint, with the endpoints that already have it. */
    public record PendingEvent(String eventId, String requestId, String type, String payload, String replyTo,
            long createdAt, Set<String> deliveredTo) {
    }

    /** Delivery key of a terminal event's copy to its request's JMSReplyTo: {@code reply:<reply_to>}. */
    public static final String REPLY_PREFIX = "reply:";

    public EventOutbox(DataSource dataSource, ObjectMapper mapper, EventFactory events, Clock clock) {
        super(dataSource, mapper, events, clock);
    }

    /** Events not yet on every endpoint, oldest first, each with the endpoints that already have it. */
    public List<PendingEvent> pendingEvents(int limit) {
        return pending("", limit);
    }

    /**
     * Pending events that {@code endpoint} does not have yet, oldest first: asked per endpoint, so a backlog held by
     * one endpoint that is down never hides new events from the others.
     */
    public List<PendingEvent> pendingEvents(String endpoint, int limit) {
        return pending(" and not exists (select 1 from bridge_event_delivery d where d.event_id = e.event_id"
                + " and d.endpoint = ?)", limit, endpoint);
    }

    /** Pending events of these types whose reply destination ({@code reply:<reply_to>}) does not have them yet. */
    public List<PendingEvent> pendingReplies(List<String> types, int limit) {
        return pending(" and e.reply_to is not null and e.type in (" + String.join(",", Collections.nCopies(
                types.size(), "?")) + ") and not exists (select 1 from bridge_event_delivery d where d.event_id ="
                + " e.event_id and d.endpoint = concat('" + REPLY_PREFIX + "', e.reply_to))", limit,
                types.toArray());
    }

    private List<PendingEvent> pending(String condition, int limit, Object... args) {
        return jdbc.inTransaction(c -> {
            List<PendingEvent> pending = Jdbc.query(c, "select e.event_id, e.request_id, e.type, e.payload,"
                    + " e.reply_to, e.created_at from bridge_event e where e.published_at is null" + condition
                    + " order by e.created_at, e.event_id fetch first " + limit + " rows only",
                    rs -> new PendingEvent(rs.getString(1), rs.getString(2), rs.getString(3), rs.getString(4),
                            rs.getString(5), rs.getLong(6), new HashSet<>()), args);
            Map<String, PendingEvent> byId = new HashMap<>();
            pending.forEach(p -> byId.put(p.eventId(), p));
            List<String> ids = List.copyOf(byId.keySet());
            for (int from = 0; from < ids.size(); from += 500) {
                List<String> chunk = ids.subList(from, Math.min(ids.size(), from + 500));
                Jdbc.query(c, "select event_id, endpoint from bridge_event_delivery where event_id in ("
                        + String.join(",", Collections.nCopies(chunk.size(), "?")) + ")",
                        rs -> byId.get(rs.getString(1)).deliveredTo().add(rs.getString(2)), chunk.toArray());
            }
            return pending;
        });
    }

    public boolean delivered(String eventId, String endpoint) {
        return jdbc.inTransaction(c -> !Jdbc.query(c, "select 1 from bridge_event_delivery where event_id = ? and"
                + " endpoint = ?", rs -> 1, eventId, endpoint).isEmpty());
    }

    /** The endpoint has the event (idempotent). */
    public void markDelivered(String eventId, String endpoint) {
        jdbc.inTransaction(c -> {
            if (Jdbc.query(c, "select 1 from bridge_event_delivery where event_id = ? and endpoint = ?", rs -> 1,
                    eventId, endpoint).isEmpty()) {
                Jdbc.update(c, "insert into bridge_event_delivery (event_id, endpoint, delivered_at) values (?,?,?)",
                        eventId, endpoint, clock.millis());
            }
            return null;
        });
    }

    /** Every endpoint has the event: it leaves the outbox. */
    public void markPublished(String eventId) {
        jdbc.inTransaction(c -> Jdbc.update(c, "update bridge_event set published_at = ? where event_id = ? and"
                + " published_at is null", clock.millis(), eventId));
    }
}
