package io.omsbridge.iam;

import java.time.Instant;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import org.apache.camel.Exchange;
import org.apache.camel.ProducerTemplate;

/** Gets a project-scoped IAM token by password ({@code POST /v3/auth/tokens}, the seed's step 1) through Camel HTTP. */
public final class IamClient {

    private final ProducerTemplate template;
    private final ObjectMapper mapper;
    private final String password;

    public IamClient(ProducerTemplate template, ObjectMapper mapper, String password) {
        this.template = template;
        this.mapper = mapper;
        this.password = password;
    }

    public Token fetch(TokenKey key) {
        ObjectNode body = mapper.createObjectNode();
        ObjectNode auth = body.putObject("auth");
        ObjectNode identity = auth.putObject("identity");
        identity.putArray("methods").add("password");
        identity.putObject("password").putObject("user").put("name", key.user()).put("password", password)
                .putObject("domain").put("name", key.domain());
        auth.putObject("scope").putObject("project").put("id", key.projectId());
        Exchange reply;
        try {
            String json = mapper.writeValueAsString(body);
            reply = template.request(key.iamEndpoint() + "/v3/auth/tokens?throwExceptionOnFailure=false", e -> {
                e.getIn().setHeader(Exchange.HTTP_METHOD, "POST");
                e.getIn().setHeader(Exchange.CONTENT_TYPE, "application/json;charset=utf8");
                e.getIn().setBody(json);
            });
        } catch (Exception e) {
            throw new IamException("IAM token request failed: " + e.getMessage(), false, e);
        }
        if (reply.getException() != null) {
            throw new IamException("IAM unreachable at " + key.iamEndpoint() + ": " + reply.getException().getMessage(),
                    false, reply.getException());
        }
        int status = reply.getMessage().getHeader(Exchange.HTTP_RESPONSE_CODE, 0, Integer.class);
        String text = reply.getMessage().getBody(String.class);
        if (status != 201 && status != 200) {
            boolean rejected = status == 400 || status == 401 || status == 403 || status == 404;
            throw new IamException("IAM refused a token for user '" + key.user() + "' in domain '" + key.domain()
                    + "', project " + key.projectId() + ": HTTP " + status + " " + keystoneMessage(text)
                    + (rejected ? " (check iam.username, iam.password, iam.domain and oms.project-id)" : ""),
                    rejected, null);
        }
        String token = reply.getMessage().getHeader("X-Subject-Token", String.class);
        if (token == null || token.isBlank()) {
            throw new IamException("IAM answered " + status + " without an X-Subject-Token header", false, null);
        }
        return new Token(token, expiresAt(text));
    }

    private Instant expiresAt(String text) {
        try {
            JsonNode expires = mapper.readTree(text).path("token").path("expires_at");
            return expires.isTextual() ? Instant.parse(expires.asText()) : Instant.now().plusSeconds(3600);
        } catch (Exception e) {
            // no readable expiry: assume an hour, well inside the documented 24 h
            return Instant.now().plusSeconds(3600);
        }
    }

    private String keystoneMessage(String text) {
        try {
            JsonNode error = mapper.readTree(text).path("error");
            return error.path("message").asText(error.path("title").asText(""));
        } catch (Exception e) {
            return "";
        }
    }
}
