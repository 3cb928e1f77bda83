package io.omsbridge.submit;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.omsbridge.hwcloud.oms.OmsApiVersion;
import io.omsbridge.hwcloud.oms.OmsConstants;
import io.omsbridge.hwcloud.oms.OmsException;
import io.omsbridge.ledger.Ledger;
import io.omsbridge.ledger.LedgerRecord;
import io.omsbridge.model.BridgeConstants;
import io.omsbridge.model.TaskDescription;
import io.omsbridge.request.V2Bodies;
import io.omsbridge.settings.Credential;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.Function;
import org.apache.camel.Exchange;
import org.apache.camel.ExchangeProperty;

/**
 * The create-task body of a claimed request as OMS wants it: the stored body (the seed's v1 shape) with its keys put
 * back (an alias's from the configuration, inline ones unsealed), the description tagged with the request id and the
 * end of the lease it is posted under (build it after the last renewal before the POST), and,
 * for API v2, written in v2's names ({@link V2Bodies}) unless the request came in v2's shape, which is sent as written.
 */
public final class CreateBodies {

    private final Ledger ledger;
    private final ObjectMapper mapper;
    private final Function<String, Optional<Credential>> credentials;
    private final OmsApiVersion version;

    public CreateBodies(
            Ledger ledger,
            ObjectMapper mapper,
            Function<String, Optional<Credential>> credentials,
            OmsApiVersion version) {
        this.ledger = ledger;
        this.mapper = mapper;
        this.credentials = credentials;
        this.version = version;
    }

    /** Body out: the create body's JSON; the keys it holds live in this exchange's body only, until the POST. */
    public String build(@ExchangeProperty(BridgeConstants.ATTEMPT) SubmitAttempt attempt, Exchange exchange)
            throws Exception {
        LedgerRecord r = attempt.record();
        // the task is made in the request's project (project_id, else its region's or oms.project-id), at its
        // region's OMS when regions are configured
        exchange.getMessage().setHeader(OmsConstants.PROJECT_ID, r.projectId());
        if (r.region() != null) {
            exchange.getMessage().setHeader(OmsConstants.REGION, r.region());
        }
        ObjectNode body = (ObjectNode) mapper.readTree(r.body());
        for (String node : List.of("src_node", "dst_node")) {
            ObjectNode n = (ObjectNode) body.get(node);
            JsonNode alias = n.remove("credential");
            if (alias != null) {
                // the alias passed validation when the request came, so it is a name from the configuration
                Credential c = credentials
                        .apply(alias.asText())
                        .orElseThrow(() -> new OmsException(
                                400,
                                "BRIDGE.CREDENTIAL",
                                node + ".credential: credential alias '" + alias.asText() + "' is no longer configured",
                                null));
                n.put("ak", c.ak()).put("sk", c.sk());
                if (c.securityToken() != null) {
                    n.put("security_token", c.securityToken());
                }
            }
        }
        String sealed = ledger.openSecrets(r);
        if (sealed != null) {
            merge(body, mapper.readTree(sealed));
        }
        // the bridge's own fields of a migration in passes; OMS gets the pass's migrate_since
        body.remove("passes");
        body.remove("pass");
        body.put(
                "description",
                TaskDescription.of(
                        r.requestId(),
                        attempt.leaseUntil(),
                        body.path("description").asText(null)));
        boolean v1Shape = V2Bodies.isV1Shape(body);
        JsonNode preflight = body.remove("preflight");
        attempt.bodyBuilt(preflight == null ? null : preflight.asBoolean(), v1Shape);
        if (body.path("group").asBoolean(false)) {
            body.remove("group");
            return mapper.writeValueAsString(
                    v1Shape ? V2Bodies.createTaskGroup(body) : V2Bodies.createTaskGroupV2(body));
        }
        if (version == OmsApiVersion.v1) {
            return mapper.writeValueAsString(body);
        }
        return mapper.writeValueAsString(v1Shape ? V2Bodies.createTask(body) : V2Bodies.createTaskV2(body));
    }

    /** Puts every secret of the sealed tree back at its place in the body (they were taken out on the same paths). */
    private static void merge(ObjectNode body, JsonNode secrets) {
        for (Iterator<Map.Entry<String, JsonNode>> it = secrets.fields(); it.hasNext(); ) {
            Map.Entry<String, JsonNode> e = it.next();
            JsonNode target = body.get(e.getKey());
            if (e.getValue().isObject() && target != null && target.isObject()) {
                merge((ObjectNode) target, e.getValue());
            } else {
                body.set(e.getKey(), e.getValue());
            }
        }
    }
}
