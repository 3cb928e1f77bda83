package io.omsbridge.api;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;

import com.fasterxml.jackson.databind.ObjectMapper;
import io.vertx.core.http.HttpHeaders;
import io.vertx.ext.web.RoutingContext;
import org.apache.camel.CamelContext;
import org.apache.camel.StartupListener;
import org.apache.camel.component.platform.http.vertx.VertxPlatformHttpRouter;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * What stands in front of every {@code /api} route on Camel Main's HTTP server, put on its Vert.x router once the
 * server is up and before any route starts: with {@code bridge.api.token} set, a call without
 * {@code Authorization: Bearer <token>} is answered 401 before its body is even read (the token compared in constant
 * time); and a call the server itself turns away (a body over the server's limit, a failure in a handler) is answered
 * in the API's JSON, with a code and a message, never a stack trace.
 */
public final class ApiGate implements StartupListener {

    private static final Logger LOG = LoggerFactory.getLogger(ApiGate.class);
    private static final String PATH = "/api/*";

    private final int port;
    private final byte[] token;
    private final ObjectMapper mapper;

    /** {@code port}: {@code camel.server.port}, which names the server's router; {@code token}: or null for none. */
    public ApiGate(int port, String token, ObjectMapper mapper) {
        this.port = port;
        this.token = token == null || token.isEmpty() ? null : token.getBytes(StandardCharsets.UTF_8);
        this.mapper = mapper;
    }

    @Override
    public void onCamelContextStarted(CamelContext context, boolean alreadyStarted) {
        VertxPlatformHttpRouter router = VertxPlatformHttpRouter.lookup(context,
                VertxPlatformHttpRouter.getRouterNameFromPort(port));
        if (router == null) {
            LOG.debug("no HTTP server on port {} (camel.server.enabled=false): no API", port);
            return;
        }
        router.route(PATH).order(-20).failureHandler(this::failed);
        if (token != null) {
            router.route(PATH).order(-10).handler(this::authenticate);
        }
    }

    private void authenticate(RoutingContext request) {
        String header = request.request().getHeader(HttpHeaders.AUTHORIZATION);
        byte[] offered = header != null && header.startsWith("Bearer ")
                ? header.substring("Bearer ".length()).trim().getBytes(StandardCharsets.UTF_8) : new byte[0];
        if (MessageDigest.isEqual(token, offered)) {
            request.next();
            return;
        }
        request.response().putHeader("WWW-Authenticate", "Bearer realm=\"oms-bridge\"");
        respond(request, 401, "UNAUTHORIZED", header == null ? "Authorization: a bearer token is required"
                : "Authorization: the bearer token is not the one this bridge was given");
    }

    private void failed(RoutingContext request) {
        int status = request.statusCode() > 0 ? request.statusCode() : 500;
        String code = switch (status) {
            case 413 -> "TOO_LARGE";
            case 400 -> "BAD_REQUEST";
            default -> status >= 500 ? "INTERNAL" : "HTTP_" + status;
        };
        String message = status == 413 ? "the request body is larger than the server takes (camel.server.max-body-size)"
                : status >= 500 ? "the bridge failed on this call; its log says why" : "the server refused this call";
        if (status >= 500 && request.failure() != null) {
            LOG.error("API call {} {} failed", request.request().method(), request.request().path(), request.failure());
        }
        respond(request, status, code, message);
    }

    private void respond(RoutingContext request, int status, String code, String message) {
        if (request.response().ended()) {
            return;
        }
        String body;
        try {
            body = mapper.writeValueAsString(mapper.createObjectNode().put("code", code).put("message", message));
        } catch (Exception e) {
            body = "{\"code\":\"" + code + "\"}";
        }
        request.response().setStatusCode(status).putHeader(HttpHeaders.CONTENT_TYPE, "application/json")
                .end(body);
    }
}
