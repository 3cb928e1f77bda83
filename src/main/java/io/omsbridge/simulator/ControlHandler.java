package io.omsbridge.simulator;

import com.fasterxml.jackson.databind.JsonNode;
import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpHandler;
import java.io.IOException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Supplier;

/**
 * Local-only control endpoints under {@code /_simulator/}: stats, fault knobs, token revocation, and the objects of a
 * source bucket ({@code PUT buckets/<bucket>} with {@code {"objects": ["key", ...], "modified_at": <epoch ms, default
 * now>}}), so a script can change a bucket between the passes of a migration.
 */
final class ControlHandler implements HttpHandler {

    static final String PATH = "/_simulator/";

    private final Supplier<SimulatorStats> stats;
    private final Faults faults;
    private final Runnable revokeTokens;
    private final SimBuckets buckets;

    ControlHandler(Supplier<SimulatorStats> stats, Faults faults, Runnable revokeTokens, SimBuckets buckets) {
        this.buckets = buckets;
        this.stats = stats;
        this.faults = faults;
        this.revokeTokens = revokeTokens;
    }

    @Override
    public void handle(HttpExchange ex) throws IOException {
        HttpIo.begin(ex);
        byte[] body = HttpIo.readBody(ex);
        if (!HttpIo.fromLoopback(ex)) {
            HttpIo.sendJson(ex, 403, Json.omsError("OMS.0072", "Control endpoints answer loopback callers only."));
            return;
        }
        String what = ex.getRequestURI().getPath().substring(PATH.length());
        String method = ex.getRequestMethod();
        try {
            switch (what) {
                case "stats" -> {
                    requireMethod(method, "GET");
                    HttpIo.sendJson(ex, 200, Json.bytes(stats.get()));
                }
                case "faults" -> {
                    if (method.equals("PUT")) {
                        apply(body);
                    } else {
                        requireMethod(method, "GET");
                    }
                    HttpIo.sendJson(ex, 200, faultsJson());
                }
                case "tokens/revoke" -> {
                    requireMethod(method, "POST");
                    revokeTokens.run();
                    HttpIo.sendEmpty(ex, 200);
                }
                default -> {
                    if (!what.startsWith("buckets/") || what.length() == "buckets/".length()) {
                        throw ApiException.oms(404, "OMS.0004", "No such control endpoint: " + what);
                    }
                    requireMethod(method, "PUT");
                    putObjects(what.substring("buckets/".length()), body);
                    HttpIo.sendEmpty(ex, 200);
                }
            }
        } catch (ApiException e) {
            HttpIo.sendJson(ex, e.status(), Json.omsError(e.code(), e.getMessage()));
        }
    }

    private void putObjects(String bucket, byte[] body) {
        JsonNode root = Json.parseOrNull(body);
        JsonNode objects = root == null ? null : root.get("objects");
        if (objects == null || !objects.isArray() || objects.isEmpty()) {
            throw ApiException.badRequest("OMS.0067", "objects: required, a list of object keys.");
        }
        List<String> keys = new ArrayList<>();
        objects.forEach(k -> keys.add(k.asText()));
        JsonNode at = root.get("modified_at");
        if (at == null || at.isNull()) {
            buckets.put(bucket, keys);
        } else if (at.canConvertToLong()) {
            buckets.put(bucket, keys, at.asLong());
        } else {
            throw ApiException.badRequest("OMS.0067", "modified_at: epoch milliseconds.");
        }
    }

    private void apply(byte[] body) {
        JsonNode root = Json.parseOrNull(body);
        if (root == null || !root.isObject()) {
            throw ApiException.badRequest("OMS.0067", "The request body is not in JSON format.");
        }
        try {
            // validate every field before changing any, so a bad request changes nothing
            Double error = rate(root, "errorRate");
            Double throttle = rate(root, "throttleRate");
            Double drop = rate(root, "dropAfterCreateRate");
            Duration latency = millis(root, "latencyMs");
            Duration trickle = millis(root, "trickleCreatesMs");
            if (error != null) {
                faults.errorRate(error);
            }
            if (throttle != null) {
                faults.throttleRate(throttle);
            }
            if (drop != null) {
                faults.dropAfterCreateRate(drop);
            }
            if (latency != null) {
                faults.latency(latency);
            }
            if (trickle != null) {
                faults.trickleCreates(trickle);
            }
        } catch (IllegalArgumentException e) {
            throw ApiException.badRequest("OMS.0064", "Invalid request parameters: " + e.getMessage());
        }
    }

    private static Duration millis(JsonNode root, String field) {
        if (!root.has(field)) {
            return null;
        }
        JsonNode ms = root.get(field);
        if (!ms.isIntegralNumber() || !ms.canConvertToLong() || ms.asLong() < 0) {
            throw new IllegalArgumentException(field + " must be a non-negative integer");
        }
        return Duration.ofMillis(ms.asLong());
    }

    private static Double rate(JsonNode root, String field) {
        if (!root.has(field)) {
            return null;
        }
        JsonNode v = root.get(field);
        if (!v.isNumber()) {
            throw new IllegalArgumentException(field + " must be a number");
        }
        return Faults.checkRate(v.asDouble(), field);
    }

    private byte[] faultsJson() {
        return Json.write(g -> {
            g.writeStartObject();
            g.writeNumberField("errorRate", faults.errorRate());
            g.writeNumberField("throttleRate", faults.throttleRate());
            g.writeNumberField("latencyMs", faults.latency().toMillis());
            g.writeNumberField("dropAfterCreateRate", faults.dropAfterCreateRate());
            g.writeNumberField("trickleCreatesMs", faults.trickleCreates().toMillis());
            g.writeEndObject();
        });
    }

    private static void requireMethod(String method, String allowed) {
        if (!method.equals(allowed)) {
            throw ApiException.oms(405, "OMS.0005", "The HTTP method is not supported.");
        }
    }
}
