package io.omsbridge.api;

import io.vertx.core.http.HttpHeaders;
import io.vertx.ext.web.RoutingContext;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import org.apache.camel.CamelContext;
import org.apache.camel.StartupListener;
import org.apache.camel.component.platform.http.vertx.VertxPlatformHttpRouter;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * What stands in front of every {@code /api} route on Camel Main's HTTP server, put on its Vert.x router once the
 * server is up and before any route starts: with {@code bridge.api.token} set, a call without
 * {@code Authorization: Bearer <token>} is answered 401 before its body is even read (the token compared in constant
 * time), in the API's JSON. (What the server turns away by itself, {@link ServerErrors} answers.)
 */
public final class ApiGate implements StartupListener {

    private static final Logger LOG = LoggerFactory.getLogger(ApiGate.class);
    private static final String PATH = "/api/*";

    private final int port;
    private final byte[] token;
    private final ApiErrors errors;

    /** {@code port}: {@code camel.server.port}, which names the server's router; {@code token}: or null for none. */
    public ApiGate(int port, String token, ApiErrors errors) {
        this.port = port;
        this.token = token == null || token.isEmpty() ? null : token.getBytes(StandardCharsets.UTF_8);
        this.errors = errors;
    }

    @Override
    public void onCamelContextStarted(CamelContext context, boolean alreadyStarted) {
        VertxPlatformHttpRouter router =
                VertxPlatformHttpRouter.lookup(context, VertxPlatformHttpRouter.getRouterNameFromPort(port));
        if (router == null) {
            LOG.debug("no HTTP server on port {} (camel.server.enabled=false): no API", port);
            return;
        }
        if (token != null) {
            router.route(PATH).order(-10).handler(this::authenticate);
        }
    }

    private void authenticate(RoutingContext request) {
        String header = request.request().getHeader(HttpHeaders.AUTHORIZATION);
        byte[] offered = header != null && header.startsWith("Bearer ")
                ? header.substring("Bearer ".length()).trim().getBytes(StandardCharsets.UTF_8)
                : new byte[0];
        if (MessageDigest.isEqual(token, offered)) {
            request.next();
            return;
        }
        request.response().putHeader("WWW-Authenticate", "Bearer realm=\"oms-bridge\"");
        respond(
                request,
                401,
                "UNAUTHORIZED",
                header == null
                        ? "Authorization: a bearer token is required"
                        : "Authorization: the bearer token is not the one this bridge was given");
    }

    private void respond(RoutingContext request, int status, String code, String message) {
        if (request.response().ended()) {
            return;
        }
        request.response()
                .setStatusCode(status)
                .putHeader(HttpHeaders.CONTENT_TYPE, "application/json")
                .end(errors.body(code, message));
    }
}
