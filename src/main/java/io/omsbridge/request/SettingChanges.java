package io.omsbridge.request;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.omsbridge.model.Operation;
import io.omsbridge.model.Problem;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;

/**
 * What a {@code bandwidth} or {@code priority} operation sets, checked as OMS checks it: up to five windows that do
 * not overlap, each {@code HH:mm} to {@code HH:mm} with a {@code max_bandwidth} in bytes per second (v1: 5 MB/s to
 * 10 GB/s, its change page; v2: 1 MB/s to 200 MB/s, {@code BandwidthPolicyDto}); a {@code task_priority} of HIGH,
 * MEDIUM or LOW (v2 only: v1 has no priority).
 */
final class SettingChanges {

    static final Set<String> FIELDS = Set.of("bandwidth_policy", "task_priority");
    private static final int MAX_WINDOWS = 5;
    private static final Set<String> WINDOW_FIELDS = Set.of("start", "end", "max_bandwidth");
    private static final Set<String> PRIORITIES = Set.of("HIGH", "MEDIUM", "LOW");

    private SettingChanges() {}

    /** The arguments of a bandwidth or priority change ({@code {"bandwidth_policy": ..}}); null for the others. */
    static ObjectNode read(ObjectNode body, Operation operation, boolean forV2, String id, List<Problem> problems) {
        JsonNode policy = body.get("bandwidth_policy");
        JsonNode priority = body.get("task_priority");
        if (policy != null && operation != Operation.BANDWIDTH) {
            problems.add(new Problem(id, null, "bandwidth_policy", "only a bandwidth operation takes it"));
        }
        if (priority != null && operation != Operation.PRIORITY) {
            problems.add(new Problem(id, null, "task_priority", "only a priority operation takes it"));
        }
        ObjectNode arguments = JsonNodeFactory.instance.objectNode();
        if (operation == Operation.BANDWIDTH) {
            arguments.set("bandwidth_policy", windows(policy, forV2, id, problems));
            return arguments;
        }
        if (operation == Operation.PRIORITY) {
            if (!forV2) {
                problems.add(new Problem(
                        id,
                        null,
                        "operation",
                        "a task's priority exists in OMS API v2 only (set" + " oms.api-version=v2)"));
            }
            if (priority == null || !priority.isTextual() || !PRIORITIES.contains(priority.asText())) {
                problems.add(new Problem(id, null, "task_priority", "required: HIGH, MEDIUM or LOW"));
            }
            return arguments.set("task_priority", priority);
        }
        return null;
    }

    private static ArrayNode windows(JsonNode policy, boolean forV2, String id, List<Problem> problems) {
        if (policy == null || !policy.isArray() || policy.isEmpty() || policy.size() > MAX_WINDOWS) {
            problems.add(new Problem(
                    id,
                    null,
                    "bandwidth_policy",
                    "required: 1 to " + MAX_WINDOWS + " windows, e.g."
                            + " [{\"start\": \"08:00\", \"end\": \"18:00\", \"max_bandwidth\": 20971520}]"));
            return JsonNodeFactory.instance.arrayNode();
        }
        long min = forV2 ? 1_048_576L : 5_242_880L;
        long max = forV2 ? 209_715_200L : 10_737_418_240L;
        List<int[]> seen = new ArrayList<>();
        for (int i = 0; i < policy.size(); i++) {
            JsonNode w = policy.get(i);
            String at = "bandwidth_policy[" + i + "]";
            if (!w.isObject()) {
                problems.add(new Problem(id, null, at, "must be an object with start, end and max_bandwidth"));
                continue;
            }
            w.fieldNames().forEachRemaining(name -> {
                if (!WINDOW_FIELDS.contains(name)) {
                    problems.add(new Problem(
                            id, null, at + "." + name, "not a field of a window (start, end," + " max_bandwidth)"));
                }
            });
            int start = minutes(w.get("start"), at + ".start", id, problems);
            int end = minutes(w.get("end"), at + ".end", id, problems);
            JsonNode bandwidth = w.get("max_bandwidth");
            if (bandwidth == null
                    || !bandwidth.canConvertToLong()
                    || !bandwidth.isIntegralNumber()
                    || bandwidth.asLong() < min
                    || bandwidth.asLong() > max) {
                problems.add(new Problem(
                        id,
                        null,
                        at + ".max_bandwidth",
                        "required: bytes per second, a whole number" + " from " + min + " to " + max + " (OMS API "
                                + (forV2 ? "v2" : "v1") + ")"));
            }
            if (start < 0 || end < 0) {
                continue;
            }
            if (start >= end) {
                problems.add(new Problem(id, null, at, "the window ends before it starts"));
                continue;
            }
            for (int[] other : seen) {
                if (start <= other[1] && other[0] <= end) {
                    problems.add(new Problem(id, null, at, "windows must not overlap"));
                }
            }
            seen.add(new int[] {start, end});
        }
        return (ArrayNode) policy;
    }

    private static int minutes(JsonNode value, String field, String id, List<Problem> problems) {
        String text = value != null && value.isTextual() ? value.asText() : "";
        if (!text.matches("([01][0-9]|2[0-3]):[0-5][0-9]")) {
            problems.add(new Problem(id, null, field, "required: a time of day, HH:mm"));
            return -1;
        }
        return Integer.parseInt(text.substring(0, 2)) * 60 + Integer.parseInt(text.substring(3));
    }
}
