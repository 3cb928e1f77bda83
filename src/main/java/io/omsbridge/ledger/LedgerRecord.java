package io.omsbridge.ledger;

import io.omsbridge.model.LedgerState;
import io.omsbridge.model.RequestSource;
import java.sql.ResultSet;
import java.sql.SQLException;

/**
 * One request as the ledger holds it (secrets stay sealed). {@code heldSince} (the ledger's clock) is set while the
 * request is held because the search for a task an earlier attempt may have made could not be completed; {@code run}
 * counts the runs of its task (a retry starts the next); {@code groupId} is set instead of {@code taskId} for a task
 * group; {@code region} is the destination region, whose OMS has the task when regions are configured.
 */
public record LedgerRecord(
        String requestId,
        RequestSource source,
        String origin,
        String replyTo,
        String projectId,
        String body,
        String sealedSecrets,
        LedgerState state,
        Long taskId,
        String taskName,
        Integer omsStatus,
        String taskDetail,
        int attempts,
        String lastError,
        Long nextPollAt,
        int pollsUnchanged,
        int stopCount,
        long createdAt,
        Long submittedAt,
        Long completedAt,
        Long heldSince,
        int run,
        String groupId,
        String region) {

    static final String COLUMNS = "request_id, source, origin, reply_to, project_id, body, secrets, state, task_id, "
            + "task_name, oms_status, task_detail, attempts, last_error, next_poll_at, polls_unchanged, stop_count, "
            + "created_at, submitted_at, completed_at, held_since, run, group_id, region";

    static LedgerRecord map(ResultSet rs) throws SQLException {
        return new LedgerRecord(
                rs.getString("request_id"),
                RequestSource.valueOf(rs.getString("source")),
                rs.getString("origin"),
                rs.getString("reply_to"),
                rs.getString("project_id"),
                rs.getString("body"),
                rs.getString("secrets"),
                LedgerState.valueOf(rs.getString("state")),
                Jdbc.longOrNull(rs, "task_id"),
                rs.getString("task_name"),
                Jdbc.intOrNull(rs, "oms_status"),
                rs.getString("task_detail"),
                rs.getInt("attempts"),
                rs.getString("last_error"),
                Jdbc.longOrNull(rs, "next_poll_at"),
                rs.getInt("polls_unchanged"),
                rs.getInt("stop_count"),
                rs.getLong("created_at"),
                Jdbc.longOrNull(rs, "submitted_at"),
                Jdbc.longOrNull(rs, "completed_at"),
                Jdbc.longOrNull(rs, "held_since"),
                rs.getInt("run"),
                rs.getString("group_id"),
                rs.getString("region"));
    }

    /** A task group's request (followed by its group id) rather than a single task's. */
    public boolean group() {
        return groupId != null;
    }
}
