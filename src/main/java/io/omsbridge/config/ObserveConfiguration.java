package io.omsbridge.config;

import io.micrometer.core.instrument.FunctionCounter;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import io.micrometer.prometheusmetrics.PrometheusConfig;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import io.omsbridge.cluster.DutyActivity;
import io.omsbridge.cluster.DutyCluster;
import io.omsbridge.hwcloud.oms.OmsComponent;
import io.omsbridge.ledger.LedgerDatabase;
import io.omsbridge.ledger.LedgerViews;
import io.omsbridge.model.Duties;
import io.omsbridge.observe.BridgeMetrics;
import io.omsbridge.observe.BrokerHealth;
import io.omsbridge.observe.CreatesCapHealth;
import io.omsbridge.observe.DutyHealth;
import io.omsbridge.observe.IamHealth;
import io.omsbridge.observe.LedgerGauges;
import io.omsbridge.observe.LedgerHealth;
import io.omsbridge.observe.OmsHealth;
import io.omsbridge.settings.BridgeSettings;
import io.omsbridge.submit.CreateCap;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import org.apache.camel.BeanInject;
import org.apache.camel.BindToRegistry;
import org.apache.camel.CamelConfiguration;
import org.apache.camel.CamelContext;
import org.apache.camel.CamelContextAware;
import org.apache.camel.health.HealthCheck;

/**
 * What shows how the bridge is doing: the meters (on the Prometheus registry Main's management server scrapes at
 * {@code /observe/metrics}) and the health checks (found in the registry by Camel's health registry, and listed by
 * the API's status).
 */
public class ObserveConfiguration implements CamelConfiguration {

    /** The registry name camel-micrometer looks for, and binds its own under when none is there. */
    static final String METRICS_REGISTRY = "metricsRegistry";
    /** No cycle this long while this node holds the duty: the cycles do not run. */
    private static final Duration STALE = Duration.ofMinutes(5);
    /** One cycle running this long: the bridge is stuck (liveness). */
    private static final Duration STUCK = Duration.ofMinutes(15);

    /** Micrometer's Prometheus registry, there when camel-micrometer-prometheus is (an optional part of the library).
     * */
    private static final String PROMETHEUS = "io.micrometer.prometheusmetrics.PrometheusMeterRegistry";

    /** The host's meter registry where it has one, else a Prometheus one, else (a host without it) a simple one. */
    @BindToRegistry(METRICS_REGISTRY)
    public MeterRegistry metricsRegistry(CamelContext context) {
        MeterRegistry host = context.getRegistry().lookupByNameAndType(METRICS_REGISTRY, MeterRegistry.class);
        if (host != null) {
            return host;
        }
        return context.getClassResolver().resolveClass(PROMETHEUS) != null
                ? Prometheus.registry()
                : new SimpleMeterRegistry();
    }

    /** Apart, so that this class loads where Prometheus' classes are absent. */
    private static final class Prometheus {
        static MeterRegistry registry() {
            return new PrometheusMeterRegistry(PrometheusConfig.DEFAULT);
        }
    }

    @BindToRegistry
    public BridgeMetrics bridgeMetrics(@BeanInject(METRICS_REGISTRY) MeterRegistry meters) {
        return new BridgeMetrics(meters);
    }

    @BindToRegistry(BridgeHealthChecks.BEAN)
    public BridgeHealthChecks bridgeHealthChecks(
            CamelContext context,
            @BeanInject("ledgerDatabase") LedgerDatabase database,
            @BeanInject("createCap") CreateCap cap,
            @BeanInject(PollConfiguration.ACTIVITY) DutyActivity poll,
            @BeanInject(PublishConfiguration.ACTIVITY) DutyActivity publish,
            @BeanInject(ClusterConfiguration.DUTIES) Duties duties,
            @BeanInject(AllSettings.BEAN) AllSettings all) {
        BridgeSettings settings = all.bridge();
        OmsComponent oms = context.getComponent("hwcloud-oms", OmsComponent.class);
        EmbeddedBroker broker =
                context.getRegistry().lookupByNameAndType(BrokerConfiguration.EMBEDDED_BROKER, EmbeddedBroker.class);
        return new BridgeHealthChecks(List.of(
                new LedgerHealth(database),
                broker != null
                        ? BrokerHealth.embedded(settings.brokerUrl(), broker::isUp)
                        : BrokerHealth.remote(
                                settings.brokerUrl(),
                                BrokerConfiguration.brokerConnections(context),
                                settings.brokerUsername(),
                                settings.brokerPassword()),
                new IamHealth(settings.oms().aksk() ? null : oms.getTokenCache()),
                new OmsHealth(),
                new CreatesCapHealth(cap),
                new DutyHealth(poll, duties, STALE, STUCK),
                new DutyHealth(publish, duties, STALE, STUCK)));
    }

    @Override
    public void configure(CamelContext context) throws Exception {
        MeterRegistry meters = context.getRegistry().lookupByNameAndType(METRICS_REGISTRY, MeterRegistry.class);
        OmsComponent oms = context.getComponent("hwcloud-oms", OmsComponent.class);
        oms.addCallListener(context.getRegistry().lookupByNameAndType("bridgeMetrics", BridgeMetrics.class)::omsCall);
        Clock clock = context.getRegistry().lookupByNameAndType(BridgeConfiguration.CLOCK_BEAN, Clock.class);
        LedgerGauges.register(
                meters, context.getRegistry().lookupByNameAndType("ledgerViews", LedgerViews.class), clock);
        AllSettings all = context.getRegistry().lookupByNameAndType(AllSettings.BEAN, AllSettings.class);
        boolean aksk = all.bridge().oms().aksk();
        // there from the start, and 0 with AK/SK signing, which asks IAM for no token
        FunctionCounter.builder(
                        "omsbridge.iam.token.fetches",
                        oms,
                        c -> aksk ? 0 : c.getTokenCache().fetches())
                .description("IAM token requests made")
                .register(meters);
        Duties duties = context.getRegistry().lookupByNameAndType(ClusterConfiguration.DUTIES, Duties.class);
        for (String duty : DutyCluster.DUTIES) {
            Gauge.builder("omsbridge.duty.leader", duties, d -> d.leads(duty) ? 1 : 0)
                    .tag("duty", duty)
                    .description("1 while this bridge leads the duty, 0 while another does (or none)")
                    .register(meters);
        }
        CreateCap cap = context.getRegistry().lookupByNameAndType("createCap", CreateCap.class);
        Gauge.builder(
                        "omsbridge.creates.cap.remaining",
                        cap,
                        c -> c.limit() <= 0 ? Double.POSITIVE_INFINITY : Math.max(0, c.limit() - c.used()))
                .description("Creates left in the cap's window (+Inf: no cap)")
                .register(meters);
        for (HealthCheck check : context.getRegistry()
                .lookupByNameAndType(BridgeHealthChecks.BEAN, BridgeHealthChecks.class)
                .all()) {
            // bound beans are found by Camel's health registry, but not given the context a check needs to run
            ((CamelContextAware) check).setCamelContext(context);
            context.getRegistry().bind("health-" + check.getId(), check);
            if (check instanceof OmsHealth calls) {
                oms.addCallListener(calls);
            }
        }
    }
}
