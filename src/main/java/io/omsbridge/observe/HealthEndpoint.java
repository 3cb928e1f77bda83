package io.omsbridge.observe;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.vertx.core.http.HttpMethod;
import io.vertx.ext.web.RoutingContext;
import java.util.Collection;
import java.util.List;
import java.util.function.Function;
import org.apache.camel.CamelContext;
import org.apache.camel.StartupListener;
import org.apache.camel.component.platform.http.vertx.VertxPlatformHttpRouter;
import org.apache.camel.health.HealthCheck;
import org.apache.camel.health.HealthCheckHelper;
import org.apache.camel.health.HealthCheckRegistry;

/**
 * {@code /observe/health}, {@code /live} and {@code /ready} on Main's management server, answered before Camel's own
 * handler: Camel's writer escapes each message twice (a path's slashes arrive as {@code \/}), this one writes every
 * message as it is with Jackson. Same shape as Camel's: {@code {"status", "checks": [{"name", "status", "message"}]}},
 * 503 when down, {@code camel.health.exposure-level} (or {@code ?exposureLevel=}) deciding which checks are listed.
 */
public final class HealthEndpoint implements StartupListener {

    private final int port;
    private final String path;
    private final ObjectMapper mapper;

    /** {@code port}: {@code camel.management.port}, which names the server's router; {@code path}: its health path. */
    public HealthEndpoint(int port, String path, ObjectMapper mapper) {
        this.port = port;
        this.path = path;
        this.mapper = mapper;
    }

    @Override
    public void onCamelContextStarted(CamelContext context, boolean alreadyStarted) {
        VertxPlatformHttpRouter router =
                VertxPlatformHttpRouter.lookup(context, VertxPlatformHttpRouter.getRouterNameFromPort(port));
        if (router == null) {
            return;
        }
        mount(router, path, context, HealthCheckHelper::invoke, false);
        mount(router, path + "/live", context, HealthCheckHelper::invokeLiveness, false);
        mount(router, path + "/ready", context, HealthCheckHelper::invokeReadiness, true);
    }

    private void mount(
            VertxPlatformHttpRouter router,
            String at,
            CamelContext context,
            Function<CamelContext, Collection<HealthCheck.Result>> invoke,
            boolean readiness) {
        // ahead of Camel's route on the same path; checks may block (the ledger, the broker), so off the event loop
        router.route(at)
                .order(-20)
                .method(HttpMethod.GET)
                .blockingHandler(request -> answer(request, context, invoke.apply(context), readiness));
    }

    private void answer(
            RoutingContext request, CamelContext context, Collection<HealthCheck.Result> results, boolean readiness) {
        boolean up = HealthCheckHelper.isResultsUp(results, readiness);
        String level = request.request().getParam("exposureLevel");
        if (level == null) {
            HealthCheckRegistry registry = HealthCheckRegistry.get(context);
            level = registry != null ? registry.getExposureLevel() : "default";
        }
        ObjectNode body = mapper.createObjectNode().put("status", up ? "UP" : "DOWN");
        if (!"oneline".equals(level)) {
            boolean all = "full".equals(level);
            ArrayNode checks = body.putArray("checks");
            for (HealthCheck.Result result : List.copyOf(results)) {
                if (all || result.getState() == HealthCheck.State.DOWN) {
                    checks.add(check(result, all));
                }
            }
        }
        request.response()
                .setStatusCode(up ? 200 : 503)
                .putHeader("content-type", "application/json")
                .end(body.toString());
    }

    private ObjectNode check(HealthCheck.Result result, boolean full) {
        ObjectNode check = mapper.createObjectNode()
                .put("name", result.getCheck().getId())
                .put("status", result.getState().name());
        result.getMessage().ifPresent(message -> check.put("message", message));
        if (full) {
            result.getError().ifPresent(error -> check.put("error-message", causes(error)));
        }
        return check;
    }

    /** An error and its causes, by message, as Camel lists them. */
    private static String causes(Throwable error) {
        StringBuilder text = new StringBuilder(String.valueOf(error.getMessage()));
        for (Throwable cause = error.getCause(); cause != null; cause = cause.getCause()) {
            text.append("; caused by: ").append(cause.getMessage());
        }
        return text.toString();
    }
}
