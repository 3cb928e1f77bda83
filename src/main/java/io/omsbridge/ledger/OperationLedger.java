package io.omsbridge.ledger;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.omsbridge.event.EventFactory;
import io.omsbridge.model.EventType;
import io.omsbridge.model.LedgerState;
import io.omsbridge.model.Operation;
import io.omsbridge.model.PassIds;
import java.sql.Connection;
import java.sql.SQLException;
import java.time.Clock;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * The operations recorded on migrations ({@code bridge_operation}), as the operate route applies them: claimed under
 * a lease on the ledger's clock (like a request's submission), then applied once, refused, failed with OMS's answer,
 * or put off. Applying one changes its migration in the same transaction and writes the event that says so:
 * {@code oms.task.resumed}, {@code oms.task.retried} (a new run), {@code oms.task.deleted}; a stop is seen by the
 * poll, which writes {@code oms.task.stopped}.
 */
public final class OperationLedger extends LedgerTables {

    /** How the report of an operation on a migration the ledger does not know begins (the API answers it 404). */
    public static final String UNKNOWN_MIGRATION = "no migration ";

    public static final String PENDING = "PENDING";
    public static final String APPLIED = "APPLIED";
    public static final String REFUSED = "REFUSED";
    public static final String FAILED = "FAILED";

    /** The right to apply one operation, for one attempt. */
    public record OperationClaim(
            String operationId,
            String requestId,
            Operation operation,
            boolean failedOnly,
            String aliases,
            String sealedSecrets,
            int attempt,
            String arguments) {}

    /** An operation as the API shows it. */
    public record OperationRow(
            String operationId,
            Operation operation,
            boolean failedOnly,
            String state,
            String result,
            long createdAt,
            Long appliedAt) {}

    private final SecretBox secrets;
    private final String nodeId;
    private final long leaseMillis;

    public OperationLedger(
            LedgerDatabase database,
            ObjectMapper mapper,
            EventFactory events,
            SecretBox secrets,
            Clock clock,
            String nodeId,
            long leaseMillis) {
        super(database, mapper, events, clock);
        this.secrets = secrets;
        this.nodeId = nodeId;
        this.leaseMillis = leaseMillis;
    }

    /** Claims the operations due now (new ones, put-off ones, and those a crashed node left), oldest first. */
    public List<OperationClaim> due(int limit) {
        return jdbc.inTransaction(c -> {
            long now = jdbc.now(c);
            List<OperationClaim> due = Jdbc.query(
                    c,
                    "select operation_id, request_id, operation, failed_only,"
                            + " aliases, secrets, attempts, arguments from bridge_operation where state = ? and"
                            + " next_attempt_at <= ? and (lease_until is null or lease_until < ?) order by next_attempt_at,"
                            + " operation_id limit " + limit,
                    rs -> new OperationClaim(
                            rs.getString(1),
                            rs.getString(2),
                            Operation.valueOf(rs.getString(3)),
                            rs.getBoolean(4),
                            rs.getString(5),
                            rs.getString(6),
                            rs.getInt(7) + 1,
                            rs.getString(8)),
                    PENDING,
                    now,
                    now);
            List<OperationClaim> claimed = new ArrayList<>(due.size());
            for (OperationClaim claim : due) {
                if (Jdbc.update(
                                c,
                                "update bridge_operation set attempts = ?, lease_owner = ?, lease_until = ? where"
                                        + " operation_id = ? and state = ? and attempts = ?",
                                claim.attempt(),
                                nodeId,
                                now + leaseMillis,
                                claim.operationId(),
                                PENDING,
                                claim.attempt() - 1)
                        == 1) {
                    claimed.add(claim);
                }
            }
            return claimed;
        });
    }

    /**
     * At start: the operations this node was applying are due again (it just started, so none is being applied);
     * their attempt count says an earlier attempt may have reached OMS.
     */
    public int recoverOwn() {
        return jdbc.inTransaction(c -> Jdbc.update(
                c,
                "update bridge_operation set lease_owner = null, lease_until ="
                        + " null, next_attempt_at = ? where state = ? and lease_owner = ?",
                jdbc.now(c),
                PENDING,
                nodeId));
    }

    /** The migration an operation acts on, as the ledger holds it now. */
    public Optional<LedgerRecord> migration(OperationClaim claim) {
        return jdbc.read(c -> find(c, claim.requestId()));
    }

    /** The inline keys the operation gave ({@code {"src_node":{"ak":..,"sk":..}}}), or null. */
    public JsonNode openSecrets(OperationClaim claim) throws Exception {
        return claim.sealedSecrets() == null
                ? null
                : mapper.readTree(secrets.unseal(claim.sealedSecrets(), claim.operationId()));
    }

    /**
     * OMS did it (or had done it already): the operation is APPLIED, its keys dropped, and its migration moves on
     * with its event, in one transaction. False when the claim was no longer current (nothing written).
     */
    public boolean applied(OperationClaim claim, String result) {
        return jdbc.inTransaction(c -> {
            long now = clock.millis();
            if (!finish(c, claim, APPLIED, result, now)) {
                return false;
            }
            Optional<LedgerRecord> found = find(c, claim.requestId());
            if (found.isPresent()) {
                moveOn(c, claim, found.get(), now);
            }
            return true;
        });
    }

    /** The bridge will not apply it: the migration's state no longer allows it. */
    public boolean refused(OperationClaim claim, String why) {
        return jdbc.inTransaction(c -> finish(c, claim, REFUSED, why, clock.millis()));
    }

    /** OMS refused it for good (its error code and message). */
    public boolean failed(OperationClaim claim, String code, String message) {
        return jdbc.inTransaction(c -> finish(c, claim, FAILED, code + ": " + message, clock.millis()));
    }

    /** OMS could not be asked now (no answer, 5xx, throttled): tried again after {@code delayMillis}. */
    public void later(OperationClaim claim, String why, long delayMillis) {
        jdbc.inTransaction(c -> Jdbc.update(
                c,
                "update bridge_operation set lease_owner = null, lease_until = null,"
                        + " next_attempt_at = ?, result = ? where operation_id = ? and state = ? and attempts = ?",
                jdbc.now(c) + delayMillis,
                truncate(why),
                claim.operationId(),
                PENDING,
                claim.attempt()));
    }

    /** The operations on one migration, its passes' included (a stop or a bandwidth acts on the pass that runs). */
    public List<OperationRow> of(String requestId) {
        String passes = PassIds.laterPassesPrefix(requestId);
        return jdbc.read(c -> Jdbc.query(
                c,
                "select operation_id, operation, failed_only, state, result, created_at, applied_at from"
                        + " bridge_operation where request_id = ? or substr(request_id, 1, ?) = ?"
                        + " order by created_at, operation_id",
                rs -> new OperationRow(
                        rs.getString(1),
                        Operation.valueOf(rs.getString(2)),
                        rs.getBoolean(3),
                        rs.getString(4),
                        rs.getString(5),
                        rs.getLong(6),
                        Jdbc.longOrNull(rs, "applied_at")),
                requestId,
                passes.length(),
                passes));
    }

    private boolean finish(Connection c, OperationClaim claim, String state, String result, long now)
            throws SQLException {
        return Jdbc.update(
                        c,
                        "update bridge_operation set state = ?, result = ?, secrets = null, lease_owner ="
                                + " null, lease_until = null, applied_at = ? where operation_id = ? and state = ? and attempts = ?",
                        state,
                        truncate(result),
                        now,
                        claim.operationId(),
                        PENDING,
                        claim.attempt())
                == 1;
    }

    /** What an applied operation does to its migration, and the event that says so. */
    private void moveOn(Connection c, OperationClaim claim, LedgerRecord r, long now) throws SQLException {
        JsonNode view = tree(r.taskDetail());
        switch (claim.operation()) {
            case STOP ->
                Jdbc.update(
                        c,
                        "update bridge_request set next_poll_at = ?, polls_unchanged = 0 where"
                                + " request_id = ? and state in (?, ?)",
                        now,
                        r.requestId(),
                        LedgerState.SUBMITTED.name(),
                        LedgerState.RUNNING.name());
            case START -> {
                Jdbc.update(
                        c,
                        "update bridge_request set state = ?, next_poll_at = ?, polls_unchanged = 0,"
                                + " updated_at = ? where request_id = ? and state = ?",
                        LedgerState.SUBMITTED.name(),
                        now,
                        now,
                        r.requestId(),
                        LedgerState.STOPPED.name());
                // the resume after the n-th stop: its own event id
                insertEvent(
                        c,
                        events.taskResumed(subject(r), view, r.stopCount(), extra(claim, r, null)),
                        r.replyTo(),
                        now);
            }
            case RETRY -> {
                int run = r.run() + 1;
                if (Jdbc.update(
                                c,
                                "update bridge_request set state = ?, run = ?, completed_at = null, view_hash ="
                                        + " null, next_poll_at = ?, polls_unchanged = 0, updated_at = ? where request_id = ? and"
                                        + " state = ?",
                                LedgerState.SUBMITTED.name(),
                                run,
                                now,
                                now,
                                r.requestId(),
                                LedgerState.FAILED.name())
                        == 1) {
                    insertEvent(
                            c,
                            events.taskRetried(subject(r).inRun(run), view, run, extra(claim, r, null)),
                            r.replyTo(),
                            now);
                }
            }
            case DELETE -> {
                boolean endsRun = !r.state().terminal();
                if (Jdbc.update(
                                c,
                                "update bridge_request set state = ?, next_poll_at = null, completed_at = ?,"
                                        + " updated_at = ? where request_id = ? and state = ?",
                                LedgerState.DELETED.name(),
                                endsRun || r.completedAt() == null ? now : r.completedAt(),
                                now,
                                r.requestId(),
                                r.state().name())
                        == 1) {
                    ObjectNode endsRunToo = mapper.createObjectNode().put("ends_run", endsRun);
                    insertEvent(
                            c,
                            events.taskDeleted(subject(r), view, now, 0, extra(claim, r, endsRunToo)),
                            r.replyTo(),
                            now);
                }
            }
            // the task runs on as it did, with its new setting: no state changes, the event says what was set
            case BANDWIDTH, PRIORITY ->
                insertEvent(
                        c,
                        events.taskSettingChanged(
                                claim.operation() == Operation.BANDWIDTH
                                        ? EventType.THROTTLED
                                        : EventType.REPRIORITISED,
                                subject(r),
                                view,
                                r.state(),
                                appliedBefore(c, claim),
                                extra(claim, r, (ObjectNode) tree(claim.arguments()))),
                        r.replyTo(),
                        now);
        }
    }

    /** How many operations of this kind were applied to the migration, this one included: the event's occurrence. */
    private static int appliedBefore(Connection c, OperationClaim claim) throws SQLException {
        return Jdbc.query(
                        c,
                        "select count(*) from bridge_operation where request_id = ? and operation = ? and"
                                + " state = ?",
                        rs -> rs.getInt(1),
                        claim.requestId(),
                        claim.operation().name(),
                        APPLIED)
                .get(0);
    }

    /** What an operation's event adds to the data: the operation, the group, whether only failed objects are retried.
     * */
    private ObjectNode extra(OperationClaim claim, LedgerRecord r, ObjectNode extra) {
        ObjectNode more = extra == null ? mapper.createObjectNode() : extra;
        more.put("operation_id", claim.operationId());
        if (r.group()) {
            more.put("group_id", r.groupId());
        }
        if (claim.operation() == Operation.RETRY) {
            more.put("failed_objects_only", claim.failedOnly());
        }
        return more;
    }
}
