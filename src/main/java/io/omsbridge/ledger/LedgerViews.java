package io.omsbridge.ledger;

import io.omsbridge.model.LedgerState;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Base64;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * What the API, the dashboard and the metrics read: requests page by page, newest first, one request with its events,
 * the counts by state and the outbox's backlog. Every read costs what it returns, not what the ledger has held: the
 * counts come from {@code bridge_state_count} (kept by triggers), the pages from the newest-first indexes, the
 * backlog from the outbox's pending index, the last hour from the indexes of submission and completion times.
 */
public final class LedgerViews {

    /** One page of requests and the cursor of the next one (null after the last page). */
    public record Page(List<LedgerRecord> requests, String next) {}

    /** An event of a request, as the outbox holds it. */
    public record EventRef(String eventId, String type, long createdAt, boolean published) {}

    /** The events not yet published everywhere, and when the oldest of them was written (null when none). */
    public record Backlog(long pending, Long oldestCreatedAt) {}

    /**
     * One minute of {@link #lastHour}, from {@code start} (epoch ms): the OMS tasks created in it, and the tasks that
     * ended in it (succeeded, failed, or deleted) with the bytes they had migrated when they ended (OMS's
     * {@code complete_size}; a task's bytes count in the minute it ended, however long it ran).
     */
    public record Minute(long start, long created, long finished, long succeeded, long failed, long bytes) {}

    /** How many minutes {@link #lastHour} gives. */
    public static final int HOUR_MINUTES = 60;

    static final long MINUTE_MILLIS = 60_000;

    /** Tasks created per epoch minute in [?, ?): a range of the submitted_at index. */
    static final String CREATED_PER_MINUTE = "select submitted_at / 60000, count(*) from bridge_request"
            + " where submitted_at >= ? and submitted_at < ? group by submitted_at / 60000";

    private final Jdbc jdbc;
    /** Tasks ended per epoch minute in [?, ?), succeeded, failed and their bytes: a range of the completed_at index. */
    final String finishedPerMinute;

    public LedgerViews(LedgerDatabase database) {
        this.jdbc = new Jdbc(database);
        this.finishedPerMinute = "select completed_at / 60000, count(*),"
                + " sum(case when state = 'SUCCEEDED' then 1 else 0 end),"
                + " sum(case when state = 'FAILED' then 1 else 0 end),"
                + " cast(coalesce(sum(" + database.jsonNumberSql("task_detail", "complete_size") + "), 0) as bigint)"
                + " from bridge_request where completed_at >= ? and completed_at < ?"
                + " and (task_id is not null or group_id is not null) group by completed_at / 60000";
    }

    /**
     * The hour up to {@code now} (the bridge's clock, as the ledger's times are written), minute by minute, oldest
     * first: the minute {@code now} falls in and the {@value #HOUR_MINUTES} - 1 before it, each one there, zero when
     * nothing happened. The database counts, over two index ranges: no row from outside the hour is read.
     */
    public List<Minute> lastHour(long now) {
        long end = Math.floorDiv(now, MINUTE_MILLIS) + 1;
        long first = end - HOUR_MINUTES;
        long[][] per = new long[HOUR_MINUTES][5];
        Object[] range = {first * MINUTE_MILLIS, end * MINUTE_MILLIS};
        jdbc.read(c -> {
            Jdbc.query(c, CREATED_PER_MINUTE, rs -> per[(int) (rs.getLong(1) - first)][0] = rs.getLong(2), range);
            return Jdbc.query(
                    c,
                    finishedPerMinute,
                    rs -> {
                        long[] minute = per[(int) (rs.getLong(1) - first)];
                        for (int i = 1; i < 5; i++) {
                            minute[i] = rs.getLong(i + 1);
                        }
                        return minute;
                    },
                    range);
        });
        List<Minute> minutes = new ArrayList<>(HOUR_MINUTES);
        for (int i = 0; i < HOUR_MINUTES; i++) {
            long[] m = per[i];
            minutes.add(new Minute((first + i) * MINUTE_MILLIS, m[0], m[1], m[2], m[3], m[4]));
        }
        return minutes;
    }

    /** How many requests are in each state; every state is in the map, most with 0. */
    public Map<LedgerState, Long> counts() {
        return jdbc.read(c -> {
            Map<LedgerState, Long> counts = new EnumMap<>(LedgerState.class);
            for (LedgerState state : LedgerState.values()) {
                counts.put(state, 0L);
            }
            Jdbc.query(
                    c,
                    "select state, sum(n) from bridge_state_count group by state",
                    rs -> counts.put(LedgerState.valueOf(rs.getString(1)), rs.getLong(2)));
            return counts;
        });
    }

    /**
     * Up to {@code limit} requests, newest first, in {@code state} (null: any), after the {@code cursor} a previous
     * page gave (null: from the newest).
     */
    public Page page(LedgerState state, int limit, String cursor) {
        Optional<Cursor> after = Cursor.parse(cursor);
        StringBuilder sql = new StringBuilder(LedgerTables.SELECT);
        List<Object> args = new ArrayList<>();
        String where = "where ";
        if (state != null) {
            sql.append(where).append("state = ? ");
            args.add(state.name());
            where = "and ";
        }
        if (after.isPresent()) {
            sql.append(where).append("(created_at < ? or (created_at = ? and request_id < ?)) ");
            args.add(after.get().createdAt());
            args.add(after.get().createdAt());
            args.add(after.get().requestId());
        }
        sql.append("order by created_at desc, request_id desc limit ").append(limit + 1);
        List<LedgerRecord> rows = jdbc.read(c -> Jdbc.query(c, sql.toString(), LedgerRecord::map, args.toArray()));
        if (rows.size() <= limit) {
            return new Page(rows, null);
        }
        LedgerRecord last = rows.get(limit - 1);
        return new Page(rows.subList(0, limit), new Cursor(last.createdAt(), last.requestId()).encode());
    }

    /** A cursor of {@link #page} is not one the ledger gave out. */
    public static final class BadCursorException extends RuntimeException {
        BadCursorException(String cursor) {
            super("after: not a cursor this API gave out: '"
                    + (cursor.length() > 40 ? cursor.substring(0, 40) + "..." : cursor) + "'");
        }
    }

    public Optional<LedgerRecord> find(String requestId) {
        return jdbc.read(c -> LedgerTables.find(c, requestId));
    }

    /** The events of a request, oldest first. */
    public List<EventRef> events(String requestId) {
        return jdbc.read(c -> Jdbc.query(
                c,
                "select event_id, type, created_at, published_at from bridge_event where"
                        + " request_id = ? order by created_at, event_id",
                rs -> {
                    String id = rs.getString(1);
                    String type = rs.getString(2);
                    long created = rs.getLong(3);
                    rs.getLong(4);
                    return new EventRef(id, type, created, !rs.wasNull());
                },
                requestId));
    }

    public Backlog backlog() {
        return jdbc.read(c -> Jdbc.query(
                        c, "select count(*), min(created_at) from bridge_event where published_at" + " is null", rs -> {
                            long pending = rs.getLong(1);
                            long oldest = rs.getLong(2);
                            return new Backlog(pending, rs.wasNull() ? null : oldest);
                        })
                .get(0));
    }

    /** Where a page ended: the last request's creation time and id, as an opaque token. */
    private record Cursor(long createdAt, String requestId) {

        String encode() {
            return Base64.getUrlEncoder()
                    .withoutPadding()
                    .encodeToString((createdAt + ":" + requestId).getBytes(StandardCharsets.UTF_8));
        }

        static Optional<Cursor> parse(String cursor) {
            if (cursor == null || cursor.isEmpty()) {
                return Optional.empty();
            }
            try {
                String text = new String(Base64.getUrlDecoder().decode(cursor), StandardCharsets.UTF_8);
                int colon = text.indexOf(':');
                return Optional.of(new Cursor(Long.parseLong(text.substring(0, colon)), text.substring(colon + 1)));
            } catch (IllegalArgumentException | StringIndexOutOfBoundsException e) {
                throw new BadCursorException(cursor);
            }
        }
    }
}
