package io.omsbridge.ledger;

import java.sql.Connection;
import java.sql.SQLException;
import java.time.Clock;
import java.util.Collections;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

import javax.sql.DataSource;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.omsbridge.config.PollSettings;
import io.omsbridge.event.Event;
import io.omsbridge.event.EventFactory;
import io.omsbridge.event.EventType;
import io.omsbridge.oms.OmsStatus;

/**
 * The ledger as the status poll and the publisher see it: which tasks are due for a poll, what OMS said about each
 * (written only when something changed, with the event it causes in the same transaction), and the outbox of events
 * with the endpoints each one has reached.
 */
public final class TaskLedger extends LedgerTables {

    /** What {@link #applyTaskView} did. */
    public enum Applied {
        /** OMS said what it said last time: only the next poll was pushed back */
        UNCHANGED,
        /** status, progress or counters moved, the state did not */
        CHANGED,
        /** the state changed (an event may have been written) */
        STATE_CHANGED,
        /** the request is not (or no longer) watched: nothing written */
        NOT_WATCHED
    }

    private static final List<String> COUNTERS = List.of("status", "progress", "total_num", "success_num", "fail_num",
            "skip_num", "total_size", "complete_size", "migrate_speed", "start_time", "left_time", "total_time");

    private final PollSettings settings;

    public TaskLedger(DataSource dataSource, ObjectMapper mapper, EventFactory events, Clock clock,
            PollSettings settings) {
        super(dataSource, mapper, events, clock);
        this.settings = settings;
    }

    /** In-flight requests (SUBMITTED, RUNNING, STOPPED) whose next poll is due at {@code now}, longest waiting first. */
    public List<LedgerRecord> dueForPoll(long now, int limit) {
        return jdbc.inTransaction(c -> Jdbc.query(c, SELECT + "where state in (?,?,?) and next_poll_at <= ?"
                + " order by next_poll_at fetch first " + limit + " rows only", LedgerRecord::map,
                LedgerState.SUBMITTED.name(), LedgerState.RUNNING.name(), LedgerState.STOPPED.name(), now));
    }

    /**
     * Records what OMS shows for the request's task ({@code task}: a show or list item). Status, progress and counters
     * are written only when they moved; the next poll backs off while nothing moves. A change to SUCCEEDED, FAILED or
     * STOPPED writes its event in the same transaction, guarded on the old state so it is written once.
     */
    public Applied applyTaskView(String requestId, JsonNode task, long now) {
        return jdbc.inTransaction(c -> {
            Optional<LedgerRecord> found = find(c, requestId);
            if (found.isEmpty() || !found.get().state().inFlight()) {
                return Applied.NOT_WATCHED;
            }
            LedgerRecord old = found.get();
            int status = task.path("status").asInt(-1);
            LedgerState state = stateOf(status, old.state());
            String detail = json(detail(task));
            boolean stateChange = state != old.state();
            boolean changed = stateChange || !detail.equals(old.taskDetail())
                    || old.omsStatus() == null || old.omsStatus() != status;
            if (!changed) {
                int unchanged = old.pollsUnchanged() + 1;
                Jdbc.update(c, "update bridge_request set polls_unchanged = ?, next_poll_at = ? where request_id = ?"
                        + " and state = ?", unchanged, now + settings.interval(unchanged), requestId,
                        old.state().name());
                return Applied.UNCHANGED;
            }
            long written = clock.millis();
            int stopCount = old.stopCount() + (stateChange && state == LedgerState.STOPPED ? 1 : 0);
            Long completedAt = state.terminal() ? written : null;
            Long nextPoll = state.terminal() ? null : now + settings.interval(0);
            int n = Jdbc.update(c, "update bridge_request set state = ?, oms_status = ?, task_detail = ?,"
                    + " polls_unchanged = 0, next_poll_at = ?, stop_count = ?, completed_at = ?, updated_at = ?"
                    + " where request_id = ? and state = ?", state.name(), status, detail, nextPoll, stopCount,
                    completedAt, written, requestId, old.state().name());
            if (n == 0) {
                return Applied.NOT_WATCHED;
            }
            JsonNode view = tree(detail);
            EventType type = stateChange ? eventFor(state) : null;
            if (type != null) {
                JsonNode reason = task.path("error_reason");
                String code = type == EventType.FAILED ? text(reason, "error_code") : null;
                String message = type == EventType.FAILED ? text(reason, "error_msg") : null;
                insertEvent(c, type, old, view, state, completedAt, code, message,
                        type == EventType.STOPPED ? stopCount : 0, written);
            }
            int step = progressStep(old, view, state);
            if (step > 0) {
                insertEvent(c, EventType.PROGRESS, old, view, state, null, null, null, step, written);
            }
            return stateChange ? Applied.STATE_CHANGED : Applied.CHANGED;
        });
    }

    /** OMS no longer knows the task (OMS.1009): FAILED with that reason, and its event. False if not watched. */
    public boolean taskGone(String requestId, String code, String message) {
        return jdbc.inTransaction(c -> {
            Optional<LedgerRecord> found = find(c, requestId);
            if (found.isEmpty() || !found.get().state().inFlight()) {
                return false;
            }
            LedgerRecord old = found.get();
            long now = clock.millis();
            int n = Jdbc.update(c, "update bridge_request set state = ?, last_error = ?, next_poll_at = null,"
                    + " completed_at = ?, updated_at = ? where request_id = ? and state = ?",
                    LedgerState.FAILED.name(), code + ": " + message, now, now, requestId, old.state().name());
            if (n == 0) {
                return false;
            }
            insertEvent(c, EventType.FAILED, old, tree(old.taskDetail()), LedgerState.FAILED, now, code, message, 0,
                    now);
            return true;
        });
    }

    private static LedgerState stateOf(int status, LedgerState current) {
        try {
            return OmsStatus.of(status).state();
        } catch (IllegalArgumentException e) {
            // a status this bridge does not know (a newer OMS): keep watching, the state stays
            return current;
        }
    }

    private static EventType eventFor(LedgerState state) {
        return switch (state) {
            case SUCCEEDED -> EventType.SUCCEEDED;
            case FAILED -> EventType.FAILED;
            case STOPPED -> EventType.STOPPED;
            default -> null;
        };
    }

    /** The progress step just crossed (1 = first step), or 0 when none was or progress events are off. */
    private int progressStep(LedgerRecord old, JsonNode view, LedgerState state) {
        double step = settings.progressStep();
        if (step <= 0 || state.terminal() || !view.has("progress")) {
            return 0;
        }
        int now = (int) Math.floor(view.path("progress").asDouble() / step + 1e-9);
        int before = (int) Math.floor(tree(old.taskDetail()).path("progress").asDouble(0) / step + 1e-9);
        return now > before && view.path("progress").asDouble() < 1.0 ? now : 0;
    }

    /** The whitelisted part of an OMS task view kept in the ledger and shown in events: no keys, no tokens. */
    private ObjectNode detail(JsonNode task) {
        ObjectNode detail = mapper.createObjectNode();
        if (task.path("id").canConvertToLong()) {
            detail.put("id", task.path("id").asLong());
        }
        if (task.path("name").isTextual()) {
            detail.put("name", task.path("name").asText());
        }
        for (String field : COUNTERS) {
            JsonNode v = task.get(field);
            if (v != null && v.isNumber()) {
                detail.set(field, v);
            }
        }
        for (String node : List.of("src_node", "dst_node")) {
            JsonNode n = task.path(node);
            if (n.isObject()) {
                ObjectNode copy = detail.putObject(node);
                for (String field : List.of("cloud_type", "region", "bucket")) {
                    if (n.path(field).isTextual()) {
                        copy.put(field, n.path(field).asText());
                    }
                }
            }
        }
        JsonNode reason = task.path("error_reason");
        if (reason.isObject()) {
            detail.putObject("error_reason").put("error_code", text(reason, "error_code"))
                    .put("error_msg", text(reason, "error_msg"));
        }
        return detail;
    }

    private void insertEvent(Connection c, EventType type, LedgerRecord r, JsonNode task, LedgerState state,
            Long completedAt, String code, String message, int occurrence, long now) throws SQLException {
        Event event = events.create(type, new EventFactory.Facts(r.requestId(), r.projectId(), tree(r.body()),
                r.taskId(), r.taskName(), task, state.name(), r.submittedAt(), completedAt, code, message, null,
                occurrence));
        insertEvent(c, event, r.replyTo(), now);
    }

    private static String text(JsonNode node, String field) {
        JsonNode v = node.get(field);
        return v == null || v.isNull() ? null : v.asText();
    }
}
