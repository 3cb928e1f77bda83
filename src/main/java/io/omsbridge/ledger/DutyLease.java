package io.omsbridge.ledger;

import io.omsbridge.model.Duties;
import java.sql.Connection;
import java.sql.SQLException;
import java.time.Clock;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Which of several bridges on one ledger does a duty ({@code "poll"}, {@code "publish"}) now: a lease per duty in
 * {@code bridge_duty}. {@link #holds(String)} takes a free or expired duty, renews this node's own once less than half
 * the lease is left, and otherwise answers false; a bridge that stops hands its duties back ({@link #close()}), one
 * that dies loses them when the lease runs out. The lease is judged on the database's clock, so nodes' clocks need
 * not agree; each node counts the time gone on its own clock from just before it asked, so its own idea of its lease
 * always ends before the ledger lets another node take it ({@link #stillHeld}). {@code LedgerClusterService} runs it
 * for Camel's cluster SPI. Thread-safe.
 */
public final class DutyLease implements Duties, AutoCloseable {

    private static final Logger LOG = LoggerFactory.getLogger(DutyLease.class);

    private final Jdbc jdbc;
    private final String nodeId;
    private final long leaseMillis;
    private final Clock clock;
    /** duty -> until when this node holds it, on this node's clock (its lease began no sooner than it asked) */
    private final Map<String, Long> heldUntil = new ConcurrentHashMap<>();
    /** duty -> before when the ledger is not asked again, because another node holds it (this node's clock) */
    private final Map<String, Long> standByUntil = new ConcurrentHashMap<>();
    /** duty -> who holds it as last seen, to log only changes */
    private final Map<String, String> lastHolder = new ConcurrentHashMap<>();
    /** duty -> how many times this node took it */
    private final Map<String, Long> terms = new ConcurrentHashMap<>();

    public DutyLease(LedgerDatabase database, String nodeId, long leaseMillis, Clock clock) {
        if (leaseMillis < 2) {
            throw new IllegalArgumentException("lease must be at least 2 ms, got " + leaseMillis);
        }
        this.jdbc = new Jdbc(database);
        this.nodeId = nodeId;
        this.leaseMillis = leaseMillis;
        this.clock = clock;
    }

    /**
     * True if this node does the duty now: it held or took the lease, which lasts at least half a lease from now. Asks
     * the ledger only to take or renew the lease, or about every half lease while another node holds it.
     */
    public boolean holds(String duty) {
        long now = clock.millis();
        Long until = heldUntil.get(duty);
        if (until != null && until - now > leaseMillis / 2) {
            return true;
        }
        if (until == null && standByUntil.getOrDefault(duty, Long.MIN_VALUE) > now) {
            return false;
        }
        Holder holder = jdbc.inTransaction(c -> take(c, duty));
        if (holder.node().equals(nodeId)) {
            heldUntil.put(duty, now + leaseMillis);
            standByUntil.remove(duty);
        } else {
            heldUntil.remove(duty);
            // asked again when the holder's lease ends, and at least every half lease (it may hand the duty back)
            standByUntil.put(duty, now + Math.min(holder.until() - holder.ledgerNow(), leaseMillis / 2));
        }
        if (!holder.node().equals(lastHolder.put(duty, holder.node()))) {
            if (holder.node().equals(nodeId)) {
                terms.merge(duty, 1L, Long::sum);
                LOG.info(
                        "this bridge ({}) now does duty '{}' (lease {} ms, renewed while it runs)",
                        nodeId,
                        duty,
                        leaseMillis);
            } else {
                LOG.info(
                        "duty '{}' is done by bridge {}; this bridge ({}) stands by and takes it over if that one"
                                + " stops",
                        duty,
                        holder.node(),
                        nodeId);
            }
        }
        return holder.node().equals(nodeId);
    }

    /** {@link #holds}: asks the ledger when the lease is due for renewal. */
    @Override
    public boolean leads(String duty) {
        return holds(duty);
    }

    /**
     * True while this node's lease has not run out on its own clock, without asking the ledger: the fence a slow node
     * checks before each step (the ledger hands the duty to another node only later, on its own clock).
     */
    public boolean stillHeld(String duty) {
        Long until = heldUntil.get(duty);
        return until != null && until > clock.millis();
    }

    /** The lease's end on this node's clock, or empty when this node does not hold the duty. */
    public Optional<Long> heldUntil(String duty) {
        return Optional.ofNullable(heldUntil.get(duty));
    }

    @Override
    public Optional<String> leader(String duty) {
        return Optional.ofNullable(lastHolder.get(duty));
    }

    @Override
    public long term(String duty) {
        return terms.getOrDefault(duty, 0L);
    }

    /** Hands the duty back if this node holds it, so another node can take it at once. */
    public void release(String duty) {
        if (heldUntil.remove(duty) != null) {
            jdbc.inTransaction(c ->
                    Jdbc.update(c, "update bridge_duty set until = ? where duty = ? and holder = ?", 0L, duty, nodeId));
            lastHolder.remove(duty);
        }
    }

    /** Hands back every duty this node holds (the bridge stops). */
    @Override
    public void close() {
        for (String duty : List.copyOf(heldUntil.keySet())) {
            try {
                release(duty);
            } catch (LedgerException e) {
                LOG.warn(
                        "could not hand back duty '{}' ({}); another bridge takes it when the lease runs out",
                        duty,
                        e.getMessage());
            }
        }
    }

    public String nodeId() {
        return nodeId;
    }

    public Clock clock() {
        return clock;
    }

    public long leaseMillis() {
        return leaseMillis;
    }

    /** Who holds a duty until when, and the database's time when that was read. */
    private record Holder(String node, long until, long ledgerNow) {}

    /**
     * One short transaction on the database's clock: renew or take over (one conditional update), else insert if
     * absent, else read.
     */
    private Holder take(Connection c, String duty) throws SQLException {
        long now = jdbc.now(c);
        long until = now + leaseMillis;
        if (Jdbc.update(
                        c,
                        "update bridge_duty set holder = ?, until = ? where duty = ? and (holder = ? or until <= ?)",
                        nodeId,
                        until,
                        duty,
                        nodeId,
                        now)
                == 1) {
            return new Holder(nodeId, until, now);
        }
        // "on conflict do nothing" (both databases): another node that inserted first keeps the duty, no error
        if (Jdbc.update(
                        c,
                        "insert into bridge_duty (duty, holder, until) values (?,?,?) on conflict (duty) do nothing",
                        duty,
                        nodeId,
                        until)
                == 1) {
            return new Holder(nodeId, until, now);
        }
        return Jdbc.query(
                        c,
                        "select holder, until from bridge_duty where duty = ?",
                        rs -> new Holder(rs.getString(1), rs.getLong(2), now),
                        duty)
                .stream()
                .findFirst()
                .orElseThrow(() -> new SQLException("duty " + duty + " vanished"));
    }
}
