package io.omsbridge.config;

import com.fasterxml.jackson.databind.ObjectMapper;
import io.omsbridge.api.ApiErrors;
import io.omsbridge.api.ApiGate;
import io.omsbridge.api.BridgeStatus;
import io.omsbridge.api.DashboardAssets;
import io.omsbridge.api.LastHour;
import io.omsbridge.api.MigrationsApi;
import io.omsbridge.api.ServerErrors;
import io.omsbridge.hwcloud.oms.OmsComponent;
import io.omsbridge.ledger.LedgerViews;
import io.omsbridge.ledger.OperationLedger;
import io.omsbridge.observe.HealthEndpoint;
import io.omsbridge.settings.BridgeSettings;
import io.omsbridge.settings.HttpSettings;
import io.omsbridge.submit.CreateCap;
import java.time.Clock;
import org.apache.camel.BeanInject;
import org.apache.camel.BindToRegistry;
import org.apache.camel.CamelConfiguration;
import org.apache.camel.CamelContext;
import org.apache.camel.spi.PropertiesComponent;

/**
 * The HTTP API and the dashboard ({@code routes/http/}, served by Main's HTTP server), the token that guards them,
 * and the health endpoint of Main's management server.
 */
public class ApiConfiguration implements CamelConfiguration {

    /** Main's HTTP server's router, on which the token gate, the error pages and the health endpoint hang. */
    private static final String HTTP_ROUTER = "org.apache.camel.component.platform.http.vertx.VertxPlatformHttpRouter";

    private final ObjectMapper mapper = new ObjectMapper();

    @BindToRegistry
    public MigrationsApi migrationsApi(
            @BeanInject("ledgerViews") LedgerViews views,
            @BeanInject("operationLedger") OperationLedger operations,
            @BeanInject("createCap") CreateCap cap,
            @BeanInject(BridgeHealthChecks.BEAN) BridgeHealthChecks checks,
            CamelContext context,
            @BeanInject(AllSettings.BEAN) AllSettings all) {
        return new MigrationsApi(
                views,
                operations,
                mapper,
                all.bridge().inboxMaxFileBytes(),
                bridgeStatus(context, all.bridge(), cap, checks),
                IntakeConfiguration.inputReader(all.bridge()));
    }

    @BindToRegistry
    public LastHour lastHour(
            @BeanInject("ledgerViews") LedgerViews views, @BeanInject(BridgeConfiguration.CLOCK_BEAN) Clock clock) {
        return new LastHour(views, mapper, clock);
    }

    @BindToRegistry
    public ApiErrors apiErrors() {
        return new ApiErrors(mapper);
    }

    @BindToRegistry
    public DashboardAssets dashboardAssets() {
        return new DashboardAssets();
    }

    /** Where tasks go (the endpoint read when asked: the simulator's is known once it listens), the cap, the checks. */
    private BridgeStatus bridgeStatus(
            CamelContext context, BridgeSettings settings, CreateCap cap, BridgeHealthChecks checks) {
        OmsComponent oms = context.getComponent("hwcloud-oms", OmsComponent.class);
        BridgeStatus.Target target = new BridgeStatus.Target(
                () -> oms.getConfiguration().getEndpoint(),
                settings.oms().projectId(),
                settings.oms().apiVersion(),
                settings.oms().auth(),
                settings.simulatorEnabled(),
                settings.oms().regions().values().stream()
                        .map(r -> new BridgeStatus.Region(r.name(), r.endpoint().toString(), r.projectId()))
                        .toList());
        return new BridgeStatus(mapper, target, cap, checks.all());
    }

    @Override
    public void configure(CamelContext context) throws Exception {
        if (context.getClassResolver().resolveClass(HTTP_ROUTER) == null) {
            // a host without Main's HTTP server (camel-platform-http-main, optional) serves no API: nothing to guard
            return;
        }
        HttpSettings http = context.getRegistry()
                .lookupByNameAndType(AllSettings.BEAN, AllSettings.class)
                .http();
        ApiErrors errors = context.getRegistry().lookupByNameAndType("apiErrors", ApiErrors.class);
        context.addStartupListener(new ApiGate(http.serverPort(), http.apiToken(), errors));
        context.addStartupListener(new ServerErrors(http.serverPort(), errors));
        PropertiesComponent properties = context.getPropertiesComponent();
        if (http.managementEnabled()
                && properties
                        .resolveProperty("camel.management.health-check-enabled")
                        .map(Boolean::parseBoolean)
                        .orElse(false)) {
            context.addStartupListener(new HealthEndpoint(
                    http.managementPort(),
                    properties.resolveProperty("camel.management.health-path").orElse("/observe/health"),
                    mapper));
        }
    }
}
