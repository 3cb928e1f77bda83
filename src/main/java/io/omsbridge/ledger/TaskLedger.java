package io.omsbridge.ledger;

import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Clock;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.omsbridge.event.Event;
import io.omsbridge.event.EventFactory;
import io.omsbridge.model.EventType;
import io.omsbridge.model.FailedObjectList;
import io.omsbridge.model.LedgerState;
import io.omsbridge.model.OmsStatus;
import io.omsbridge.settings.PollSettings;

/**
 * The ledger as the status poll sees it: which tasks are watched and due, and what OMS said about each, written only
 * when something changed, with the event a state change causes in the same transaction. The poll reads light rows
 * ({@link PollTarget}: no request body, a hash of the last task view), so a cycle over 50,000 tasks stays small.
 */
public final class TaskLedger extends LedgerTables {

    /** A watched task as the poll needs it: the state, how long it has not moved, and a hash of what OMS last said. */
    public record PollTarget(String requestId, long taskId, LedgerState state, int pollsUnchanged, long viewHash,
            double progress) {
    }

    /** How many watched tasks of a project, in one destination region (null: none recorded), are due for a poll. */
    public record ProjectDue(String projectId, String region, long due) {

        public ProjectDue(String projectId, long due) {
            this(projectId, null, due);
        }
    }

    /** What OMS says about a task now: its status, a hash of the fields the ledger keeps, its progress. */
    public record Observation(JsonNode task, int status, long viewHash, double progress) {
    }

    /** What an observation means for a target. */
    public enum Verdict {
        /** nothing moved: nothing to write (a shown task backs off) */
        UNCHANGED,
        /** counters or progress moved, the state did not, and no event is due: one row update, batched */
        CHANGED,
        /** the state changes, or a progress event is due: its own transaction with the event */
        EVENTFUL
    }

    /** A changed observation of a target, written in a batch with others. */
    public record Change(PollTarget target, Observation seen) {
    }

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

    public TaskLedger(LedgerDatabase database, ObjectMapper mapper, EventFactory events, Clock clock,
            PollSettings settings) {
        super(database, mapper, events, clock);
        this.settings = settings;
    }

    private static final String TARGET = "select request_id, task_id, state, polls_unchanged, view_hash";
    private static final String WATCHED_ROWS = " from bridge_request where state in (?,?,?) and task_id is not null";
    private static final Object[] WATCHED = {LedgerState.SUBMITTED.name(), LedgerState.RUNNING.name(),
        LedgerState.STOPPED.name()};

    /**
     * Per project and destination region, how many watched tasks (SUBMITTED, RUNNING, STOPPED) are due for a poll at
     * {@code now}: each region's OMS is asked about its own.
     */
    public List<ProjectDue> dueByProject(long now) {
        return jdbc.read(c -> Jdbc.query(c, "select project_id, coalesce(region, ''), count(*) from bridge_request"
                + " where state in (?,?,?) and task_id is not null and next_poll_at <= ? group by project_id,"
                + " coalesce(region, '') order by project_id, coalesce(region, '')",
                rs -> new ProjectDue(rs.getString(1), rs.getString(2).isEmpty() ? null : rs.getString(2),
                        rs.getLong(3)), WATCHED[0], WATCHED[1], WATCHED[2], now));
    }

    /** The project's watched tasks due at {@code now} (any region), longest waiting first, at most {@code limit}. */
    public List<PollTarget> dueForPoll(String projectId, long now, int limit) {
        return jdbc.read(c -> Jdbc.query(c, target() + " and project_id = ? and next_poll_at <= ?"
                + " order by next_poll_at limit " + limit, this::target, WATCHED[0], WATCHED[1],
                WATCHED[2], projectId, now));
    }

    /** The same, of one destination region (null: the rows that record none). */
    public List<PollTarget> dueForPoll(String projectId, String region, long now, int limit) {
        return jdbc.read(c -> Jdbc.query(c, target() + " and project_id = ? and coalesce(region, '') = ? and"
                + " next_poll_at <= ? order by next_poll_at limit " + limit, this::target, WATCHED[0], WATCHED[1],
                WATCHED[2], projectId, region == null ? "" : region, now));
    }

    /** Every watched task of the project (in every region), by OMS task id. */
    public Map<Long, PollTarget> watched(String projectId) {
        return jdbc.read(c -> {
            Map<Long, PollTarget> targets = new HashMap<>();
            Jdbc.query(c, target() + " and project_id = ?", rs -> targets.put(rs.getLong(2), target(rs)), WATCHED[0],
                    WATCHED[1], WATCHED[2], projectId);
            return targets;
        });
    }

    /** Every watched task of the project in one region, by OMS task id: that region's listing covers them all. */
    public Map<Long, PollTarget> watched(String projectId, String region) {
        return jdbc.read(c -> {
            Map<Long, PollTarget> targets = new HashMap<>();
            Jdbc.query(c, target() + " and project_id = ? and coalesce(region, '') = ?",
                    rs -> targets.put(rs.getLong(2), target(rs)), WATCHED[0], WATCHED[1], WATCHED[2], projectId,
                    region == null ? "" : region);
            return targets;
        });
    }

    /** The light row; the stored view only when progress events are on (its last progress decides the next one). */
    private String target() {
        return TARGET + (settings.progressStep() > 0 ? ", task_detail" : "") + WATCHED_ROWS;
    }

    private PollTarget target(ResultSet rs) throws SQLException {
        String view = settings.progressStep() > 0 ? rs.getString(6) : null;
        return new PollTarget(rs.getString(1), rs.getLong(2), LedgerState.valueOf(rs.getString(3)), rs.getInt(4),
                rs.getLong(5), view == null ? 0 : progressOf(view));
    }

    /** OMS's answer for one task (a show, or an item of a listing), hashed over the fields the ledger keeps. */
    public Observation observe(JsonNode task) {
        return new Observation(task, task.path("status").asInt(-1), viewHash(task), task.path("progress").asDouble(0));
    }

    public Verdict judge(PollTarget target, Observation seen) {
        if (seen.viewHash() == target.viewHash()) {
            return Verdict.UNCHANGED;
        }
        LedgerState state = stateOf(seen.status(), target.state());
        if (state != target.state() || progressStep(target.progress(), seen.progress(), state) > 0) {
            return Verdict.EVENTFUL;
        }
        return Verdict.CHANGED;
    }

    /** Shown tasks that did not move: each one's next poll backs off (one transaction for them all). */
    public void recordUnchanged(List<PollTarget> targets, long now) {
        if (targets.isEmpty()) {
            return;
        }
        jdbc.inTransaction(c -> Jdbc.batch(c, "update bridge_request set polls_unchanged = ?, next_poll_at = ?"
                + " where request_id = ? and state = ?", targets.stream().map(t -> new Object[] {
                    t.pollsUnchanged() + 1, now + settings.interval(t.pollsUnchanged() + 1), t.requestId(),
                    t.state().name()}).toList()));
    }

    /** Tasks whose counters moved in the same state: their rows, in one transaction; the next poll comes soon. */
    public void recordChanged(List<Change> changes, long now) {
        if (changes.isEmpty()) {
            return;
        }
        long written = clock.millis();
        List<Object[]> rows = changes.stream().map(ch -> new Object[] {ch.seen().status(),
            json(detail(ch.seen().task())), ch.seen().viewHash(), now + settings.interval(0), written,
            ch.target().requestId(), ch.target().state().name()}).toList();
        jdbc.inTransaction(c -> Jdbc.batch(c, "update bridge_request set oms_status = ?, task_detail = ?,"
                + " view_hash = ?, polls_unchanged = 0, next_poll_at = ?, updated_at = ? where request_id = ? and"
                + " state = ?", rows));
    }

    /**
     * 64-bit FNV-1a over the fields of a task view the ledger keeps ({@link #detail}), read straight from OMS's
     * answer: the poll compares it with the stored hash without building or reading any view.
     */
    static long viewHash(JsonNode task) {
        long h = fnv(0xcbf29ce484222325L, task.path("id").asText());
        h = fnv(h, task.path("name").asText());
        for (String field : COUNTERS) {
            h = fnv(h, task.path(field).asText());
        }
        for (String node : List.of("src_node", "dst_node")) {
            for (String field : List.of("cloud_type", "region", "bucket")) {
                h = fnv(h, task.path(node).path(field).asText());
            }
        }
        JsonNode reason = task.path("error_reason");
        h = fnv(h, reason.path("error_code").asText());
        return fnv(h, reason.path("error_msg").asText());
    }

    private static long fnv(long h, String value) {
        for (int i = 0; i < value.length(); i++) {
            h = (h ^ value.charAt(i)) * 0x100000001b3L;
        }
        // a separator, so "1"+"23" and "12"+"3" differ
        return (h ^ 0x1f) * 0x100000001b3L;
    }

    private double progressOf(String view) {
        return tree(view).path("progress").asDouble(0);
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
                    + " view_hash = ?, polls_unchanged = 0, next_poll_at = ?, stop_count = ?, completed_at = ?,"
                    + " updated_at = ? where request_id = ? and state = ?", state.name(), status, detail,
                    viewHash(task), nextPoll, stopCount, completedAt, written, requestId, old.state().name());
            if (n == 0) {
                return Applied.NOT_WATCHED;
            }
            JsonNode view = tree(detail);
            EventType type = stateChange ? eventFor(state) : null;
            if (type != null) {
                JsonNode reason = task.path("error_reason");
                String code = type == EventType.FAILED ? text(reason, "error_code") : null;
                String message = type == EventType.FAILED ? text(reason, "error_msg") : null;
                if (type == EventType.FAILED && code == null && message == null) {
                    // OMS may fail a task with error_reason "" (oms-api.md 2.9): the event still says why it failed
                    code = "OMS.TASK_FAILED";
                    message = "OMS reports the task failed (status 4) without an error_reason";
                }
                // each run of the task ends in a terminal event of its own (a retry starts the next run)
                insertEvent(c, type, old, view, state, completedAt, code, message,
                        type == EventType.STOPPED ? stopCount : old.run() - 1, written);
            }
            int step = progressStep(old.taskDetail() == null ? 0 : progressOf(old.taskDetail()),
                    view.path("progress").asDouble(0), state);
            if (step > 0) {
                insertEvent(c, EventType.PROGRESS, old, view, state, null, null, null,
                        (old.run() - 1) * 1_000 + step, written);
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
            // the last view is all there is, but its status is what OMS said before it forgot the task: not now
            ObjectNode last = (ObjectNode) tree(old.taskDetail());
            last.remove("status");
            insertEvent(c, EventType.FAILED, old, last, LedgerState.FAILED, now, code, message, 0, now);
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
    private int progressStep(double before, double now, LedgerState state) {
        return progressStepCrossed(settings.progressStep(), before, now, state);
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
        copyNumbers(task, COUNTERS, detail);
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
        // where OMS listed the objects that failed: a location, no secret
        FailedObjectList.of(task).putInto(detail);
        return detail;
    }

    private void insertEvent(Connection c, EventType type, LedgerRecord r, JsonNode task, LedgerState state,
            Long completedAt, String code, String message, int occurrence, long now) throws SQLException {
        Event event = events.create(type, new EventFactory.Facts(r.requestId(), r.projectId(), tree(r.body()),
                r.taskId(), r.taskName(), task, state.name(), r.submittedAt(), completedAt, code, message, null,
                occurrence, r.run(), null));
        insertEvent(c, event, r.replyTo(), now);
    }

    private static String text(JsonNode node, String field) {
        JsonNode v = node.get(field);
        return v == null || v.isNull() ? null : v.asText();
    }
}
