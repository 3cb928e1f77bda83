package io.omsbridge.simulator;

import com.fasterxml.jackson.databind.JsonNode;
import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpHandler;
import java.io.IOException;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/** IAM {@code POST /v3/auth/tokens} with the password method, answering Keystone shapes. */
final class IamHandler implements HttpHandler {

    static final String PATH = "/v3/auth/tokens";
    private static final Logger LOG = LoggerFactory.getLogger(IamHandler.class);

    private final List<SimUser> users;
    private final Duration ttl;
    private final TokenRegistry tokens;
    private final FaultGate faults;
    private final StatsRecorder stats;
    private final String baseUrl;

    IamHandler(
            SimulatorSettings settings, TokenRegistry tokens, FaultGate faults, StatsRecorder stats, String baseUrl) {
        this.users = settings.users();
        this.ttl = settings.tokenTtl();
        this.tokens = tokens;
        this.faults = faults;
        this.stats = stats;
        this.baseUrl = baseUrl;
    }

    /** A Keystone error; status and title go into the body. */
    private static final class KeystoneError extends RuntimeException {
        final int status;
        final String title;

        KeystoneError(int status, String title, String message) {
            super(message, null, false, false);
            this.status = status;
            this.title = title;
        }
    }

    @Override
    public void handle(HttpExchange ex) throws IOException {
        HttpIo.begin(ex);
        stats.tokenCalls.increment();
        try {
            byte[] body = HttpIo.readBody(ex);
            if (!ex.getRequestURI().getPath().equals(PATH)) {
                throw new KeystoneError(404, "Not Found", "The resource could not be found.");
            }
            if (!ex.getRequestMethod().equals("POST")) {
                throw new KeystoneError(405, "Method Not Allowed", "Only POST is supported here.");
            }
            switch (faults.enter()) {
                case ERROR_500 -> throw injected(500, "Internal Server Error");
                case ERROR_503 -> throw injected(503, "Service Unavailable");
                case THROTTLED -> throw injected(429, "Too Many Requests");
                case NONE -> {}
            }
            JsonNode auth = parse(body);
            SimUser user = authenticate(auth.path("identity"));
            IssuedToken grant = scope(user, auth.get("scope"));
            String token = tokens.issue(grant);
            if (grant.projectId() != null) {
                stats.project(grant.projectId()).tokenCalls.increment();
            }
            boolean catalog = blank(HttpIo.query(ex).get("nocatalog"));
            ex.getResponseHeaders().set("X-Subject-Token", token);
            HttpIo.sendJson(ex, 201, IamTokenJson.write(grant, catalog, baseUrl));
        } catch (KeystoneError e) {
            stats.tokenFailures.increment();
            HttpIo.sendJson(ex, e.status, Json.keystoneError(e.status, e.title, e.getMessage()));
        } catch (RuntimeException e) {
            LOG.warn("IAM handler failed", e);
            stats.tokenFailures.increment();
            HttpIo.sendJson(ex, 500, Json.keystoneError(500, "Internal Server Error", "Unexpected simulator error."));
        }
    }

    private KeystoneError injected(int status, String title) {
        stats.injectedFaults.increment();
        return new KeystoneError(status, title, title + " (simulated fault).");
    }

    private static JsonNode parse(byte[] body) {
        JsonNode root = Json.parseOrNull(body);
        if (root == null || !root.isObject()) {
            throw badRequest("The request body is not valid JSON.");
        }
        JsonNode auth = root.get("auth");
        if (auth == null || !auth.isObject()) {
            throw badRequest("The request body must contain an auth object.");
        }
        // §7: identity and scope are both required, so a body without either is a bad request before any lookup
        for (String part : new String[] {"identity", "scope"}) {
            JsonNode node = auth.get(part);
            if (node == null || !node.isObject()) {
                throw badRequest("auth." + part + " is required.");
            }
        }
        return auth;
    }

    private SimUser authenticate(JsonNode identity) {
        JsonNode methods = identity.get("methods");
        boolean password = false;
        if (methods != null && methods.isArray()) {
            for (JsonNode m : methods) {
                password |= "password".equals(m.asText());
            }
        }
        if (!password) {
            throw badRequest("auth.identity.methods must contain \"password\".");
        }
        JsonNode user = identity.path("password").path("user");
        String name = text(user, "name");
        String secret = text(user, "password");
        JsonNode domain = user.path("domain");
        String domainName = domain.path("name").asText(null);
        String domainId = domain.path("id").asText(null);
        if (name == null || secret == null || (domainName == null && domainId == null)) {
            throw badRequest("auth.identity.password.user needs name, password and domain (name or id).");
        }
        for (SimUser u : users) {
            boolean sameDomain = u.domain().equals(domainName) || u.domainId().equals(domainId);
            if (sameDomain && u.name().equals(name) && u.password().equals(secret)) {
                return u;
            }
        }
        throw unauthorized("The username or password is wrong.");
    }

    private IssuedToken scope(SimUser user, JsonNode scope) {
        Instant issued = Instant.now();
        Instant expires = issued.plus(ttl);
        JsonNode project = scope.get("project");
        if (project != null && project.isObject()) {
            String id = text(project, "id");
            String name = text(project, "name");
            if (id == null && name == null) {
                throw badRequest("auth.scope.project needs id or name.");
            }
            for (SimUser u : users) {
                boolean match =
                        id != null ? u.projectId().equals(id) : u.projectName().equals(name);
                if (match && u.domain().equals(user.domain())) {
                    return new IssuedToken(user, u.projectId(), u.projectName(), false, issued, expires);
                }
            }
            throw unauthorized("The project does not exist or the user has no access to it.");
        }
        JsonNode domain = scope.get("domain");
        if (domain != null && domain.isObject()) {
            String id = text(domain, "id");
            String name = text(domain, "name");
            if ((id == null && name == null)
                    || (id != null && !id.equals(user.domainId()))
                    || (name != null && !name.equals(user.domain()))) {
                throw unauthorized("The domain in the scope does not match the user's domain.");
            }
            return new IssuedToken(user, null, null, true, issued, expires);
        }
        throw badRequest("auth.scope must name a project or a domain.");
    }

    private static String text(JsonNode node, String field) {
        JsonNode v = node.get(field);
        return v != null && v.isTextual() && !v.asText().isEmpty() ? v.asText() : null;
    }

    private static boolean blank(String s) {
        return s == null || s.isEmpty();
    }

    private static KeystoneError badRequest(String message) {
        return new KeystoneError(400, "Bad Request", message);
    }

    private static KeystoneError unauthorized(String message) {
        return new KeystoneError(401, "Unauthorized", message);
    }
}
