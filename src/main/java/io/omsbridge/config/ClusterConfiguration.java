package io.omsbridge.config;

import io.omsbridge.cluster.DutyCluster;
import io.omsbridge.ledger.LedgerDatabase;
import io.omsbridge.model.Duties;
import java.time.Clock;
import org.apache.camel.BeanInject;
import org.apache.camel.BindToRegistry;
import org.apache.camel.CamelConfiguration;
import org.apache.camel.CamelContext;

/**
 * The duties (poll, publish, sweep) of several bridges: the cluster service {@code bridge.cluster} names, a
 * {@code ClusteredRoutePolicy} per duty for the routes, and the {@link Duties} the beans and health checks ask.
 */
public class ClusterConfiguration implements CamelConfiguration {

    /** The registry name of the duties the poll, the publisher and the health checks ask. */
    public static final String DUTIES = "duties";

    @BindToRegistry(DUTIES)
    public Duties duties(
            CamelContext context,
            @BeanInject("ledgerDatabase") LedgerDatabase database,
            @BeanInject(AllSettings.BEAN) AllSettings all,
            @BeanInject(BridgeConfiguration.CLOCK_BEAN) Clock clock)
            throws Exception {
        return DutyCluster.wire(
                context, all.cluster(), database, all.nodeId(), all.publish().dutyLeaseMillis(), clock);
    }
}
