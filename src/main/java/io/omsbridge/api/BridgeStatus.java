package io.omsbridge.api;

import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.function.Supplier;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.omsbridge.observe.BridgeHealthCheck;
import io.omsbridge.submit.CreateCap;
import org.apache.camel.health.HealthCheck;


/**
 * What {@code GET /api/status} adds to the ledger's counts: the creates cap's use, and the bridge's own health checks
 * (ledger, broker, IAM, OMS, cap, poll, publish), each with its state and its reason, as the dashboard shows them.
 */
public final class BridgeStatus implements Supplier<ObjectNode> {

    private final ObjectMapper mapper;
    private final CreateCap cap;
    private final List<HealthCheck> checks;

    public BridgeStatus(ObjectMapper mapper, CreateCap cap, List<HealthCheck> checks) {
        this.mapper = mapper;
        this.cap = cap;
        this.checks = List.copyOf(checks);
    }

    @Override
    public ObjectNode get() {
        ObjectNode json = mapper.createObjectNode();
        ObjectNode capJson = json.putObject("creates_cap").put("limit", cap.limit()).put("used", cap.used())
                .put("window", Duration.ofMillis(cap.windowMillis()).toString());
        long freesAt = cap.oldestFreesAt();
        capJson.put("next_slot_frees_at", cap.limit() > 0 && cap.used() >= cap.limit() && freesAt > 0
                ? Instant.ofEpochMilli(freesAt).toString() : null);
        ArrayNode health = json.putArray("checks");
        for (HealthCheck check : checks) {
            if (check instanceof BridgeHealthCheck own) {
                // the bridge's own say why as written (Camel's health JSON needs its message made safe first)
                BridgeHealthCheck.Verdict verdict = own.now();
                health.addObject().put("name", check.getId()).put("state", verdict.up() ? "UP" : "DOWN")
                        .put("message", verdict.message());
            } else {
                HealthCheck.Result result = check.call(Map.of());
                health.addObject().put("name", check.getId()).put("state", result.getState().name())
                        .put("message", result.getMessage().orElse(null));
            }
        }
        return json;
    }
}
