package io.omsbridge.ledger;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.omsbridge.model.AcceptOutcome;
import io.omsbridge.model.FailedObjectList;
import io.omsbridge.model.LedgerState;
import io.omsbridge.model.Operation;
import io.omsbridge.model.OperationRequest;
import io.omsbridge.model.PassIds;
import io.omsbridge.model.Problem;
import io.omsbridge.model.ProblemCode;
import io.omsbridge.model.ReceivedRequest;
import java.io.IOException;
import java.sql.Connection;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * Records an operation request in the accept transaction of its input: once by its {@code operation_id} (a resend is a
 * duplicate), and only if the migration exists, passes the operation's rule ({@link Operation#refusal}: its state, and
 * for a retry of the failed objects only, OMS's list of them), and, for a start or retry of a migration created with
 * inline keys, the operation gives keys again for each such side. Refusals name the field and why; nothing is asked of
 * OMS until the operate route applies it.
 */
final class OperationAcceptance {

    private static final ObjectMapper JSON = new ObjectMapper();

    private final SecretBox secrets;

    OperationAcceptance(SecretBox secrets) {
        this.secrets = secrets;
    }

    AcceptOutcome accept(Connection c, ReceivedRequest in, long now, long ledgerNow) throws SQLException {
        if (!in.valid()) {
            // "" and not null: the outcome is still an operation's, whose migration is unknown
            return new AcceptOutcome(
                    in.requestId(),
                    AcceptOutcome.Kind.REJECTED,
                    in.problems(),
                    null,
                    null,
                    null,
                    in.migrationId() == null ? "" : in.migrationId());
        }
        OperationRequest op = in.operation();
        List<String> known = Jdbc.query(
                c,
                "select state from bridge_operation where operation_id = ?",
                rs -> rs.getString(1),
                op.operationId());
        Optional<LedgerRecord> migration = LedgerTables.find(c, op.requestId());
        if (!known.isEmpty()) {
            return new AcceptOutcome(
                    op.operationId(),
                    AcceptOutcome.Kind.DUPLICATE,
                    List.of(new Problem(
                            op.operationId(),
                            in.line(),
                            "operation_id",
                            "duplicate: operation " + op.operationId() + " was" + " already received (" + known.get(0)
                                    + ")")),
                    migration.map(LedgerRecord::state).orElse(null),
                    migration.map(LedgerRecord::taskId).orElse(null),
                    null,
                    op.requestId());
        }
        if (migration.isEmpty()) {
            return refused(
                    op,
                    "request_id",
                    OperationLedger.UNKNOWN_MIGRATION + op.requestId() + " in the ledger",
                    null,
                    ProblemCode.UNKNOWN_MIGRATION);
        }
        LedgerRecord r = migration.get();
        Optional<PassLedger.Schedule> passes = PassLedger.schedule(c, r.requestId());
        if (op.operation() == Operation.CUTOVER
                || op.operation() == Operation.STOP
                        && passes.isPresent()
                        && !passes.get().ended()) {
            return passes(c, in, op, r, passes, now, ledgerNow);
        }
        if (op.operation().changesSetting() && passes.isPresent()) {
            // a bandwidth or a priority is the current pass's: the migration's own row is pass 1, long ended
            r = LedgerTables.find(c, PassIds.of(r.requestId(), passes.get().pass()))
                    .orElse(r);
        }
        Operation.Refusal refusal = op.operation()
                .refusal(r.requestId(), r.state(), op.failedObjectsOnly(), FailedObjectList.ofDetail(r.taskDetail()));
        if (refusal != null) {
            return refused(op, refusal.field(), refusal.message(), r, ProblemCode.STATE_CONFLICT);
        }
        if (op.operation().needsKeys()) {
            List<Problem> missing = missingKeys(op, r);
            if (!missing.isEmpty()) {
                return new AcceptOutcome(
                        op.operationId(),
                        AcceptOutcome.Kind.REJECTED,
                        missing,
                        r.state(),
                        r.taskId(),
                        null,
                        op.requestId());
            }
        }
        String sealed = op.secrets() == null ? null : secrets.seal(json(op.secrets()), op.operationId());
        Jdbc.update(
                c,
                "insert into bridge_operation (operation_id, request_id, operation, failed_only, aliases,"
                        + " secrets, arguments, state, source, origin, next_attempt_at, created_at) values"
                        + " (?,?,?,?,?,?,?,?,?,?,?,?)",
                op.operationId(),
                r.requestId(),
                op.operation().name(),
                op.failedObjectsOnly(),
                op.aliases() == null ? null : json(op.aliases()),
                sealed,
                op.arguments() == null ? null : json(op.arguments()),
                OperationLedger.PENDING,
                in.source().name(),
                in.origin(),
                ledgerNow,
                now);
        return new AcceptOutcome(
                op.operationId(), AcceptOutcome.Kind.ACCEPTED, List.of(), r.state(), r.taskId(), null, op.requestId());
    }

    /**
     * A cutover or a stop of a migration in passes: the ledger records it on the schedule at once. A stop also halts
     * the running pass's task (recorded as an operation on that pass, for the operate route); a pass not yet running
     * goes on to its end, and no pass comes after it.
     */
    private static AcceptOutcome passes(
            Connection c,
            ReceivedRequest in,
            OperationRequest op,
            LedgerRecord r,
            Optional<PassLedger.Schedule> passes,
            long now,
            long ledgerNow)
            throws SQLException {
        String id = r.requestId();
        if (passes.isEmpty()) {
            return refused(
                    op,
                    "operation",
                    Operation.REFUSED + "cutover migration " + id + ": it was not made in"
                            + " passes (a request with \"passes\"), so there is no final pass to ask for",
                    r,
                    ProblemCode.STATE_CONFLICT);
        }
        if (passes.get().ended()) {
            return refused(
                    op,
                    "state",
                    Operation.REFUSED + "cutover migration " + id + ": its passes have ended ("
                            + passes.get().endedHow() + ")",
                    r,
                    ProblemCode.STATE_CONFLICT);
        }
        String target = id;
        String state = OperationLedger.APPLIED;
        String result;
        if (op.operation() == Operation.CUTOVER) {
            PassLedger.cutover(c, id, now);
            result = "the next pass is the final one";
        } else {
            PassLedger.stop(c, id, now);
            LedgerRecord current =
                    LedgerTables.find(c, PassIds.of(id, passes.get().pass())).orElse(r);
            if (current.state() == LedgerState.RUNNING) {
                target = current.requestId();
                state = OperationLedger.PENDING;
                result = null;
            } else {
                result = "no pass after pass " + passes.get().pass() + ", which is " + current.state();
            }
        }
        Jdbc.update(
                c,
                "insert into bridge_operation (operation_id, request_id, operation, failed_only, state, result,"
                        + " source, origin, next_attempt_at, created_at, applied_at) values (?,?,?,?,?,?,?,?,?,?,?)",
                op.operationId(),
                target,
                op.operation().name(),
                false,
                state,
                result,
                in.source().name(),
                in.origin(),
                ledgerNow,
                now,
                result == null ? null : now);
        return new AcceptOutcome(
                op.operationId(), AcceptOutcome.Kind.ACCEPTED, List.of(), r.state(), r.taskId(), null, id);
    }

    private static String json(JsonNode node) {
        try {
            return JSON.writeValueAsString(node);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("a parsed tree always serializes", e);
        }
    }

    private static AcceptOutcome refused(
            OperationRequest op, String field, String message, LedgerRecord r, ProblemCode code) {
        return new AcceptOutcome(
                op.operationId(),
                AcceptOutcome.Kind.REJECTED,
                List.of(new Problem(op.operationId(), null, field, message)),
                r == null ? null : r.state(),
                r == null ? null : r.taskId(),
                null,
                op.requestId(),
                code);
    }

    /** A side created with inline keys (no credential alias in the stored body) needs keys in the operation. */
    private static List<Problem> missingKeys(OperationRequest op, LedgerRecord r) throws SQLException {
        List<Problem> problems = new ArrayList<>();
        JsonNode body;
        try {
            body = JSON.readTree(r.body());
        } catch (IOException e) {
            throw new SQLException("stored body of " + r.requestId() + " is not JSON", e);
        }
        for (String side : List.of("src_node", "dst_node")) {
            boolean createdWithAlias = body.path(side).hasNonNull("credential");
            boolean given = op.aliases() != null && op.aliases().has(side)
                    || op.secrets() != null && op.secrets().has(side);
            if (!createdWithAlias && !given) {
                problems.add(new Problem(
                        op.operationId(),
                        null,
                        side + ".ak",
                        "required: migration "
                                + r.requestId()
                                + " was created with inline keys, which neither OMS nor the bridge keeps:"
                                + " give " + side + ".ak and " + side + ".sk (or " + side + ".credential) to "
                                + op.operation().wire() + " it"));
            }
        }
        return problems;
    }
}
