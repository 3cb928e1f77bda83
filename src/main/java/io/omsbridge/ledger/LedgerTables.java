package io.omsbridge.ledger;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.omsbridge.event.Event;
import io.omsbridge.event.EventFactory;
import io.omsbridge.model.BridgeConstants;
import io.omsbridge.model.EventType;
import io.omsbridge.model.LedgerState;
import io.omsbridge.text.Texts;
import java.sql.Connection;
import java.sql.SQLException;
import java.time.Clock;
import java.util.List;
import java.util.Optional;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/** What both views of the ledger share: its tables, reading a request, and writing an event to the outbox. */
abstract class LedgerTables {

    private static final Logger REQUESTS = LoggerFactory.getLogger(BridgeConstants.REQUEST_LOG);

    static final String SELECT = "select " + LedgerRecord.COLUMNS + " from bridge_request ";

    final Jdbc jdbc;
    final ObjectMapper mapper;
    final EventFactory events;
    final Clock clock;

    LedgerTables(LedgerDatabase database, ObjectMapper mapper, EventFactory events, Clock clock) {
        this.jdbc = new Jdbc(database);
        this.mapper = mapper;
        this.events = events;
        this.clock = clock;
    }

    static Optional<LedgerRecord> find(Connection c, String requestId) throws SQLException {
        return Jdbc.query(c, SELECT + "where request_id = ?", LedgerRecord::map, requestId).stream()
                .findFirst();
    }

    /** Writes the event once: a state change that is applied again (a retried transaction) adds no second row. */
    void insertEvent(Connection c, Event event, String replyTo, long now) throws SQLException {
        if (Jdbc.query(c, "select 1 from bridge_event where event_id = ?", rs -> 1, event.id())
                .isEmpty()) {
            Jdbc.update(
                    c,
                    "insert into bridge_event (event_id, request_id, type, payload, reply_to, created_at)"
                            + " values (?,?,?,?,?,?)",
                    event.id(),
                    event.requestId(),
                    event.type().type(),
                    event.json(),
                    replyTo,
                    now);
            // written with the event, where state, task and counters are at hand (a transaction retried after a failed
            // commit may log its line twice); a rejection has its WARN line from the inbox, naming the fields at fault
            if (event.type().terminal() && event.type() != EventType.REJECTED) {
                logEnded(event);
            }
        }
    }

    /** The terminal event's line: request id, state, task, counters and the error code, from the event's data. */
    private void logEnded(Event event) {
        JsonNode data = tree(event.json()).path("data");
        String task = data.path("task_id").isNull() || data.path("task_id").isMissingNode()
                ? "no task"
                : "task " + data.path("task_id").asText() + ", objects "
                        + data.path("total_num").asText("0")
                        + " total, " + data.path("success_num").asText("0") + " succeeded, "
                        + data.path("fail_num").asText("0") + " failed, "
                        + data.path("skip_num").asText("0")
                        + " skipped; " + data.path("complete_size").asText("0") + " of "
                        + data.path("total_size").asText("0") + " bytes";
        String error = data.path("error").path("code").isTextual()
                ? "; error " + data.path("error").path("code").asText()
                : "";
        REQUESTS.info(
                "request {} ended {} ({}): {}{}",
                event.requestId(),
                data.path("state").asText("?"),
                event.type().type(),
                task,
                error);
    }

    /** The event that says a watched request failed because OMS forgot its task or group; {@code last}: its last view.
     * */
    @FunctionalInterface
    interface GoneEvent {
        Event of(LedgerRecord old, ObjectNode last, long now);
    }

    /**
     * OMS no longer knows the request's task or group (OMS.1009): FAILED with that reason, and its event, guarded on
     * the state read so it is written once. False if the request is not (or no longer) watched.
     */
    boolean gone(String requestId, String code, String message, GoneEvent event) {
        return jdbc.inTransaction(c -> {
            Optional<LedgerRecord> found = find(c, requestId);
            if (found.isEmpty() || !found.get().state().inFlight()) {
                return false;
            }
            LedgerRecord old = found.get();
            long now = clock.millis();
            if (Jdbc.update(
                            c,
                            "update bridge_request set state = ?, last_error = ?, next_poll_at = null,"
                                    + " completed_at = ?, updated_at = ? where request_id = ? and state = ?",
                            LedgerState.FAILED.name(),
                            truncate(code + ": " + message),
                            now,
                            now,
                            requestId,
                            old.state().name())
                    == 0) {
                return false;
            }
            insertEvent(c, event.of(old, (ObjectNode) tree(old.taskDetail()), now), old.replyTo(), now);
            return true;
        });
    }

    /** The request as its events name it. */
    EventFactory.Subject subject(LedgerRecord r) {
        return new EventFactory.Subject(
                r.requestId(), r.projectId(), tree(r.body()), r.taskId(), r.taskName(), r.submittedAt(), r.run());
    }

    /** A stored request body (or task view) as JSON; empty for a rejected request, which has none. */
    JsonNode tree(String json) {
        try {
            JsonNode node = json == null || json.isEmpty() ? null : mapper.readTree(json);
            return node == null ? mapper.createObjectNode() : node;
        } catch (JsonProcessingException e) {
            return mapper.createObjectNode();
        }
    }

    String json(Object value) {
        try {
            return mapper.writeValueAsString(value);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException(e);
        }
    }

    /** Copies those of {@code fields} that OMS gave as numbers, and nothing else, into a kept view. */
    static void copyNumbers(JsonNode from, List<String> fields, ObjectNode into) {
        for (String field : fields) {
            JsonNode v = from.get(field);
            if (v != null && v.isNumber()) {
                into.set(field, v);
            }
        }
    }

    /** Fits a message into its 4000-character column. */
    static String truncate(String s) {
        return Texts.cut(s, 3900);
    }
}
