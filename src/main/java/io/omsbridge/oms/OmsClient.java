package io.omsbridge.oms;

import java.util.ArrayList;
import java.util.List;
import java.util.function.Function;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.omsbridge.iam.Token;
import io.omsbridge.iam.TokenCache;
import io.omsbridge.iam.TokenKey;
import io.omsbridge.model.BridgeConstants;
import org.apache.camel.Exchange;
import org.apache.camel.ProducerTemplate;

/**
 * The OMS v1 reads the bridge makes outside the create route (show, list) through Camel HTTP, with the cached token
 * and one retry with a fresh token on a 401.
 */
public final class OmsClient {

    private final ProducerTemplate template;
    private final ObjectMapper mapper;
    private final TokenCache tokens;
    private final String omsEndpoint;
    private final Function<String, TokenKey> tokenKeys;

    public OmsClient(ProducerTemplate template, ObjectMapper mapper, TokenCache tokens, String omsEndpoint,
            Function<String, TokenKey> tokenKeys) {
        this.template = template;
        this.mapper = mapper;
        this.tokens = tokens;
        this.omsEndpoint = omsEndpoint;
        this.tokenKeys = tokenKeys;
    }

    /** {@code GET /v1/{project}/objectstorage/task/{id}}; an unknown task is {@link OmsApiException#taskUnknown()}. */
    public JsonNode show(String projectId, long taskId) {
        return get(projectId, "/task/" + taskId);
    }

    /** One page of {@code GET .../task?start=&limit=[&state=]}, newest first as OMS lists them. */
    public List<JsonNode> list(String projectId, int start, int limit, Integer state) {
        JsonNode page = get(projectId, "/task?start=" + start + "&limit=" + limit + (state == null ? "" : "&state="
                + state));
        JsonNode tasks = page.isArray() ? page : page.path("tasks");
        List<JsonNode> out = new ArrayList<>(tasks.size());
        tasks.forEach(out::add);
        return out;
    }

    private JsonNode get(String projectId, String path) {
        TokenKey key = tokenKeys.apply(projectId);
        Token token = tokens.get(key);
        Exchange reply = send(projectId, path, token);
        int status = status(reply);
        if (status == 401) {
            tokens.invalidate(key, token.value());
            reply = send(projectId, path, tokens.get(key));
            status = status(reply);
        }
        String body = reply.getMessage().getBody(String.class);
        if (status != 200) {
            throw OmsErrors.parse(mapper, status, body);
        }
        try {
            return mapper.readTree(body == null || body.isBlank() ? "{}" : body);
        } catch (Exception e) {
            throw new OmsApiException(status, "BRIDGE.BAD_JSON", "OMS answered with a body that is not JSON");
        }
    }

    private Exchange send(String projectId, String path, Token token) {
        int q = path.indexOf('?');
        // one endpoint for all reads: the path and query travel in headers, so paging creates no new endpoints
        Exchange reply = template.request(omsEndpoint + "/v1?throwExceptionOnFailure=false", e -> {
                    e.getIn().setHeader(Exchange.HTTP_METHOD, "GET");
                    e.getIn().setHeader(Exchange.HTTP_PATH, projectId + "/objectstorage" + (q < 0 ? path
                            : path.substring(0, q)));
                    if (q >= 0) {
                        e.getIn().setHeader(Exchange.HTTP_QUERY, path.substring(q + 1));
                    }
                    e.getIn().setHeader(Exchange.CONTENT_TYPE, "application/json");
                    e.getIn().setHeader(BridgeConstants.AUTH_TOKEN, token.value());
                });
        if (reply.getException() != null) {
            throw new OmsUnreachableException(reply.getException());
        }
        return reply;
    }

    private static int status(Exchange reply) {
        return reply.getMessage().getHeader(Exchange.HTTP_RESPONSE_CODE, 0, Integer.class);
    }
}
