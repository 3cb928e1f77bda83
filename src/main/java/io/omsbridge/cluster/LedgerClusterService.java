package io.omsbridge.cluster;

import io.omsbridge.ledger.DutyLease;
import io.omsbridge.ledger.LedgerDatabase;
import java.time.Clock;
import org.apache.camel.support.cluster.AbstractCamelClusterService;

/**
 * {@code bridge.cluster=ledger}: Camel's cluster service on the ledger's {@code bridge_duty} table, one lease per
 * namespace judged on the database's clock ({@link DutyLease}), so bridges that share a PostgreSQL ledger need nothing
 * else to elect a leader per duty; on SQLite (one bridge per ledger) this bridge simply leads every duty.
 */
public final class LedgerClusterService extends AbstractCamelClusterService<LedgerClusterView> {

    private final DutyLease lease;

    public LedgerClusterService(LedgerDatabase database, String nodeId, long leaseMillis, Clock clock) {
        super(nodeId);
        this.lease = new DutyLease(database, nodeId, leaseMillis, clock);
    }

    /** The lease every view runs on (who holds what, the local deadline). */
    public DutyLease lease() {
        return lease;
    }

    @Override
    protected LedgerClusterView createView(String namespace) {
        return new LedgerClusterView(this, namespace, lease);
    }
}
