package io.omsbridge.model;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;

/**
 * The list of a task's failed objects that OMS kept (its {@code failed_object_record}: where in the destination bucket,
 * and whether OMS can run those objects again alone), or {@link #NONE} when it kept none: recording was off
 * ({@code enable_failed_object_recording}), or nothing failed. Without one, "retry failed objects only" has nothing
 * to run.
 */
public record FailedObjectList(String key, boolean retrySupported) {

    public static final FailedObjectList NONE = new FailedObjectList(null, false);

    private static final ObjectMapper JSON = new ObjectMapper();

    /** From a task or task group as OMS or the ledger shows it: the record is an object in v2, JSON text in v1. */
    public static FailedObjectList of(JsonNode task) {
        JsonNode record = task == null ? null : task.path("failed_object_record");
        if (record != null && record.isTextual() && !record.asText().isBlank()) {
            try {
                record = JSON.readTree(record.asText());
            } catch (JsonProcessingException e) {
                return NONE;
            }
        }
        if (record == null
                || !record.isObject()
                || !record.path("list_file_key").isTextual()
                || record.path("list_file_key").asText().isEmpty()) {
            return NONE;
        }
        return new FailedObjectList(
                record.path("list_file_key").asText(), record.path("result").asBoolean(false));
    }

    /** From the task detail the ledger keeps (JSON text, or null before OMS was first asked). */
    public static FailedObjectList ofDetail(String taskDetail) {
        if (taskDetail == null || taskDetail.isBlank()) {
            return NONE;
        }
        try {
            return of(JSON.readTree(taskDetail));
        } catch (JsonProcessingException e) {
            return NONE;
        }
    }

    /** OMS kept a list. */
    public boolean kept() {
        return key != null;
    }

    /** OMS can migrate its failed objects again alone ("retry failed objects only"). */
    public boolean retryable() {
        return kept() && retrySupported;
    }

    /** Why its failed objects cannot be run again alone, or null when they can. */
    public String whyNotRetryable() {
        if (!kept()) {
            return "OMS kept no list of its failed objects (enable_failed_object_recording was off)";
        }
        return retrySupported
                ? null
                : "OMS listed its failed objects but says they cannot be migrated again alone"
                        + " (failed_object_record.result is false)";
    }

    /** Puts the record, as the ledger keeps it, into {@code detail}; nothing when OMS kept no list. */
    public void putInto(ObjectNode detail) {
        if (kept()) {
            detail.putObject("failed_object_record")
                    .put("result", retrySupported)
                    .put("list_file_key", key);
        }
    }
}
