package io.omsbridge.api;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.omsbridge.observe.BridgeHealthCheck;
import io.omsbridge.submit.CreateCap;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.function.Supplier;
import org.apache.camel.health.HealthCheck;
import org.apache.camel.util.URISupport;

/**
 * What {@code GET /api/status} adds to the ledger's counts: what the bridge talks to (the OMS endpoint, project, API
 * version and kind of authentication, never a key; whether it is the built-in simulator), the creates cap's use, and
 * the bridge's own health checks (ledger, broker, IAM, OMS, cap, poll, publish), each with its state and its reason,
 * as the dashboard shows them.
 */
public final class BridgeStatus implements Supplier<ObjectNode> {

    /**
     * Where tasks go: {@code endpoint} read when asked (the built-in simulator's is known once it listens), the
     * project, {@code v1}/{@code v2}, {@code token}/{@code aksk}, and whether it is the simulator (the demo).
     */
    public record Target(
            Supplier<String> endpoint,
            String projectId,
            String apiVersion,
            String auth,
            boolean simulator,
            List<Region> regions) {

        public Target(Supplier<String> endpoint, String projectId, String apiVersion, String auth, boolean simulator) {
            this(endpoint, projectId, apiVersion, auth, simulator, List.of());
        }
    }

    /** A destination region tasks are made in, with its OMS endpoint and project. */
    public record Region(String name, String endpoint, String projectId) {}

    private final ObjectMapper mapper;
    private final Target target;
    private final CreateCap cap;
    private final List<HealthCheck> checks;

    public BridgeStatus(ObjectMapper mapper, Target target, CreateCap cap, List<HealthCheck> checks) {
        this.mapper = mapper;
        this.target = target;
        this.cap = cap;
        this.checks = List.copyOf(checks);
    }

    @Override
    public ObjectNode get() {
        ObjectNode json = mapper.createObjectNode();
        String endpoint = target.endpoint().get();
        // an endpoint is a plain URL, but one written with user:password@ must not show it
        json.putObject("oms")
                .put("endpoint", endpoint == null ? null : URISupport.sanitizeUri(endpoint))
                .put("project_id", target.projectId())
                .put("api_version", target.apiVersion())
                .put("auth", target.auth())
                .put("simulator", target.simulator());
        if (!target.regions().isEmpty()) {
            ObjectNode regions = ((ObjectNode) json.get("oms")).putObject("regions");
            target.regions()
                    .forEach(r -> regions.putObject(r.name())
                            .put("endpoint", URISupport.sanitizeUri(r.endpoint()))
                            .put("project_id", r.projectId()));
        }
        ObjectNode capJson = json.putObject("creates_cap")
                .put("limit", cap.limit())
                .put("used", cap.used())
                .put("window", Duration.ofMillis(cap.windowMillis()).toString());
        long freesAt = cap.oldestFreesAt();
        capJson.put(
                "next_slot_frees_at",
                cap.limit() > 0 && cap.used() >= cap.limit() && freesAt > 0
                        ? Instant.ofEpochMilli(freesAt).toString()
                        : null);
        ArrayNode health = json.putArray("checks");
        for (HealthCheck check : checks) {
            if (check instanceof BridgeHealthCheck own) {
                // the bridge's own say why as written (Camel's health JSON needs its message made safe first)
                BridgeHealthCheck.Verdict verdict = own.now();
                health.addObject()
                        .put("name", check.getId())
                        .put("state", verdict.up() ? "UP" : "DOWN")
                        .put("message", verdict.message());
            } else {
                HealthCheck.Result result = check.call(Map.of());
                health.addObject()
                        .put("name", check.getId())
                        .put("state", result.getState().name())
                        .put("message", result.getMessage().orElse(null));
            }
        }
        return json;
    }
}
