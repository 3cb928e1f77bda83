package io.omsbridge.ledger;

import java.sql.Connection;
import java.sql.SQLException;
import java.time.Clock;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.stream.Collectors;

import javax.sql.DataSource;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.omsbridge.event.Event;
import io.omsbridge.event.EventFactory;
import io.omsbridge.event.EventType;
import io.omsbridge.request.Problem;

/**
 * The record of every request and the outbox of its events. Each method is one transaction; a state change and the
 * event it causes are written together, so an event is never lost nor published for a change that did not happen.
 */
public final class Ledger extends LedgerTables {

    private final SecretBox secrets;
    private final String nodeId;
    private final long handoutLeaseMillis;

    public Ledger(DataSource dataSource, ObjectMapper mapper, EventFactory events, SecretBox secrets, Clock clock,
            String nodeId, long handoutLeaseMillis) {
        super(dataSource, mapper, events, clock);
        this.handoutLeaseMillis = handoutLeaseMillis;
        this.secrets = secrets;
        this.nodeId = nodeId;
    }

    /** Records a batch (one file, or one message) in one transaction; returns one outcome per intake, in order. */
    public List<AcceptOutcome> accept(List<Intake> intakes) {
        try {
            return acceptOnce(intakes);
        } catch (LedgerException e) {
            if (e.getCause() instanceof SQLException sql && Jdbc.duplicateKey(sql)) {
                // another consumer recorded the same id a moment ago: read again, it is now a duplicate
                return acceptOnce(intakes);
            }
            throw e;
        }
    }

    private List<AcceptOutcome> acceptOnce(List<Intake> intakes) {
        return jdbc.inTransaction(c -> {
            Map<String, LedgerRecord> existing = findAll(c, intakes.stream().map(Intake::requestId).toList());
            java.util.Set<String> seen = new java.util.HashSet<>();
            java.util.Set<String> repeated = new java.util.HashSet<>();
            intakes.forEach(in -> {
                if (!seen.add(in.requestId())) {
                    repeated.add(in.requestId());
                }
            });
            List<AcceptOutcome> outcomes = new ArrayList<>(intakes.size());
            long now = clock.millis();
            for (Intake in : intakes) {
                LedgerRecord old = existing.get(in.requestId());
                if (in.valid()) {
                    outcomes.add(acceptValid(c, in, old, now));
                } else {
                    outcomes.add(acceptRejected(c, in, old, now));
                }
                if (repeated.contains(in.requestId())) {
                    // a later line of the same batch with the same id sees this one
                    existing.put(in.requestId(), find(c, in.requestId()).orElse(null));
                }
            }
            return outcomes;
        });
    }

    private AcceptOutcome acceptValid(Connection c, Intake in, LedgerRecord old, long now) throws SQLException {
        if (old != null && old.state() != LedgerState.REJECTED) {
            return new AcceptOutcome(in.requestId(), AcceptOutcome.Kind.DUPLICATE,
                    List.of(duplicate(in.requestId(), old)), old.state(), old.taskId());
        }
        String body = json(in.request().body());
        String sealed = in.request().secrets() == null ? null : secrets.seal(json(in.request().secrets()));
        if (old != null) {
            Jdbc.update(c, "delete from bridge_request where request_id = ?", in.requestId());
        }
        // handed straight to the submit route: leased, so the sweep leaves it alone unless this node dies
        Jdbc.update(c, "insert into bridge_request (request_id, source, origin, reply_to, project_id, body, secrets,"
                + " state, attempts, next_attempt_at, lease_owner, lease_until, created_at, updated_at)"
                + " values (?,?,?,?,?,?,?,?,0,?,?,?,?,?)", in.requestId(), in.source().name(), in.origin(),
                in.replyTo(), in.request().projectId(), body, sealed, LedgerState.RECEIVED.name(), now, nodeId,
                now + handoutLeaseMillis, now, now);
        return new AcceptOutcome(in.requestId(), AcceptOutcome.Kind.ACCEPTED, List.of(), null, null);
    }

    private AcceptOutcome acceptRejected(Connection c, Intake in, LedgerRecord old, long now) throws SQLException {
        if (old != null && old.state() != LedgerState.REJECTED) {
            // the id stands for a request already accepted: the bad copy changes nothing, but is reported
            List<Problem> problems = new ArrayList<>(in.problems());
            problems.add(duplicate(in.requestId(), old));
            return new AcceptOutcome(in.requestId(), AcceptOutcome.Kind.REJECTED, problems, old.state(), old.taskId());
        }
        if (old != null && in.fingerprint().equals(old.body())) {
            // the very same bad input again (a re-read after a crash, or dropped twice): it already has its event
            return new AcceptOutcome(in.requestId(), AcceptOutcome.Kind.REJECTED, in.problems(), old.state(), null);
        }
        int occurrence = old == null ? 0 : old.attempts() + 1;
        if (old != null) {
            Jdbc.update(c, "delete from bridge_request where request_id = ?", in.requestId());
        }
        String error = in.problems().stream().map(Problem::toString).collect(Collectors.joining("; "));
        Jdbc.update(c, "insert into bridge_request (request_id, source, origin, reply_to, project_id, body, state,"
                + " attempts, last_error, created_at, updated_at, completed_at) values (?,?,?,?,?,?,?,?,?,?,?,?)",
                in.requestId(), in.source().name(), in.origin(), in.replyTo(),
                in.request() == null ? "" : in.request().projectId(), in.fingerprint(), LedgerState.REJECTED.name(),
                occurrence, truncate(error), now, now, now);
        Event event = events.create(EventType.REJECTED, new EventFactory.Facts(in.requestId(), null, null, null, null,
                null, LedgerState.REJECTED.name(), null, now, "REJECTED", truncate(error), in.problems(), occurrence));
        insertEvent(c, event, in.replyTo(), now);
        return new AcceptOutcome(in.requestId(), AcceptOutcome.Kind.REJECTED, in.problems(), null, null);
    }

    private static Problem duplicate(String requestId, LedgerRecord old) {
        return new Problem(requestId, null, "request_id", "duplicate: request " + requestId + " was already accepted"
                + (old.taskId() == null ? "" : " as OMS task " + old.taskId()) + " (state " + old.state() + ")");
    }

    /** Takes a RECEIVED request for submission; empty when another consumer has it or it is no longer due. */
    public Optional<LedgerRecord> claim(String requestId, long leaseMillis) {
        return jdbc.inTransaction(c -> {
            long now = clock.millis();
            int n = Jdbc.update(c, "update bridge_request set state = ?, attempts = attempts + 1, lease_owner = ?,"
                    + " lease_until = ?, updated_at = ? where request_id = ? and state = ?",
                    LedgerState.SUBMITTING.name(), nodeId, now + leaseMillis, now, requestId,
                    LedgerState.RECEIVED.name());
            return n == 0 ? Optional.<LedgerRecord>empty() : find(c, requestId);
        });
    }

    /**
     * Before each create attempt: extends the claim's lease. False when the claim was lost (the lease ran out and the
     * request was handed out again), in which case this attempt must not post.
     */
    public boolean renewLease(String requestId, int claim, long leaseMillis) {
        return jdbc.inTransaction(c -> {
            long now = clock.millis();
            return Jdbc.update(c, "update bridge_request set lease_until = ? where request_id = ? and state = ?"
                    + " and attempts = ?", now + leaseMillis, requestId, LedgerState.SUBMITTING.name(), claim) == 1;
        });
    }

    /**
     * The task exists in OMS: the sealed secrets are dropped, and the poll starts watching it. Like every outcome of
     * a submission, it applies only to the claim ({@code attempts} at claim time) that made it.
     */
    public void recordCreated(String requestId, int claim, long taskId, String taskName) {
        jdbc.inTransaction(c -> {
            long now = clock.millis();
            return Jdbc.update(c, "update bridge_request set state = ?, task_id = ?, task_name = ?, secrets = null,"
                    + " lease_owner = null, lease_until = null, last_error = null, submitted_at = ?, next_poll_at = ?,"
                    + " updated_at = ? where request_id = ? and state = ? and attempts = ?",
                    LedgerState.SUBMITTED.name(), taskId, taskName, now, now, now, requestId,
                    LedgerState.SUBMITTING.name(), claim);
        });
    }

    /** A transient failure or a quota: back to RECEIVED, to be tried again after {@code delayMillis}. */
    public void park(String requestId, int claim, String error, long delayMillis) {
        jdbc.inTransaction(c -> {
            long now = clock.millis();
            return Jdbc.update(c, "update bridge_request set state = ?, last_error = ?, next_attempt_at = ?,"
                    + " lease_owner = null, lease_until = null, updated_at = ? where request_id = ? and state = ?"
                    + " and attempts = ?", LedgerState.RECEIVED.name(), truncate(error), now + delayMillis, now,
                    requestId, LedgerState.SUBMITTING.name(), claim);
        });
    }

    /** OMS refused the request for good: SUBMIT_FAILED and its terminal event, in one transaction. */
    public void submitFailed(String requestId, int claim, String errorCode, String errorMessage) {
        jdbc.inTransaction(c -> {
            Optional<LedgerRecord> found = find(c, requestId);
            if (found.isEmpty() || found.get().state() != LedgerState.SUBMITTING || found.get().attempts() != claim) {
                return 0;
            }
            LedgerRecord r = found.get();
            long now = clock.millis();
            Jdbc.update(c, "update bridge_request set state = ?, secrets = null, last_error = ?, lease_owner = null,"
                    + " lease_until = null, completed_at = ?, updated_at = ? where request_id = ?",
                    LedgerState.SUBMIT_FAILED.name(), truncate(errorCode + ": " + errorMessage), now, now, requestId);
            Event event = events.create(EventType.SUBMIT_FAILED, new EventFactory.Facts(requestId, r.projectId(),
                    tree(r.body()), null, null, null, LedgerState.SUBMIT_FAILED.name(), null, now,
                    errorCode, errorMessage, null, 0));
            insertEvent(c, event, r.replyTo(), now);
            return 1;
        });
    }

    /**
     * Requests that should be (re)submitted now: RECEIVED ones whose time has come and that no live hand-out holds,
     * and SUBMITTING ones whose lease ran out (their node died mid-submit). Each is leased for
     * {@code handoutLeaseMillis} so it is handed out once.
     */
    public List<String> dueForSubmit(int limit) {
        return jdbc.inTransaction(c -> {
            long now = clock.millis();
            Jdbc.update(c, "update bridge_request set state = ?, lease_owner = null, lease_until = null"
                    + " where state = ? and lease_until < ?", LedgerState.RECEIVED.name(),
                    LedgerState.SUBMITTING.name(), now);
            List<String> ids = Jdbc.query(c, "select request_id from bridge_request where state = ? and"
                    + " next_attempt_at <= ? and (lease_until is null or lease_until <= ?) order by next_attempt_at"
                    + " fetch first " + limit + " rows only", rs -> rs.getString(1), LedgerState.RECEIVED.name(),
                    now, now);
            for (String id : ids) {
                Jdbc.update(c, "update bridge_request set lease_owner = ?, lease_until = ? where request_id = ?",
                        nodeId, now + handoutLeaseMillis, id);
            }
            return ids;
        });
    }

    /**
     * At start: this node's own hand-outs and unfinished submissions are orphans (it just started), so they are due
     * now. A submission that may have reached OMS is checked against OMS's task list before it is posted again.
     */
    public int recoverOwnSubmissions() {
        return jdbc.inTransaction(c -> {
            Jdbc.update(c, "update bridge_request set lease_owner = null, lease_until = null where state = ? and"
                    + " lease_owner = ?", LedgerState.RECEIVED.name(), nodeId);
            return Jdbc.update(c, "update bridge_request set state = ?, lease_owner = null, lease_until = null"
                    + " where state = ? and (lease_owner = ? or lease_owner is null)", LedgerState.RECEIVED.name(),
                    LedgerState.SUBMITTING.name(), nodeId);
        });
    }

    public Optional<LedgerRecord> find(String requestId) {
        return jdbc.inTransaction(c -> find(c, requestId));
    }

    public String openSecrets(LedgerRecord record) {
        return record.sealedSecrets() == null ? null : secrets.open(record.sealedSecrets());
    }

    public Map<LedgerState, Long> countByState() {
        return jdbc.inTransaction(c -> {
            Map<LedgerState, Long> counts = new java.util.EnumMap<>(LedgerState.class);
            Jdbc.query(c, "select state, count(*) from bridge_request group by state",
                    rs -> counts.put(LedgerState.valueOf(rs.getString(1)), rs.getLong(2)));
            return counts;
        });
    }


    private Map<String, LedgerRecord> findAll(Connection c, List<String> ids) throws SQLException {
        Map<String, LedgerRecord> found = new HashMap<>();
        List<String> distinct = ids.stream().distinct().toList();
        for (int from = 0; from < distinct.size(); from += 500) {
            List<String> chunk = distinct.subList(from, Math.min(distinct.size(), from + 500));
            String marks = String.join(",", java.util.Collections.nCopies(chunk.size(), "?"));
            for (LedgerRecord r : Jdbc.query(c, SELECT + "where request_id in (" + marks + ")", LedgerRecord::map,
                    chunk.toArray())) {
                found.put(r.requestId(), r);
            }
        }
        return found;
    }




}
