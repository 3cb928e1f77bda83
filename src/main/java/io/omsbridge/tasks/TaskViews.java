package io.omsbridge.tasks;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.omsbridge.hwcloud.oms.OmsApiVersion;

/**
 * A task as OMS shows it, in one shape whatever API generation showed it: v2's {@code successful_num},
 * {@code failed_num} and {@code skipped_num} read as v1's {@code success_num}, {@code fail_num}, {@code skip_num}; an
 * {@code error_reason} that is null or "" is left out. The ledger keeps, and events carry, this shape.
 */
public final class TaskViews {

    private static final String[][] V2_NAMES = {
        {"successful_num", "success_num"}, {"failed_num", "fail_num"}, {"skipped_num", "skip_num"}
    };

    private TaskViews() {}

    public static JsonNode normalize(JsonNode task, OmsApiVersion version) {
        if (!(task instanceof ObjectNode object)) {
            return task;
        }
        if (version == OmsApiVersion.v2) {
            for (String[] names : V2_NAMES) {
                JsonNode value = object.remove(names[0]);
                if (value != null) {
                    object.set(names[1], value);
                }
            }
        }
        JsonNode reason = object.get("error_reason");
        if (reason != null && !reason.isObject()) {
            object.remove("error_reason");
        }
        return object;
    }
}
