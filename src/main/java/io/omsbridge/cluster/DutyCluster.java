package io.omsbridge.cluster;

import io.omsbridge.ledger.LedgerDatabase;
import io.omsbridge.model.Duties;
import io.omsbridge.settings.ClusterSettings;
import io.omsbridge.settings.ConfigurationException;
import java.time.Clock;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.apache.camel.CamelContext;
import org.apache.camel.cluster.CamelClusterService;
import org.apache.camel.component.file.cluster.FileLockClusterService;
import org.apache.camel.impl.cluster.ClusteredRoutePolicy;

/**
 * Puts the duties under Camel's cluster SPI: the cluster service {@code bridge.cluster} names (added to the context,
 * so it starts with it), one {@link ClusteredRoutePolicy} per duty bound as {@code <duty>Duty} for the routes'
 * {@code routePolicy}, and the {@link Duties} the beans and the health checks ask.
 */
public final class DutyCluster {

    /** Every duty, each a namespace of the cluster service. */
    public static final List<String> DUTIES = List.of(Duties.POLL, Duties.PUBLISH, Duties.SWEEP);

    private DutyCluster() {}

    /** The registry name of a duty's route policy, as the routes name it. */
    public static String policyName(String duty) {
        return duty + "Duty";
    }

    /**
     * Wires the duties on {@code context}; {@code nodeId}: this bridge in the ledger's lease, {@code leaseMillis}: the
     * ledger lease ({@code bridge.duty-lease}).
     */
    public static Duties wire(
            CamelContext context,
            ClusterSettings settings,
            LedgerDatabase database,
            String nodeId,
            long leaseMillis,
            Clock clock)
            throws Exception {
        CamelClusterService service = service(context, settings, database, nodeId, leaseMillis, clock);
        context.addService(service, true, true);
        ClusterDuties duties = new ClusterDuties(service, DUTIES);
        // after the service, so stopped before it
        context.addService(duties, true, true);
        for (String duty : DUTIES) {
            ClusteredRoutePolicy policy = ClusteredRoutePolicy.forNamespace(service, duty);
            policy.setCamelContext(context);
            context.getRegistry().bind(policyName(duty), policy);
        }
        return duties;
    }

    private static CamelClusterService service(
            CamelContext context,
            ClusterSettings settings,
            LedgerDatabase database,
            String nodeId,
            long leaseMillis,
            Clock clock) {
        return switch (settings.kind()) {
            case ledger -> new LedgerClusterService(database, nodeId, leaseMillis, clock);
            case kubernetes -> {
                if (!onClassPath(KubernetesCluster.SERVICE_CLASS)) {
                    throw new ConfigurationException(List.of("bridge.cluster: kubernetes needs camel-kubernetes on the"
                            + " class path (the runnable jar has it; an embedding application adds"
                            + " org.apache.camel:camel-kubernetes)"));
                }
                yield KubernetesCluster.service(context, settings.kubernetes());
            }
            case file -> {
                FileLockClusterService file = new FileLockClusterService();
                file.setId(nodeId);
                file.setRoot(settings.file().root().toString());
                file.setAcquireLockDelay(1, TimeUnit.MILLISECONDS);
                file.setAcquireLockInterval(settings.file().acquireMillis(), TimeUnit.MILLISECONDS);
                yield file;
            }
        };
    }

    private static boolean onClassPath(String className) {
        try {
            Class.forName(className, false, DutyCluster.class.getClassLoader());
            return true;
        } catch (ClassNotFoundException e) {
            return false;
        }
    }
}
