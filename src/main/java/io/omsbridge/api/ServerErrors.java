package io.omsbridge.api;

import io.vertx.core.http.HttpHeaders;
import io.vertx.core.http.HttpServer;
import io.vertx.ext.web.Router;
import io.vertx.ext.web.RoutingContext;
import java.util.Map;
import org.apache.camel.CamelContext;
import org.apache.camel.StartupListener;
import org.apache.camel.component.platform.http.vertx.VertxPlatformHttpRouter;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The answers Camel Main's HTTP server (Vert.x) gives by itself, before or around any route: a request it cannot read
 * (400), no such path (404), a
 * method the path does not take (405), an Accept it cannot serve (406), a body over its limit (413), a Content-Type
 * the route does not consume (415), a failure in a handler (500). Each is the API's JSON, {@code {"code", "message"}},
 * put as an error handler on the server's root router, where Vert.x ends every request no route answered (platform-http
 * mounts its routes on a sub-router, whose unanswered and failed requests go back to the root).
 */
public final class ServerErrors implements StartupListener {

    private static final Logger LOG = LoggerFactory.getLogger(ServerErrors.class);
    private static final Map<Integer, String> CODES = Map.of(
            400,
            "BAD_REQUEST",
            404,
            "NOT_FOUND",
            405,
            "METHOD_NOT_ALLOWED",
            406,
            "NOT_ACCEPTABLE",
            413,
            "TOO_LARGE",
            415,
            "UNSUPPORTED_MEDIA_TYPE",
            500,
            "INTERNAL");

    /** How a 415 ends: what to send instead, in the words of the client most people try first. */
    static final String SEND_JSON =
            " (send it with Content-Type: application/json; curl: -H 'Content-Type:" + " application/json')";

    private final int port;
    private final ApiErrors errors;

    /** {@code port}: {@code camel.server.port}, which names the server's router. */
    public ServerErrors(int port, ApiErrors errors) {
        this.port = port;
        this.errors = errors;
    }

    @Override
    public void onCamelContextStarted(CamelContext context, boolean alreadyStarted) {
        VertxPlatformHttpRouter routes =
                VertxPlatformHttpRouter.lookup(context, VertxPlatformHttpRouter.getRouterNameFromPort(port));
        HttpServer server = routes == null ? null : routes.getServer().getServer();
        if (server == null || !(server.requestHandler() instanceof Router root)) {
            LOG.debug("no HTTP server on port {} (camel.server.enabled=false): no error pages", port);
            return;
        }
        Long maxBodySize = routes.getServer().getMaxBodySize();
        for (int status : CODES.keySet()) {
            root.errorHandler(status, request -> answer(request, status, maxBodySize));
        }
    }

    private void answer(RoutingContext request, int status, Long maxBodySize) {
        String method = request.request().method().name();
        String path = request.request().path();
        String message = switch (status) {
            case 400 -> "the server cannot read this request (its URL, its headers or its body are malformed)";
            case 404 ->
                "no such path: " + path + " (the API is under /api, described at /api/openapi.json;"
                        + " the dashboard is at /)";
            case 405 -> method + " is not a method of " + path + " (/api/openapi.json lists each path's methods)";
            case 406 ->
                "Accept: " + path + " answers application/json only, not "
                        + request.request().getHeader(HttpHeaders.ACCEPT);
            case 413 ->
                "the request body is larger than the " + maxBodySize + " bytes this server takes"
                        + " (camel.server.max-body-size, by default bridge.inbox.max-file-bytes)";
            case 415 ->
                "Content-Type: " + path + " takes a JSON body (application/json), not " + contentType(request)
                        + SEND_JSON;
            default -> "the bridge failed on this call; its log says why";
        };
        if (status == 500) {
            LOG.error("HTTP call {} {} failed", method, path, request.failure());
        }
        if (!request.response().ended() && !request.response().headWritten()) {
            request.response()
                    .setStatusCode(status)
                    .putHeader(HttpHeaders.CONTENT_TYPE, "application/json")
                    .end(errors.body(CODES.get(status), message));
        }
    }

    private static String contentType(RoutingContext request) {
        String type = request.request().getHeader(HttpHeaders.CONTENT_TYPE);
        return type == null || type.isBlank() ? "a body without one" : type;
    }
}
