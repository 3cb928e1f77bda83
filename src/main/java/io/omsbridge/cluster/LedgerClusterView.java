package io.omsbridge.cluster;

import io.omsbridge.ledger.DutyLease;
import io.omsbridge.ledger.LedgerException;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import org.apache.camel.cluster.CamelClusterMember;
import org.apache.camel.support.cluster.AbstractCamelClusterView;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * One duty's view of the ledger lease: asks (takes, renews, or looks who holds it) on a timer, and tells Camel's
 * listeners (the duty's {@code ClusteredRoutePolicy}) each time the leader changes. This node is leader only while its
 * lease has not run out on its own clock: a timer of its own ends the leadership at that moment even when the ledger
 * cannot be reached or the asking thread is stuck.
 */
final class LedgerClusterView extends AbstractCamelClusterView {

    private static final Logger LOG = LoggerFactory.getLogger(LedgerClusterView.class);
    /** Asked at least this often, so a free duty is taken soon after it is handed back. */
    private static final long MAX_ASK_MILLIS = 1_000;

    private final DutyLease lease;
    private final CamelClusterMember local;
    private volatile String lastLeader;
    /** The lease end (this node's clock) the fence was last set for. */
    private long fencedAt;

    private ScheduledExecutorService asker;
    private ScheduledExecutorService fence;
    /** Tells the listeners, in order: starting or stopping the duty's routes never holds up the lease's renewal */
    private ExecutorService teller;

    LedgerClusterView(LedgerClusterService service, String namespace, DutyLease lease) {
        super(service, namespace);
        this.lease = lease;
        this.local = new Member(lease.nodeId(), true);
    }

    @Override
    protected void doStart() {
        asker = getCamelContext()
                .getExecutorServiceManager()
                .newSingleThreadScheduledExecutor(this, "duty-" + getNamespace());
        fence = getCamelContext()
                .getExecutorServiceManager()
                .newSingleThreadScheduledExecutor(this, "duty-fence-" + getNamespace());
        teller = getCamelContext()
                .getExecutorServiceManager()
                .newSingleThreadExecutor(this, "duty-leader-" + getNamespace());
        asker.scheduleWithFixedDelay(
                this::ask, 0, Math.max(1, Math.min(MAX_ASK_MILLIS, lease.leaseMillis() / 4)), TimeUnit.MILLISECONDS);
    }

    @Override
    protected void doStop() {
        getCamelContext().getExecutorServiceManager().shutdownNow(asker);
        getCamelContext().getExecutorServiceManager().shutdownNow(fence);
        try {
            lease.release(getNamespace());
        } catch (LedgerException e) {
            LOG.warn(
                    "could not hand back duty '{}' ({}); another bridge takes it when the lease runs out",
                    getNamespace(),
                    e.getMessage());
        }
        changed();
        getCamelContext().getExecutorServiceManager().shutdown(teller);
    }

    private void ask() {
        try {
            long until = lease.holds(getNamespace())
                    ? lease.heldUntil(getNamespace()).orElse(0L)
                    : 0L;
            if (until != fencedAt && until > 0) {
                // the leadership ends on this node's clock when the lease does, renewed or not by then
                fencedAt = until;
                fence.schedule(this::changed, Math.max(0, until - lease.clock().millis()) + 1, TimeUnit.MILLISECONDS);
            }
        } catch (RuntimeException e) {
            // whatever it was, the timer goes on: a failed ask only leaves the lease to run out
            LOG.warn(
                    "duty '{}': the ledger cannot be asked now ({}); this bridge leads it only until its lease"
                            + " runs out",
                    getNamespace(),
                    e.getMessage());
        }
        changed();
    }

    /** Tells the listeners when the leader differs from the one they were last told. */
    private synchronized void changed() {
        String leader = leaderId();
        if (!Objects.equals(leader, lastLeader)) {
            lastLeader = leader;
            if (teller != null && !teller.isShutdown()) {
                teller.execute(() -> fireLeadershipChangedEvent(getLeader().orElse(null)));
            }
        }
    }

    private String leaderId() {
        if (lease.stillHeld(getNamespace())) {
            return lease.nodeId();
        }
        return lease.leader(getNamespace())
                .filter(node -> !node.equals(lease.nodeId()))
                .orElse(null);
    }

    @Override
    public Optional<CamelClusterMember> getLeader() {
        String leader = leaderId();
        if (leader == null) {
            return Optional.empty();
        }
        return Optional.of(leader.equals(lease.nodeId()) ? local : new Member(leader, false));
    }

    @Override
    public CamelClusterMember getLocalMember() {
        return local;
    }

    @Override
    public List<CamelClusterMember> getMembers() {
        return getLeader()
                .filter(leader -> !leader.isLocal())
                .map(leader -> List.of(local, leader))
                .orElse(List.of(local));
    }

    /** A bridge as a member of a duty's view; the local one leads while its lease lasts on its own clock. */
    private final class Member implements CamelClusterMember {

        private final String id;
        private final boolean local;

        Member(String id, boolean local) {
            this.id = id;
            this.local = local;
        }

        @Override
        public boolean isLeader() {
            return local ? lease.stillHeld(getNamespace()) : id.equals(leaderId());
        }

        @Override
        public boolean isLocal() {
            return local;
        }

        @Override
        public String getId() {
            return id;
        }
    }
}
