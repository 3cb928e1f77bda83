package io.omsbridge.ledger;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.omsbridge.event.EventFactory;
import io.omsbridge.model.EventType;
import io.omsbridge.model.LedgerState;
import io.omsbridge.model.PassIds;
import io.omsbridge.request.PassPlan;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Clock;
import java.util.List;
import java.util.Optional;

/**
 * The passes of migrations that asked for them: each schedule row, and the step that moves one on. A step is one
 * transaction: it takes the end of the newest pass into account (where the next one copies from, how many passes in a
 * row copied nothing, whether the migration is over) and, when the next pass is due, records it as a new request row
 * due for submission. Every write is conditional on the pass it saw, so however often a step runs, or wherever it
 * stops, no pass is skipped and none is made twice.
 */
public final class PassLedger extends LedgerTables {

    /** How a schedule ended: COMPLETED (the cutover pass succeeded, or until came), STOPPED (by the operation). */
    public static final String COMPLETED = "COMPLETED";

    public static final String STOPPED = "STOPPED";
    /** The overwrite rule a later pass uses on OMS API v2 unless the request names one: unchanged objects are skipped.
     * */
    public static final String SKIP_UNCHANGED = "SIZE_LAST_MODIFIED_COMPARISON_OVERWRITE";

    /** A migration's schedule as the ledger holds it. */
    public record Schedule(
            String migrationId,
            PassPlan plan,
            int pass,
            int settled,
            Long sinceSeconds,
            int quietRun,
            Long nextAt,
            Long cutoverAt,
            Integer cutoverPass,
            Long endedAt,
            String endedHow) {

        public boolean ended() {
            return endedAt != null;
        }
    }

    /** What a step did. */
    public enum Step {
        /** the newest pass is still under way, or the next is not due yet */
        WAITING,
        /** the next pass was recorded, due for submission now */
        PASS_RECORDED,
        /** the migration is over */
        ENDED
    }

    private static final String COLUMNS = "select migration_id, every, until_at, quiet_after, pass, settled,"
            + " since_seconds, quiet_run, next_at, cutover_at, cutover_pass, ended_at, ended_how from"
            + " bridge_pass_schedule ";

    private final long marginSeconds;
    private final boolean v2;

    /**
     * {@code marginSeconds}: how far before the start of the pass before a pass reaches back ({@code migrate_since});
     * {@code v2}: tasks are made with OMS API v2, where a later pass skips unchanged objects by
     * {@link #SKIP_UNCHANGED}.
     */
    public PassLedger(
            LedgerDatabase database,
            ObjectMapper mapper,
            EventFactory events,
            Clock clock,
            long marginSeconds,
            boolean v2) {
        super(database, mapper, events, clock);
        this.marginSeconds = marginSeconds;
        this.v2 = v2;
    }

    /** Within the accept transaction of a request with {@code passes}: its schedule, the request being pass 1. */
    static void open(Connection c, String migrationId, JsonNode passes, long now) throws SQLException {
        PassPlan plan = PassPlan.of(passes);
        Jdbc.update(
                c,
                "update bridge_request set migration_id = ?, pass = 1 where request_id = ?",
                migrationId,
                migrationId);
        Jdbc.update(c, "delete from bridge_pass_schedule where migration_id = ?", migrationId);
        Jdbc.update(
                c,
                "insert into bridge_pass_schedule (migration_id, every, until_at, quiet_after, pass, settled,"
                        + " quiet_run, created_at) values (?,?,?,?,1,0,0,?)",
                migrationId,
                plan.every(),
                plan.untilMillis(),
                plan.quietAfter(),
                now);
    }

    static Optional<Schedule> schedule(Connection c, String migrationId) throws SQLException {
        return Jdbc.query(c, COLUMNS + "where migration_id = ?", PassLedger::map, migrationId).stream()
                .findFirst();
    }

    /** A cutover: the next pass is the final one and starts as soon as the running one ends (at once if none runs). */
    static void cutover(Connection c, String migrationId, long now) throws SQLException {
        Jdbc.update(
                c,
                "update bridge_pass_schedule set cutover_at = coalesce(cutover_at, ?) where migration_id = ?"
                        + " and ended_at is null",
                now,
                migrationId);
    }

    /** A stop: no pass after the running one (which the stop halts, if it runs). */
    static void stop(Connection c, String migrationId, long now) throws SQLException {
        Jdbc.update(
                c,
                "update bridge_pass_schedule set ended_at = ?, ended_how = ? where migration_id = ? and"
                        + " ended_at is null",
                now,
                STOPPED,
                migrationId);
    }

    public Optional<Schedule> schedule(String migrationId) {
        return jdbc.read(c -> schedule(c, migrationId));
    }

    /** The migrations whose passes go on. */
    public List<String> open() {
        return jdbc.read(c -> Jdbc.query(
                c,
                "select migration_id from bridge_pass_schedule where ended_at is null" + " order by migration_id",
                rs -> rs.getString(1)));
    }

    /** Every pass of a migration, the first first. */
    public List<LedgerRecord> passes(String migrationId) {
        return jdbc.read(
                c -> Jdbc.query(c, SELECT + "where migration_id = ? order by pass", LedgerRecord::map, migrationId));
    }

    /** One step of a migration's passes (see the class comment). */
    public Step step(String migrationId) {
        return jdbc.inTransaction(c -> {
            Optional<Schedule> found = schedule(c, migrationId);
            if (found.isEmpty() || found.get().ended()) {
                return Step.ENDED;
            }
            Schedule s = found.get();
            LedgerRecord newest = find(c, PassIds.of(migrationId, s.pass()))
                    .orElseThrow(() -> new SQLException(
                            "pass " + s.pass() + " of migration " + migrationId + " is missing from the ledger"));
            long now = clock.millis();
            Long since = s.sinceSeconds();
            int quietRun = s.quietRun();
            Long nextAt = s.nextAt();
            Integer cutoverPass = s.cutoverPass();
            if (s.settled() < s.pass()) {
                if (!ended(newest.state())) {
                    return Step.WAITING;
                }
                JsonNode view = tree(newest.taskDetail());
                boolean succeeded = newest.state() == LedgerState.SUCCEEDED;
                if (succeeded) {
                    // OMS's own start of the pass, so this bridge's clock does not matter; floored, less the margin
                    long start = view.path("start_time").asLong(0) > 0
                            ? view.path("start_time").asLong()
                            : newest.submittedAt();
                    since = Math.max(1, start / 1000 - marginSeconds);
                    quietRun = view.path("success_num").asLong(0) == 0 ? quietRun + 1 : 0;
                }
                nextAt = s.plan().nextAfter(newest.createdAt());
                if (!succeeded && Integer.valueOf(s.pass()).equals(cutoverPass)) {
                    // the final pass failed: the next one is the final one again
                    cutoverPass = null;
                }
                Jdbc.update(
                        c,
                        "update bridge_pass_schedule set settled = ?, since_seconds = ?, quiet_run = ?,"
                                + " next_at = ?, cutover_pass = ? where migration_id = ? and settled = ?",
                        s.pass(),
                        since,
                        quietRun,
                        nextAt,
                        cutoverPass,
                        migrationId,
                        s.settled());
                if (succeeded
                        && s.plan().quietAfter() != null
                        && quietRun == s.plan().quietAfter()) {
                    migrationEvent(
                            c,
                            EventType.MIGRATION_QUIET,
                            migrationId,
                            s.pass(),
                            mapper.createObjectNode()
                                    .put("quiet_passes", quietRun)
                                    .put("migrate_since", since),
                            now);
                }
                if (succeeded && Integer.valueOf(s.pass()).equals(cutoverPass)) {
                    return end(c, migrationId, s.pass(), "cutover", now);
                }
            }
            if (s.plan().untilMillis() != null && now >= s.plan().untilMillis() && s.cutoverAt() == null) {
                return end(c, migrationId, s.pass(), "until", now);
            }
            if (s.cutoverAt() == null && nextAt != null && nextAt > now) {
                return Step.WAITING;
            }
            int next = s.pass() + 1;
            LedgerRecord first = find(c, migrationId)
                    .orElseThrow(() -> new SQLException("migration " + migrationId + " is missing from the ledger"));
            ObjectNode body = (ObjectNode) tree(first.body());
            body.put("pass", next);
            if (since != null) {
                body.put("migrate_since", since);
            }
            if (v2 && !body.has("object_overwrite_mode")) {
                body.put("object_overwrite_mode", SKIP_UNCHANGED);
            }
            if (Jdbc.update(
                            c,
                            "update bridge_pass_schedule set pass = ?, cutover_pass = ? where migration_id = ? and"
                                    + " pass = ? and ended_at is null",
                            next,
                            s.cutoverAt() != null ? next : null,
                            migrationId,
                            s.pass())
                    == 0) {
                return Step.WAITING;
            }
            long ledgerNow = jdbc.now(c);
            // a pass goes to its migration's region (the first pass's row holds it)
            Jdbc.update(
                    c,
                    "insert into bridge_request (request_id, source, origin, project_id, region, body, state,"
                            + " attempts, next_attempt_at, migration_id, pass, created_at, updated_at) values"
                            + " (?,?,?,?,(select region from bridge_request where request_id = ?),?,?,0,?,?,?,?,?)",
                    PassIds.of(migrationId, next),
                    first.source().name(),
                    first.origin(),
                    first.projectId(),
                    migrationId,
                    json(body),
                    LedgerState.RECEIVED.name(),
                    ledgerNow,
                    migrationId,
                    next,
                    now,
                    now);
            return Step.PASS_RECORDED;
        });
    }

    /** A pass that has ended for good (a stopped one may still go on). */
    private static boolean ended(LedgerState state) {
        return state == LedgerState.SUCCEEDED
                || state == LedgerState.FAILED
                || state == LedgerState.SUBMIT_FAILED
                || state == LedgerState.DELETED;
    }

    private Step end(Connection c, String migrationId, int pass, String how, long now) throws SQLException {
        if (Jdbc.update(
                        c,
                        "update bridge_pass_schedule set ended_at = ?, ended_how = ? where migration_id = ? and"
                                + " ended_at is null",
                        now,
                        COMPLETED,
                        migrationId)
                == 1) {
            ObjectNode extra = mapper.createObjectNode().put("ended_by", how).put("passes", pass);
            extra.set("totals", totals(c, migrationId));
            migrationEvent(c, EventType.MIGRATION_COMPLETED, migrationId, pass, extra, now);
        }
        return Step.ENDED;
    }

    /** What every pass of the migration did, added up: passes by outcome, objects and bytes. */
    private ObjectNode totals(Connection c, String migrationId) throws SQLException {
        ObjectNode totals = mapper.createObjectNode();
        long[] sums = new long[6];
        int[] outcomes = new int[2];
        List<String> fields =
                List.of("total_num", "success_num", "fail_num", "skip_num", "total_size", "complete_size");
        Jdbc.query(
                c,
                "select state, task_detail from bridge_request where migration_id = ?",
                rs -> {
                    JsonNode view = tree(rs.getString(2));
                    for (int i = 0; i < fields.size(); i++) {
                        sums[i] += view.path(fields.get(i)).asLong(0);
                    }
                    outcomes[LedgerState.SUCCEEDED.name().equals(rs.getString(1)) ? 0 : 1]++;
                    return null;
                },
                migrationId);
        totals.put("passes_succeeded", outcomes[0]).put("passes_not_succeeded", outcomes[1]);
        for (int i = 0; i < fields.size(); i++) {
            totals.put(fields.get(i), sums[i]);
        }
        return totals;
    }

    private void migrationEvent(Connection c, EventType type, String migrationId, int pass, ObjectNode extra, long now)
            throws SQLException {
        LedgerRecord first = find(c, migrationId).orElseThrow();
        extra.put("pass", pass).put("migration_id", migrationId);
        EventFactory.Subject subject = subject(first);
        insertEvent(
                c,
                type == EventType.MIGRATION_COMPLETED
                        ? events.migrationCompleted(subject, now, extra)
                        : events.migrationQuiet(subject, pass, extra),
                null,
                now);
    }

    private static Schedule map(ResultSet rs) throws SQLException {
        return new Schedule(
                rs.getString(1),
                new PassPlan(rs.getString(2), Jdbc.longOrNull(rs, "until_at"), Jdbc.intOrNull(rs, "quiet_after")),
                rs.getInt(5),
                rs.getInt(6),
                Jdbc.longOrNull(rs, "since_seconds"),
                rs.getInt(8),
                Jdbc.longOrNull(rs, "next_at"),
                Jdbc.longOrNull(rs, "cutover_at"),
                Jdbc.intOrNull(rs, "cutover_pass"),
                Jdbc.longOrNull(rs, "ended_at"),
                rs.getString(13));
    }
}
