package io.omsbridge.config;

import java.time.Clock;
import java.time.Duration;
import java.util.List;

import com.fasterxml.jackson.databind.ObjectMapper;
import io.micrometer.core.instrument.FunctionCounter;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.prometheusmetrics.PrometheusConfig;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import io.omsbridge.api.ApiErrors;
import io.omsbridge.api.ApiGate;
import io.omsbridge.api.BridgeStatus;
import io.omsbridge.api.DashboardAssets;
import io.omsbridge.api.LastHour;
import io.omsbridge.api.MigrationsApi;
import io.omsbridge.api.ServerErrors;
import io.omsbridge.broker.EmbeddedBroker;
import io.omsbridge.hwcloud.oms.OmsComponent;
import io.omsbridge.ledger.LedgerDatabase;
import io.omsbridge.ledger.LedgerViews;
import io.omsbridge.ledger.OperationLedger;
import io.omsbridge.model.Duties;
import io.omsbridge.model.DutyActivity;
import io.omsbridge.observe.BridgeMetrics;
import io.omsbridge.observe.BrokerHealth;
import io.omsbridge.observe.CreatesCapHealth;
import io.omsbridge.observe.DutyHealth;
import io.omsbridge.observe.HealthEndpoint;
import io.omsbridge.observe.IamHealth;
import io.omsbridge.observe.LedgerGauges;
import io.omsbridge.observe.LedgerHealth;
import io.omsbridge.observe.OmsHealth;
import io.omsbridge.request.Intakes;
import io.omsbridge.settings.BridgeSettings;
import io.omsbridge.settings.HttpSettings;
import io.omsbridge.submit.CreateCap;
import org.apache.camel.CamelContext;
import org.apache.camel.CamelContextAware;
import org.apache.camel.health.HealthCheck;
import org.apache.camel.spi.PropertiesComponent;
import org.apache.camel.spi.Registry;

/**
 * What makes the bridge operable, bound for the routes and for Camel Main's servers: the meters (on the Prometheus
 * registry Main's management server scrapes at {@code /observe/metrics}), the health checks (found in the registry by
 * Camel's health registry, served at {@code /observe/health} by {@link HealthEndpoint}), and the beans of the API and
 * the dashboard ({@code routes/http/}).
 */
final class OperateWiring {

    /** The registry name camel-micrometer looks for, and binds its own under when none is there. */
    static final String METRICS_REGISTRY = "metricsRegistry";
    /** No cycle this long while this node holds the duty: the cycles do not run. */
    private static final Duration STALE = Duration.ofMinutes(5);
    /** One cycle running this long: the bridge is stuck (liveness). */
    private static final Duration STUCK = Duration.ofMinutes(15);

    /** What the wiring reads from. {@code broker}: the embedded one, or null with a remote one. */
    record Parts(BridgeSettings settings, HttpSettings http, Clock clock, ObjectMapper mapper, LedgerDatabase database,
            OmsComponent oms, CreateCap cap, EmbeddedBroker broker, jakarta.jms.ConnectionFactory remoteBroker,
            DutyActivity poll, DutyActivity publish, OperationLedger operations, Intakes intakes,
            Duties duties) {
    }

    private OperateWiring() {
    }

    static void apply(CamelContext context, Parts p) throws Exception {
        Registry registry = context.getRegistry();
        MeterRegistry meters = registry.lookupByNameAndType(METRICS_REGISTRY, MeterRegistry.class);
        if (meters == null) {
            meters = new PrometheusMeterRegistry(PrometheusConfig.DEFAULT);
            registry.bind(METRICS_REGISTRY, meters);
        }
        BridgeMetrics metrics = new BridgeMetrics(meters);
        registry.bind("bridgeMetrics", metrics);
        p.oms().addCallListener(metrics::omsCall);
        LedgerViews views = new LedgerViews(p.database());
        LedgerGauges.register(meters, views, p.clock());
        boolean aksk = p.settings().oms().aksk();
        // there from the start, and 0 with AK/SK signing, which asks IAM for no token
        FunctionCounter.builder("omsbridge.iam.token.fetches", p.oms(), oms -> aksk ? 0 : oms.getTokenCache()
                .fetches()).description("IAM token requests made").register(meters);
        CreateCap cap = p.cap();
        Gauge.builder("omsbridge.creates.cap.remaining", cap, c -> c.limit() <= 0 ? Double.POSITIVE_INFINITY
                : Math.max(0, c.limit() - c.used())).description("Creates left in the cap's window (+Inf: no cap)")
                .register(meters);

        for (String duty : List.of(Duties.POLL, Duties.PUBLISH, Duties.SWEEP)) {
            Gauge.builder("omsbridge.duty.leader", p.duties(), d -> d.leads(duty) ? 1 : 0).tag("duty", duty)
                    .description("1 while this bridge leads the duty, 0 while another does (or none)")
                    .register(meters);
        }

        OmsHealth omsHealth = new OmsHealth();
        p.oms().addCallListener(omsHealth);
        String brokerUrl = p.settings().brokerUrl();
        List<HealthCheck> checks = List.of(
                new LedgerHealth(p.database()),
                p.broker() != null ? BrokerHealth.embedded(brokerUrl, p.broker()::isUp)
                        : BrokerHealth.remote(brokerUrl, p.remoteBroker(), p.settings().brokerUsername(),
                                p.settings().brokerPassword()),
                new IamHealth(aksk ? null : p.oms().getTokenCache()),
                omsHealth,
                new CreatesCapHealth(cap),
                new DutyHealth(p.poll(), p.duties(), STALE, STUCK),
                new DutyHealth(p.publish(), p.duties(), STALE, STUCK));
        for (HealthCheck check : checks) {
            // bound beans are found by Camel's health registry, but not given the context a check needs to run
            ((CamelContextAware) check).setCamelContext(context);
            registry.bind("health-" + check.getId(), check);
        }

        BridgeStatus.Target target = new BridgeStatus.Target(() -> p.oms().getConfiguration().getEndpoint(),
                p.settings().oms().projectId(), p.settings().oms().apiVersion(), p.settings().oms().auth(),
                p.settings().simulatorEnabled());
        registry.bind("migrationsApi", new MigrationsApi(views, p.operations(), p.mapper(),
                p.settings().inboxMaxFileBytes(), new BridgeStatus(p.mapper(), target, cap, checks), p.intakes()));
        registry.bind("lastHour", new LastHour(views, p.mapper(), p.clock()));
        ApiErrors errors = new ApiErrors(p.mapper());
        registry.bind("apiErrors", errors);
        registry.bind("dashboardAssets", new DashboardAssets());
        context.addStartupListener(new ApiGate(p.http().serverPort(), p.http().apiToken(), errors));
        context.addStartupListener(new ServerErrors(p.http().serverPort(), errors));
        PropertiesComponent properties = context.getPropertiesComponent();
        if (p.http().managementEnabled() && properties.resolveProperty("camel.management.health-check-enabled")
                .map(Boolean::parseBoolean).orElse(false)) {
            context.addStartupListener(new HealthEndpoint(p.http().managementPort(), properties.resolveProperty(
                    "camel.management.health-path").orElse("/observe/health"), p.mapper()));
        }
    }
}
