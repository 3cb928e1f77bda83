package io.omsbridge.ledger;

import com.fasterxml.jackson.databind.ObjectMapper;
import io.omsbridge.event.EventFactory;
import io.omsbridge.model.AcceptOutcome;
import io.omsbridge.model.Claim;
import io.omsbridge.model.LedgerState;
import io.omsbridge.model.Problem;
import io.omsbridge.model.ReceivedRequest;
import java.sql.Connection;
import java.sql.SQLException;
import java.time.Clock;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalLong;
import java.util.Set;
import java.util.stream.Collectors;

/**
 * The record of every request and the outbox of its events. Each method is one transaction; a state change and the
 * event it causes are written together, so an event is never lost nor published for a change that did not happen.
 */
public final class Ledger extends LedgerTables {

    /** The error code of a request given up because the search for an earlier attempt's task could not be made. */
    public static final String SEARCH_INCOMPLETE = "BRIDGE.SEARCH_INCOMPLETE";

    /** A request no claim holds any more: the lease every outcome of a submission lets go of. */
    private static final String LEASE_CLEARED = "lease_owner = null, lease_until = null";

    private final SecretBox secrets;
    private final String nodeId;
    private final OperationAcceptance operations;
    private final long leaseMillis;

    /** {@code leaseMillis}: how long a claim holds its request before another hand-out may take it over. */
    public Ledger(
            LedgerDatabase database,
            ObjectMapper mapper,
            EventFactory events,
            SecretBox secrets,
            Clock clock,
            String nodeId,
            long leaseMillis) {
        super(database, mapper, events, clock);
        this.leaseMillis = leaseMillis;
        this.secrets = secrets;
        this.nodeId = nodeId;
        this.operations = new OperationAcceptance(secrets);
    }

    /**
     * Records a batch (one file, or one message) in one transaction; returns one outcome per request, in order. A new
     * valid request is claimed for submission in the same transaction: its outcome carries the {@link Claim}.
     */
    public List<AcceptOutcome> accept(List<ReceivedRequest> requests) {
        return accept(requests, Integer.MAX_VALUE);
    }

    /**
     * The same, claiming at most {@code claimable} of the new requests; the others are recorded unclaimed (RECEIVED,
     * due now, never tried), for {@link #dueForSubmit(int)} to hand out when there is room.
     */
    public List<AcceptOutcome> accept(List<ReceivedRequest> requests, int claimable) {
        List<AcceptOutcome> outcomes;
        try {
            outcomes = acceptOnce(requests, claimable);
        } catch (LedgerException e) {
            if (e.getCause() instanceof SQLException sql && Jdbc.duplicateKey(sql)) {
                // another consumer recorded the same id a moment ago: read again, it is now a duplicate
                outcomes = acceptOnce(requests, claimable);
            } else {
                throw e;
            }
        }
        // committed, so durable: the caller may acknowledge the input (move the file, commit the message) now
        return outcomes;
    }

    private List<AcceptOutcome> acceptOnce(List<ReceivedRequest> requests, int claimable) {
        return jdbc.inTransaction(c -> {
            Map<String, Known> existing = findKnown(
                    c, requests.stream().map(ReceivedRequest::requestId).toList());
            Set<String> seen = new HashSet<>();
            Set<String> repeated = new HashSet<>();
            requests.forEach(in -> {
                if (!seen.add(in.requestId())) {
                    repeated.add(in.requestId());
                }
            });
            List<AcceptOutcome> outcomes = new ArrayList<>(requests.size());
            long now = clock.millis();
            // the claims' leases: asked for now on this node's clock, judged on the database's
            long ledgerNow = jdbc.now(c);
            int claims = 0;
            for (ReceivedRequest in : requests) {
                if (in.forOperation()) {
                    outcomes.add(operations.accept(c, in, now, ledgerNow));
                    continue;
                }
                Known old = existing.get(in.requestId());
                if (in.valid()) {
                    AcceptOutcome accepted = acceptValid(c, in, old, now, ledgerNow, claims < claimable);
                    claims += accepted.claim() == null ? 0 : 1;
                    outcomes.add(accepted);
                } else {
                    outcomes.add(acceptRejected(c, in, old, now));
                }
                if (repeated.contains(in.requestId())) {
                    // a later line of the same batch with the same id sees this one
                    existing.putAll(findKnown(c, List.of(in.requestId())));
                }
            }
            return outcomes;
        });
    }

    private AcceptOutcome acceptValid(
            Connection c, ReceivedRequest in, Known old, long now, long ledgerNow, boolean claim) throws SQLException {
        if (old != null && old.state() != LedgerState.REJECTED) {
            return new AcceptOutcome(
                    in.requestId(),
                    AcceptOutcome.Kind.DUPLICATE,
                    List.of(duplicate(in, old)),
                    old.state(),
                    old.taskId(),
                    null);
        }
        String body = json(in.request().body());
        String sealed = in.request().secrets() == null
                ? null
                : secrets.seal(json(in.request().secrets()), in.requestId());
        if (old != null) {
            Jdbc.update(c, "delete from bridge_request where request_id = ?", in.requestId());
        }
        // claimed at once (attempt 1) and handed straight to the submit route; the sweep takes it over only if this
        // node dies, and then searches OMS for the task first (the claim may have posted). Without room among this
        // node's claims it is due now, never tried, and claimed when a claim finishes
        long leaseUntil = ledgerNow + leaseMillis;
        Jdbc.update(
                c,
                "insert into bridge_request (request_id, source, origin, reply_to, project_id, region, body,"
                        + " secrets, state, attempts, next_attempt_at, lease_owner, lease_until, first_post_at, created_at,"
                        + " updated_at) values (?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?)",
                in.requestId(),
                in.source().name(),
                in.origin(),
                in.replyTo(),
                in.request().projectId(),
                in.request().region(),
                body,
                sealed,
                (claim ? LedgerState.SUBMITTING : LedgerState.RECEIVED).name(),
                claim ? 1 : 0,
                ledgerNow,
                claim ? nodeId : null,
                claim ? leaseUntil : null,
                claim ? ledgerNow : null,
                now,
                now);
        openPasses(c, in, now);
        Claim handedOut = claim ? new Claim(in.requestId(), 1, false, leaseUntil, ledgerNow, now, now) : null;
        return new AcceptOutcome(in.requestId(), AcceptOutcome.Kind.ACCEPTED, List.of(), null, null, handedOut);
    }

    /** A request asking for passes is pass 1 of its migration; its schedule is recorded with it. */
    private static void openPasses(Connection c, ReceivedRequest in, long now) throws SQLException {
        if (in.request().body().has("passes")) {
            PassLedger.open(c, in.requestId(), in.request().body().get("passes"), now);
        }
    }

    private AcceptOutcome acceptRejected(Connection c, ReceivedRequest in, Known old, long now) throws SQLException {
        if (old != null && old.state() != LedgerState.REJECTED) {
            // the id stands for a request already accepted: the bad copy changes nothing, but is reported
            List<Problem> problems = new ArrayList<>(in.problems());
            problems.add(duplicate(in, old));
            return new AcceptOutcome(
                    in.requestId(), AcceptOutcome.Kind.REJECTED, problems, old.state(), old.taskId(), null);
        }
        if (old != null && in.fingerprint().equals(old.rejectedFingerprint())) {
            // the very same bad input again (a re-read after a crash, or dropped twice): it already has its event
            return new AcceptOutcome(
                    in.requestId(), AcceptOutcome.Kind.REJECTED, in.problems(), old.state(), null, null);
        }
        int occurrence = old == null ? 0 : old.attempts() + 1;
        if (old != null) {
            Jdbc.update(c, "delete from bridge_request where request_id = ?", in.requestId());
        }
        String error = in.problems().stream().map(Problem::toString).collect(Collectors.joining("; "));
        // no body is kept for bad input, only its fingerprint
        Jdbc.update(
                c,
                "insert into bridge_request (request_id, source, origin, reply_to, project_id, body,"
                        + " fingerprint, state, attempts, last_error, created_at, updated_at, completed_at) values"
                        + " (?,?,?,?,?,'',?,?,?,?,?,?,?)",
                in.requestId(),
                in.source().name(),
                in.origin(),
                in.replyTo(),
                in.request() == null ? "" : in.request().projectId(),
                in.fingerprint(),
                LedgerState.REJECTED.name(),
                occurrence,
                truncate(error),
                now,
                now,
                now);
        insertEvent(
                c,
                events.requestRejected(in.requestId(), now, truncate(error), in.problems(), occurrence),
                in.replyTo(),
                now);
        return new AcceptOutcome(in.requestId(), AcceptOutcome.Kind.REJECTED, in.problems(), null, null, null);
    }

    /** Named by the line it came on, as every other problem of a {@code .jsonl}. */
    private static Problem duplicate(ReceivedRequest in, Known old) {
        String requestId = in.requestId();
        return new Problem(
                requestId,
                in.line(),
                "request_id",
                "duplicate: request " + requestId + " was already accepted"
                        + (old.taskId() == null ? "" : " as OMS task " + old.taskId()) + " (state " + old.state()
                        + ")");
    }

    /**
     * The request a claim is for, as the ledger holds it; empty when the claim is no longer current (its lease ran out
     * and the request was handed out again, or it has been decided meanwhile).
     */
    public Optional<LedgerRecord> claimed(Claim claim) {
        return jdbc.read(c -> Jdbc.query(
                        c,
                        SELECT + "where request_id = ? and state = ? and attempts = ?",
                        LedgerRecord::map,
                        claim.requestId(),
                        LedgerState.SUBMITTING.name(),
                        claim.attempt())
                .stream()
                .findFirst());
    }

    /**
     * Extends a claim's lease before a create attempt; the new lease end, or empty when the claim was lost (the lease
     * ran out and the request was handed out again), in which case this attempt must not post.
     */
    public OptionalLong renewLease(Claim claim) {
        return jdbc.inTransaction(c -> {
            long until = jdbc.now(c) + leaseMillis;
            return Jdbc.update(
                                    c,
                                    "update bridge_request set lease_until = ? where request_id = ? and state = ?"
                                            + " and attempts = ?",
                                    until,
                                    claim.requestId(),
                                    LedgerState.SUBMITTING.name(),
                                    claim.attempt())
                            == 1
                    ? OptionalLong.of(until)
                    : OptionalLong.empty();
        });
    }

    /** A task OMS created under a claim, as the submit route hands it over for recording. */
    public record Created(Claim claim, long taskId, String taskName, long createdAt) {}

    /**
     * The task exists in OMS: the sealed secrets are dropped, and the poll starts watching it. Like every outcome of
     * a submission, it applies only to the claim that made it; false when that claim was no longer current.
     */
    public boolean recordCreated(Claim claim, long taskId, String taskName) {
        return recordCreated(List.of(new Created(claim, taskId, taskName, clock.millis())))
                .isEmpty();
    }

    /** Several creates in one transaction; returns those whose claim was no longer current (nothing written). */
    public List<Created> recordCreated(List<Created> created) {
        int[] counts = jdbc.inTransaction(c -> Jdbc.batchCounts(
                c,
                "update bridge_request set state = ?, task_id = ?,"
                        + " task_name = ?, secrets = null, " + LEASE_CLEARED + ", last_error = null,"
                        + " reconcile = false, held_since = null, submitted_at = ?, submitted_by = ?, next_poll_at = ?, updated_at = ? where"
                        + " request_id = ? and state = ? and attempts = ?",
                created.stream()
                        .map(t -> new Object[] {
                            LedgerState.SUBMITTED.name(),
                            t.taskId(),
                            t.taskName(),
                            t.createdAt(),
                            nodeId,
                            t.createdAt(),
                            t.createdAt(),
                            t.claim().requestId(),
                            LedgerState.SUBMITTING.name(),
                            t.claim().attempt()
                        })
                        .toList()));
        List<Created> lost = new ArrayList<>();
        for (int i = 0; i < counts.length; i++) {
            if (counts[i] == 0) {
                lost.add(created.get(i));
            }
        }
        return lost;
    }

    /** The request's task group exists in OMS: SUBMITTED, its keys dropped, the poll follows the group. */
    public boolean recordGroupCreated(Claim claim, String groupId) {
        return jdbc.inTransaction(c -> {
            long now = clock.millis();
            return Jdbc.update(
                            c,
                            "update bridge_request set state = ?, group_id = ?, secrets = null, "
                                    + LEASE_CLEARED + ", last_error = null, reconcile = false, held_since = null,"
                                    + " submitted_at = ?, submitted_by = ?, next_poll_at = ?, updated_at = ? where request_id = ? and"
                                    + " state = ? and attempts = ?",
                            LedgerState.SUBMITTED.name(),
                            groupId,
                            now,
                            nodeId,
                            now,
                            now,
                            claim.requestId(),
                            LedgerState.SUBMITTING.name(),
                            claim.attempt())
                    == 1;
        });
    }

    /**
     * A transient failure or a quota: back to RECEIVED, to be tried again after {@code delayMillis}. {@code reconcile}:
     * the attempt may have created the task (a lost answer), so the next one searches OMS's task list first.
     */
    public void park(Claim claim, String error, long delayMillis, boolean reconcile) {
        jdbc.inTransaction(c -> Jdbc.update(
                c,
                "update bridge_request set state = ?, last_error = ?, next_attempt_at"
                        + " = ?, " + LEASE_CLEARED + ", reconcile = (reconcile or ?), held_since = null,"
                        + " updated_at = ? where request_id = ? and state = ? and attempts = ?",
                LedgerState.RECEIVED.name(),
                truncate(error),
                jdbc.now(c) + delayMillis,
                reconcile,
                clock.millis(),
                claim.requestId(),
                LedgerState.SUBMITTING.name(),
                claim.attempt()));
    }

    /** How a hold ended: still held (since when, on the ledger's clock), or given up as SUBMIT_FAILED. */
    public record Hold(long heldSince, boolean givenUp) {}

    /**
     * The search for a task an earlier attempt may have made could not be completed, so the request must not be
     * posted: it is held (RECEIVED, {@code held_since} set, the reason in {@code last_error}) and searched again after
     * {@code delayMillis}. Once it has been held for {@code maxHoldMillis} it ends as SUBMIT_FAILED, with its event,
     * instead. Empty when the claim was no longer current.
     */
    public Optional<Hold> hold(Claim claim, String reason, long delayMillis, long maxHoldMillis) {
        return jdbc.inTransaction(c -> {
            Optional<LedgerRecord> found = current(c, claim);
            if (found.isEmpty()) {
                return Optional.empty();
            }
            long ledgerNow = jdbc.now(c);
            long since =
                    found.get().heldSince() == null ? ledgerNow : found.get().heldSince();
            if (ledgerNow - since >= maxHoldMillis) {
                submitFailed(
                        c,
                        found.get(),
                        SEARCH_INCOMPLETE,
                        "held " + (ledgerNow - since) / 1000 + " s because"
                                + " the search for a task an earlier attempt may have made could not be completed ("
                                + reason
                                + "); not created, as a task may exist: look for the tag [oms-bridge:"
                                + claim.requestId()
                                + "] in OMS");
                return Optional.of(new Hold(since, true));
            }
            Jdbc.update(
                    c,
                    "update bridge_request set state = ?, last_error = ?, next_attempt_at = ?, "
                            + LEASE_CLEARED + ", reconcile = true, held_since = ?, updated_at = ? where request_id"
                            + " = ?",
                    LedgerState.RECEIVED.name(),
                    truncate("held: " + reason),
                    ledgerNow + delayMillis,
                    since,
                    clock.millis(),
                    claim.requestId());
            return Optional.of(new Hold(since, false));
        });
    }

    /** OMS refused the request for good: SUBMIT_FAILED and its terminal event, in one transaction. */
    public void submitFailed(Claim claim, String errorCode, String errorMessage) {
        jdbc.inTransaction(c -> {
            Optional<LedgerRecord> found = current(c, claim);
            if (found.isEmpty()) {
                return 0;
            }
            submitFailed(c, found.get(), errorCode, errorMessage);
            return 1;
        });
    }

    /** The claimed request, if the claim is still the current one (still submitting, on the same attempt). */
    private static Optional<LedgerRecord> current(Connection c, Claim claim) throws SQLException {
        return find(c, claim.requestId())
                .filter(r -> r.state() == LedgerState.SUBMITTING && r.attempts() == claim.attempt());
    }

    private void submitFailed(Connection c, LedgerRecord r, String errorCode, String errorMessage) throws SQLException {
        long now = clock.millis();
        Jdbc.update(
                c,
                "update bridge_request set state = ?, secrets = null, last_error = ?, " + LEASE_CLEARED
                        + ", held_since = null, completed_at = ?, updated_at = ? where request_id = ?",
                LedgerState.SUBMIT_FAILED.name(),
                truncate(errorCode + ": " + errorMessage),
                now,
                now,
                r.requestId());
        insertEvent(
                c,
                events.submitFailed(r.requestId(), r.projectId(), tree(r.body()), now, errorCode, errorMessage),
                r.replyTo(),
                now);
    }

    /**
     * Claims the requests that should be (re)submitted now: RECEIVED ones whose time has come, and SUBMITTING ones
     * whose lease ran out (their node died mid-submit, so they search OMS's task list before posting). At most
     * {@code limit}, longest waiting first; each claim is exclusive, however many nodes sweep at once.
     */
    public List<Claim> dueForSubmit(int limit) {
        List<Claim> claimed = jdbc.inTransaction(c -> {
            long leasedAt = clock.millis();
            long now = jdbc.now(c);
            Jdbc.update(
                    c,
                    "update bridge_request set state = ?, " + LEASE_CLEARED
                            + ", reconcile = true where state = ? and lease_until < ?",
                    LedgerState.RECEIVED.name(),
                    LedgerState.SUBMITTING.name(),
                    now);
            // an attempt may have posted under an earlier claim: the search reaches back to that claim's lease, else
            // no earlier create can exist and this claim's lease is where any task would begin
            List<Claim> due = Jdbc.query(
                    c,
                    "select request_id, attempts, reconcile, coalesce(first_post_at,"
                            + " created_at) from bridge_request where state = ? and next_attempt_at <= ? and (lease_until is"
                            + " null or lease_until <= ?) order by next_attempt_at, request_id limit " + limit,
                    rs -> new Claim(
                            rs.getString(1),
                            rs.getInt(2) + 1,
                            rs.getBoolean(3),
                            now + leaseMillis,
                            rs.getBoolean(3) ? Math.min(rs.getLong(4), now) : now,
                            leasedAt,
                            leasedAt),
                    LedgerState.RECEIVED.name(),
                    now,
                    now);
            List<Claim> claims = new ArrayList<>(due.size());
            for (Claim claim : due) {
                if (Jdbc.update(
                                c,
                                "update bridge_request set state = ?, attempts = ?, lease_owner = ?,"
                                        + " lease_until = ?, first_post_at = ?, updated_at = ? where request_id = ? and state = ? and"
                                        + " attempts = ?",
                                LedgerState.SUBMITTING.name(),
                                claim.attempt(),
                                nodeId,
                                claim.leaseUntil(),
                                claim.searchFrom(),
                                clock.millis(),
                                claim.requestId(),
                                LedgerState.RECEIVED.name(),
                                claim.attempt() - 1)
                        == 1) {
                    claims.add(claim);
                }
            }
            return claims;
        });
        // committed, so a claim outlives a crash before its create is posted: its attempt number says "search first";
        // and any attempt of an earlier claim on these requests had ended before this moment
        long handedOutAt = clock.millis();
        return claimed.stream().map(claim -> claim.handedOut(handedOutAt)).toList();
    }

    /**
     * At start: this node's unfinished submissions are orphans (it just started), so they are due now. Any of them may
     * have reached OMS, so each is checked against OMS's task list before it is posted again.
     */
    public int recoverOwnSubmissions() {
        return jdbc.inTransaction(c -> {
            Jdbc.update(
                    c,
                    "update bridge_request set " + LEASE_CLEARED + " where state = ? and" + " lease_owner = ?",
                    LedgerState.RECEIVED.name(),
                    nodeId);
            return Jdbc.update(
                    c,
                    "update bridge_request set state = ?, " + LEASE_CLEARED
                            + ", reconcile = true, next_attempt_at = ? where state = ? and (lease_owner = ? or lease_owner is"
                            + " null)",
                    LedgerState.RECEIVED.name(),
                    jdbc.now(c),
                    LedgerState.SUBMITTING.name(),
                    nodeId);
        });
    }

    /**
     * When this node's newest creates (at most {@code limit}) since {@code since} were recorded: seeds its creates
     * cap, which is its share of the tenant's quota.
     */
    public List<Long> createdSince(long since, int limit) {
        return jdbc.read(c -> Jdbc.query(
                c,
                "select submitted_at from bridge_request where submitted_at > ?"
                        + " and (submitted_by = ? or submitted_by is null) order by submitted_at desc limit " + limit,
                rs -> rs.getLong(1),
                since,
                nodeId));
    }

    public Optional<LedgerRecord> find(String requestId) {
        return jdbc.read(c -> find(c, requestId));
    }

    public String openSecrets(LedgerRecord record) {
        return record.sealedSecrets() == null ? null : secrets.unseal(record.sealedSecrets(), record.requestId());
    }

    public Map<LedgerState, Long> countByState() {
        return jdbc.read(c -> {
            Map<LedgerState, Long> counts = new EnumMap<>(LedgerState.class);
            Jdbc.query(
                    c,
                    "select state, count(*) from bridge_request group by state",
                    rs -> counts.put(LedgerState.valueOf(rs.getString(1)), rs.getLong(2)));
            return counts;
        });
    }

    /** What accepting needs to know of an id already in the ledger (not its body, which may be large). */
    private record Known(LedgerState state, Long taskId, int attempts, String rejectedFingerprint) {}

    private Map<String, Known> findKnown(Connection c, List<String> ids) throws SQLException {
        Map<String, Known> found = new HashMap<>();
        Jdbc.queryIn(
                c,
                "select request_id, state, task_id, attempts, fingerprint from bridge_request where"
                        + " request_id in (",
                ids.stream().distinct().toList(),
                rs -> found.put(
                        rs.getString(1),
                        new Known(
                                LedgerState.valueOf(rs.getString(2)),
                                Jdbc.longOrNull(rs, "task_id"),
                                rs.getInt(4),
                                rs.getString(5))));
        return found;
    }
}
