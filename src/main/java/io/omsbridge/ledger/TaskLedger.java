package io.omsbridge.ledger;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.omsbridge.event.EventFactory;
import io.omsbridge.model.FailedObjectList;
import io.omsbridge.model.LedgerState;
import io.omsbridge.settings.PollSettings;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Clock;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.Function;

/**
 * The ledger as the status poll sees it: which tasks are watched and due, and what OMS said about each, written only
 * when something changed, with the event a state change causes in the same transaction. The poll reads light rows
 * ({@link PollTarget}: no request body, a hash of the last task view), so a cycle over 50,000 tasks stays small.
 */
public final class TaskLedger extends LedgerTables {

    /** A watched task as the poll needs it: the state, how long it has not moved, and a hash of what OMS last said. */
    public record PollTarget(
            String requestId, long taskId, LedgerState state, int pollsUnchanged, long viewHash, double progress) {}

    /** How many watched tasks of a project, in one destination region (null: none recorded), are due for a poll. */
    public record ProjectDue(String projectId, String region, long due) {

        public ProjectDue(String projectId, long due) {
            this(projectId, null, due);
        }
    }

    /** A target whose counters moved in the same state ({@code task}: OMS's answer), written in a batch with others. */
    public record Change(PollTarget target, JsonNode task, int status, long viewHash) {}

    /** The task as the ledger holds it when an answer is applied: what the rules of its status decide from. */
    public record Before(LedgerState state, double progress) {}

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

    /** The counters of a task view the ledger keeps (and its view hash covers). */
    public static final List<String> COUNTERS = List.of(
            "status",
            "progress",
            "total_num",
            "success_num",
            "fail_num",
            "skip_num",
            "total_size",
            "complete_size",
            "migrate_speed",
            "start_time",
            "left_time",
            "total_time");

    private final PollSettings settings;

    public TaskLedger(
            LedgerDatabase database, ObjectMapper mapper, EventFactory events, Clock clock, PollSettings settings) {
        super(database, mapper, events, clock);
        this.settings = settings;
    }

    private static final String TARGET = "select request_id, task_id, state, polls_unchanged, view_hash";
    private static final String WATCHED_ROWS = " from bridge_request where state in (?,?,?) and task_id is not null";
    private static final Object[] WATCHED = {
        LedgerState.SUBMITTED.name(), LedgerState.RUNNING.name(), LedgerState.STOPPED.name()
    };

    /**
     * Per project and destination region, how many watched tasks (SUBMITTED, RUNNING, STOPPED) are due for a poll at
     * {@code now}: each region's OMS is asked about its own.
     */
    public List<ProjectDue> dueByProject(long now) {
        return jdbc.read(c -> Jdbc.query(
                c,
                "select project_id, coalesce(region, ''), count(*) from bridge_request"
                        + " where state in (?,?,?) and task_id is not null and next_poll_at <= ? group by project_id,"
                        + " coalesce(region, '') order by project_id, coalesce(region, '')",
                rs -> new ProjectDue(
                        rs.getString(1), rs.getString(2).isEmpty() ? null : rs.getString(2), rs.getLong(3)),
                WATCHED[0],
                WATCHED[1],
                WATCHED[2],
                now));
    }

    /** The project's watched tasks due at {@code now} (any region), longest waiting first, at most {@code limit}. */
    public List<PollTarget> dueForPoll(String projectId, long now, int limit) {
        return jdbc.read(c -> Jdbc.query(
                c,
                target() + " and project_id = ? and next_poll_at <= ?" + " order by next_poll_at limit " + limit,
                this::target,
                WATCHED[0],
                WATCHED[1],
                WATCHED[2],
                projectId,
                now));
    }

    /** The same, of one destination region (null: the rows that record none). */
    public List<PollTarget> dueForPoll(String projectId, String region, long now, int limit) {
        return jdbc.read(c -> Jdbc.query(
                c,
                target() + " and project_id = ? and coalesce(region, '') = ? and"
                        + " next_poll_at <= ? order by next_poll_at limit " + limit,
                this::target,
                WATCHED[0],
                WATCHED[1],
                WATCHED[2],
                projectId,
                region == null ? "" : region,
                now));
    }

    /** Every watched task of the project (in every region), by OMS task id. */
    public Map<Long, PollTarget> watched(String projectId) {
        return jdbc.read(c -> {
            Map<Long, PollTarget> targets = new HashMap<>();
            Jdbc.query(
                    c,
                    target() + " and project_id = ?",
                    rs -> targets.put(rs.getLong(2), target(rs)),
                    WATCHED[0],
                    WATCHED[1],
                    WATCHED[2],
                    projectId);
            return targets;
        });
    }

    /** Every watched task of the project in one region, by OMS task id: that region's listing covers them all. */
    public Map<Long, PollTarget> watched(String projectId, String region) {
        return jdbc.read(c -> {
            Map<Long, PollTarget> targets = new HashMap<>();
            Jdbc.query(
                    c,
                    target() + " and project_id = ? and coalesce(region, '') = ?",
                    rs -> targets.put(rs.getLong(2), target(rs)),
                    WATCHED[0],
                    WATCHED[1],
                    WATCHED[2],
                    projectId,
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
        return new PollTarget(
                rs.getString(1),
                rs.getLong(2),
                LedgerState.valueOf(rs.getString(3)),
                rs.getInt(4),
                rs.getLong(5),
                view == null ? 0 : progressOf(view));
    }

    /** Shown tasks that did not move: each one's next poll backs off (one transaction for them all). */
    public void recordUnchanged(List<PollTarget> targets, long now) {
        if (targets.isEmpty()) {
            return;
        }
        jdbc.inTransaction(c -> Jdbc.batch(
                c,
                "update bridge_request set polls_unchanged = ?, next_poll_at = ?"
                        + " where request_id = ? and state = ?",
                targets.stream()
                        .map(t -> new Object[] {
                            t.pollsUnchanged() + 1,
                            now + settings.interval(t.pollsUnchanged() + 1),
                            t.requestId(),
                            t.state().name()
                        })
                        .toList()));
    }

    /** Tasks whose counters moved in the same state: their rows, in one transaction; the next poll comes soon. */
    public void recordChanged(List<Change> changes, long now) {
        if (changes.isEmpty()) {
            return;
        }
        long written = clock.millis();
        List<Object[]> rows = changes.stream()
                .map(ch -> new Object[] {
                    ch.status(),
                    json(detail(ch.task())),
                    ch.viewHash(),
                    now + settings.interval(0),
                    written,
                    ch.target().requestId(),
                    ch.target().state().name()
                })
                .toList();
        jdbc.inTransaction(c -> Jdbc.batch(
                c,
                "update bridge_request set oms_status = ?, task_detail = ?,"
                        + " view_hash = ?, polls_unchanged = 0, next_poll_at = ?, updated_at = ? where request_id = ? and"
                        + " state = ?",
                rows));
    }

    private double progressOf(String view) {
        return tree(view).path("progress").asDouble(0);
    }

    /**
     * Records what OMS shows for the request's task, as {@code rules} read it against the task's row (read in this
     * transaction). Status, progress and counters are written only when they moved; the next poll backs off while
     * nothing moves. The transition's events are written in the same transaction, guarded on the old state so they
     * are written once.
     */
    public Applied applyTaskView(String requestId, long now, Function<Before, TaskTransition> rules) {
        return jdbc.inTransaction(c -> {
            Optional<LedgerRecord> found = find(c, requestId);
            if (found.isEmpty() || !found.get().state().inFlight()) {
                return Applied.NOT_WATCHED;
            }
            LedgerRecord old = found.get();
            TaskTransition t =
                    rules.apply(new Before(old.state(), old.taskDetail() == null ? 0 : progressOf(old.taskDetail())));
            int status = t.status();
            LedgerState state = t.state();
            String detail = json(detail(t.task()));
            boolean stateChange = state != old.state();
            boolean changed = stateChange
                    || !detail.equals(old.taskDetail())
                    || old.omsStatus() == null
                    || old.omsStatus() != status;
            if (!changed) {
                int unchanged = old.pollsUnchanged() + 1;
                Jdbc.update(
                        c,
                        "update bridge_request set polls_unchanged = ?, next_poll_at = ? where request_id = ?"
                                + " and state = ?",
                        unchanged,
                        now + settings.interval(unchanged),
                        requestId,
                        old.state().name());
                return Applied.UNCHANGED;
            }
            long written = clock.millis();
            int stopCount = old.stopCount() + (stateChange && state == LedgerState.STOPPED ? 1 : 0);
            Long completedAt = state.terminal() ? written : null;
            Long nextPoll = state.terminal() ? null : now + settings.interval(0);
            int n = Jdbc.update(
                    c,
                    "update bridge_request set state = ?, oms_status = ?, task_detail = ?,"
                            + " view_hash = ?, polls_unchanged = 0, next_poll_at = ?, stop_count = ?, completed_at = ?,"
                            + " updated_at = ? where request_id = ? and state = ?",
                    state.name(),
                    status,
                    detail,
                    t.viewHash(),
                    nextPoll,
                    stopCount,
                    completedAt,
                    written,
                    requestId,
                    old.state().name());
            if (n == 0) {
                return Applied.NOT_WATCHED;
            }
            JsonNode view = tree(detail);
            if (t.event() != null) {
                // each run of the task ends in a terminal event of its own (a retry starts the next run)
                insertEvent(
                        c,
                        switch (t.event()) {
                            case SUCCEEDED -> events.taskSucceeded(subject(old), view, completedAt, old.run() - 1);
                            case FAILED ->
                                events.taskFailed(
                                        subject(old),
                                        view,
                                        completedAt,
                                        t.errorCode(),
                                        t.errorMessage(),
                                        old.run() - 1);
                            case STOPPED -> events.taskStopped(subject(old), view, stopCount);
                            default -> throw new IllegalArgumentException("no task state change causes " + t.event());
                        },
                        old.replyTo(),
                        written);
            }
            if (t.progressStep() > 0) {
                insertEvent(
                        c,
                        events.taskProgress(subject(old), view, state, (old.run() - 1) * 1_000 + t.progressStep()),
                        old.replyTo(),
                        written);
            }
            return stateChange ? Applied.STATE_CHANGED : Applied.CHANGED;
        });
    }

    /** OMS no longer knows the task (OMS.1009): FAILED with that reason, and its event. False if not watched. */
    public boolean taskGone(String requestId, String code, String message) {
        return gone(requestId, code, message, (old, last, now) -> {
            // the last view is all there is, but its status is what OMS said before it forgot the task: not now
            last.remove("status");
            return events.taskFailed(subject(old), last, now, code, message, 0);
        });
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
            detail.putObject("error_reason")
                    .put("error_code", text(reason, "error_code"))
                    .put("error_msg", text(reason, "error_msg"));
        }
        // where OMS listed the objects that failed: a location, no secret
        FailedObjectList.of(task).putInto(detail);
        return detail;
    }

    private static String text(JsonNode node, String field) {
        JsonNode v = node.get(field);
        return v == null || v.isNull() ? null : v.asText();
    }
}
