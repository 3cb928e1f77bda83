package io.omsbridge.event;

import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Instant;
import java.util.List;
import java.util.UUID;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.omsbridge.model.EventType;
import io.omsbridge.model.FailedObjectList;
import io.omsbridge.model.Problem;
import io.omsbridge.model.PassIds;

/**
 * Builds CloudEvents 1.0 (structured JSON) from what the ledger knows. Ids are derived from the request, the type and
 * an occurrence number, so a republished event keeps its id and consumers can drop duplicates. Only whitelisted fields
 * are copied from requests and OMS answers, so no AK, SK, password or token can reach an event.
 */
public final class EventFactory {

    public static final String SOURCE = "oms-bridge";
    private final ObjectMapper mapper;
    private final Clock clock;

    public EventFactory(ObjectMapper mapper, Clock clock) {
        this.mapper = mapper;
        this.clock = clock;
    }

    /**
     * What an event says about a task; {@code task} is the OMS show response (or null before the task exists);
     * {@code run} is the run of the task it is about (a retry starts the next); {@code extra} fields (an operation's
     * id, ...) are added to the data as they are.
     */
    public record Facts(String requestId, String projectId, JsonNode request, Long taskId, String taskName,
            JsonNode task, String state, Long submittedAt, Long completedAt, String errorCode, String errorMessage,
            List<Problem> problems, int occurrence, int run, ObjectNode extra) {

        /** Facts about the first run, with nothing extra. */
        public Facts(String requestId, String projectId, JsonNode request, Long taskId, String taskName,
                JsonNode task, String state, Long submittedAt, Long completedAt, String errorCode,
                String errorMessage, List<Problem> problems, int occurrence) {
            this(requestId, projectId, request, taskId, taskName, task, state, submittedAt, completedAt, errorCode,
                    errorMessage, problems, occurrence, 1, null);
        }
    }

    public Event create(EventType type, Facts facts) {
        String id = UUID.nameUUIDFromBytes((facts.requestId() + "|" + type.type() + "|" + facts.taskId() + "|"
                + facts.occurrence()).getBytes(StandardCharsets.UTF_8)).toString();
        ObjectNode event = mapper.createObjectNode()
                .put("specversion", "1.0")
                .put("id", id)
                .put("source", SOURCE)
                .put("type", type.type())
                .put("time", Instant.now(clock).toString())
                .put("subject", facts.requestId())
                .put("datacontenttype", "application/json");
        event.set("data", data(facts));
        try {
            return new Event(id, facts.requestId(), type, mapper.writeValueAsString(event));
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("cannot write an event", e);
        }
    }

    private ObjectNode data(Facts f) {
        JsonNode task = f.task() == null ? mapper.missingNode() : f.task();
        JsonNode request = f.request() == null ? mapper.missingNode() : f.request();
        ObjectNode data = mapper.createObjectNode().put("request_id", f.requestId());
        putNumber(data, "task_id", f.taskId());
        data.put("task_name", f.taskName());
        data.put("project_id", f.projectId());
        putNumber(data, "status", task.has("status") ? task.get("status").asLong() : null);
        data.put("state", f.state());
        JsonNode src = task.has("src_node") ? task.get("src_node") : request.path("src_node");
        JsonNode dst = task.has("dst_node") ? task.get("dst_node") : request.path("dst_node");
        ObjectNode source = data.putObject("source");
        source.put("cloud_type", text(src, "cloud_type")).put("region", text(src, "region"))
                .put("bucket", text(src, "bucket"));
        data.putObject("destination").put("region", text(dst, "region")).put("bucket", text(dst, "bucket"));
        for (String counter : List.of("total_num", "success_num", "fail_num", "skip_num", "total_size",
                "complete_size")) {
            putNumber(data, counter, task.has(counter) ? task.get(counter).asLong() : null);
        }
        putNumber(data, "total_time_ms", task.has("total_time") ? task.get("total_time").asLong() : null);
        if (task.has("progress")) {
            data.put("progress", task.get("progress").asDouble());
        }
        if (f.errorCode() != null || f.errorMessage() != null) {
            data.putObject("error").put("code", f.errorCode()).put("message", f.errorMessage());
        } else {
            data.putNull("error");
        }
        if (f.problems() != null && !f.problems().isEmpty()) {
            var list = data.putArray("problems");
            f.problems().forEach(p -> {
                ObjectNode item = list.addObject().put("request_id", p.requestId()).put("field", p.field())
                        .put("message", p.message());
                putNumber(item, "line", p.line() == null ? null : p.line().longValue());
            });
        }
        data.put("submitted_at", f.submittedAt() == null ? null : Instant.ofEpochMilli(f.submittedAt()).toString());
        data.put("completed_at", f.completedAt() == null ? null : Instant.ofEpochMilli(f.completedAt()).toString());
        if (f.taskId() != null) {
            data.put("run", f.run());
        }
        failedObjects(data, task, dst);
        if (request.has("passes")) {
            // a pass of a migration in passes: which one, and of which migration
            data.put("pass", request.path("pass").asInt(1)).put("migration_id", PassIds.migrationOf(f.requestId()));
        }
        if (f.extra() != null) {
            data.setAll(f.extra());
        }
        return data;
    }

    /**
     * Where OMS recorded the objects that failed (the task's {@code failed_object_record}: an object in v2, JSON text
     * in v1), and how many failed: in the destination bucket under {@code list_file_key}.
     */
    private void failedObjects(ObjectNode data, JsonNode task, JsonNode dst) {
        FailedObjectList list = FailedObjectList.of(task);
        if (!list.kept()) {
            return;
        }
        ObjectNode failed = data.putObject("failed_objects").put("bucket", text(dst, "bucket")).put("key", list.key());
        putNumber(failed, "count", task.has("fail_num") ? task.get("fail_num").asLong() : null);
        failed.put("retry_supported", list.retryable());
    }

    private static String text(JsonNode node, String field) {
        JsonNode v = node.get(field);
        return v == null || v.isNull() ? null : v.asText();
    }

    private static void putNumber(ObjectNode node, String field, Long value) {
        if (value == null) {
            node.putNull(field);
        } else {
            node.put(field, value);
        }
    }
}
