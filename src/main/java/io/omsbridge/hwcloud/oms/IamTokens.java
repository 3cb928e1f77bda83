package io.omsbridge.hwcloud.oms;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.omsbridge.hwcloud.oms.auth.IamException;
import io.omsbridge.hwcloud.oms.auth.Token;
import io.omsbridge.hwcloud.oms.auth.TokenKey;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Instant;
import java.util.Map;

/**
 * A project-scoped IAM token by password ({@code POST /v3/auth/tokens}, the quickstart's step 1), through Camel HTTP:
 * the token is the {@code X-Subject-Token} header, its expiry {@code token.expires_at}.
 */
final class IamTokens {

    private static final ObjectMapper JSON = new ObjectMapper();

    private final HttpCall http;
    private final String password;
    private final Clock clock;

    IamTokens(HttpCall http, String password, Clock clock) {
        this.http = http;
        this.password = password;
        this.clock = clock;
    }

    Token fetch(TokenKey key) {
        ObjectNode body = JSON.createObjectNode();
        ObjectNode auth = body.putObject("auth");
        ObjectNode identity = auth.putObject("identity");
        identity.putArray("methods").add("password");
        identity.putObject("password")
                .putObject("user")
                .put("name", key.user())
                .put("password", password)
                .putObject("domain")
                .put("name", key.domain());
        auth.putObject("scope").putObject("project").put("id", key.projectId());
        HttpCall.Answer answer;
        try {
            answer = http.send(
                    "POST",
                    "/v3/auth/tokens",
                    null,
                    Map.of("Content-Type", "application/json;charset=utf8"),
                    body.toString().getBytes(StandardCharsets.UTF_8));
        } catch (OmsException e) {
            // not chained: a route's error handler matches the IAM failure, not the HTTP one under it
            throw new IamException("IAM unreachable at " + key.iamEndpoint() + ": " + e.errorMessage(), false, null);
        }
        if (answer.status() != 201 && answer.status() != 200) {
            boolean rejected = answer.status() == 400
                    || answer.status() == 401
                    || answer.status() == 403
                    || answer.status() == 404;
            throw new IamException(
                    "IAM refused a token for user '" + key.user() + "' in domain '" + key.domain()
                            + "', project " + key.projectId() + ": HTTP " + answer.status() + " "
                            + keystoneMessage(answer.body())
                            + (rejected ? " (check the IAM user, password, domain and project)" : ""),
                    rejected,
                    null);
        }
        String token = answer.message().getHeader("X-Subject-Token", String.class);
        if (token == null || token.isBlank()) {
            throw new IamException(
                    "IAM answered " + answer.status() + " without an X-Subject-Token header", false, null);
        }
        JsonNode times = tokenTimes(answer.body());
        Instant expiresAt = instant(times.path("expires_at"));
        // no readable expiry: assume an hour, well inside the documented 24 h (issued now, as far as we know)
        return expiresAt == null
                ? new Token(token, clock.instant().plusSeconds(3600))
                : new Token(token, expiresAt, instant(times.path("issued_at")));
    }

    private static JsonNode tokenTimes(String text) {
        try {
            return JSON.readTree(text).path("token");
        } catch (Exception e) {
            return JSON.missingNode();
        }
    }

    private static Instant instant(JsonNode field) {
        try {
            return field.isTextual() ? Instant.parse(field.asText()) : null;
        } catch (RuntimeException e) {
            return null;
        }
    }

    private static String keystoneMessage(String text) {
        try {
            JsonNode error = JSON.readTree(text).path("error");
            return error.path("message").asText(error.path("title").asText(""));
        } catch (Exception e) {
            return "";
        }
    }
}
