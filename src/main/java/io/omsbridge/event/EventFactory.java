package io.omsbridge.event;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.omsbridge.model.EventType;
import io.omsbridge.model.FailedObjectList;
import io.omsbridge.model.LedgerState;
import io.omsbridge.model.PassIds;
import io.omsbridge.model.Problem;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Instant;
import java.util.List;
import java.util.UUID;

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
     * The request an event is about, as the ledger holds it: {@code request} is its stored body (an empty object when
     * there is none), {@code taskId} and {@code taskName} are null before its task exists (and for a task group),
     * {@code run} is the run of the task it is about (a retry starts the next).
     */
    public record Subject(
            String requestId,
            String projectId,
            JsonNode request,
            Long taskId,
            String taskName,
            Long submittedAt,
            int run) {

        /** The same request, about another run of its task. */
        public Subject inRun(int otherRun) {
            return new Subject(requestId, projectId, request, taskId, taskName, submittedAt, otherRun);
        }
    }

    /** {@code oms.request.rejected}: the request could not be read; the problems name the fields at fault. */
    public Event requestRejected(String requestId, long at, String message, List<Problem> problems, int occurrence) {
        return create(
                EventType.REJECTED,
                new Facts(
                        requestId,
                        null,
                        null,
                        null,
                        null,
                        null,
                        LedgerState.REJECTED.name(),
                        null,
                        at,
                        "REJECTED",
                        message,
                        problems,
                        occurrence,
                        1,
                        null));
    }

    /** {@code oms.request.submit-failed}: OMS refused to create the task for good (or the bridge gave up). */
    public Event submitFailed(
            String requestId, String projectId, JsonNode request, long at, String code, String message) {
        return create(
                EventType.SUBMIT_FAILED,
                new Facts(
                        requestId,
                        projectId,
                        request,
                        null,
                        null,
                        null,
                        LedgerState.SUBMIT_FAILED.name(),
                        null,
                        at,
                        code,
                        message,
                        null,
                        0,
                        1,
                        null));
    }

    /** {@code oms.task.succeeded}: the run ended with every object migrated; {@code task} is the kept view. */
    public Event taskSucceeded(Subject s, JsonNode task, long at, int occurrence) {
        return about(EventType.SUCCEEDED, s, task, LedgerState.SUCCEEDED, at, null, null, occurrence, null);
    }

    /** {@code oms.task.failed}: the run ended failed, with OMS's reason (or the bridge's when OMS gave none). */
    public Event taskFailed(Subject s, JsonNode task, long at, String code, String message, int occurrence) {
        return about(EventType.FAILED, s, task, LedgerState.FAILED, at, code, message, occurrence, null);
    }

    /** {@code oms.task.stopped}: the task was paused; {@code occurrence} counts its stops. */
    public Event taskStopped(Subject s, JsonNode task, int occurrence) {
        return about(EventType.STOPPED, s, task, LedgerState.STOPPED, null, null, null, occurrence, null);
    }

    /** {@code oms.task.progress}: the task crossed a progress step in {@code state}. */
    public Event taskProgress(Subject s, JsonNode task, LedgerState state, int occurrence) {
        return about(EventType.PROGRESS, s, task, state, null, null, null, occurrence, null);
    }

    /** {@code oms.task.resumed}: an operation started the stopped task again; {@code extra} names the operation. */
    public Event taskResumed(Subject s, JsonNode task, int occurrence, ObjectNode extra) {
        return about(EventType.RESUMED, s, task, LedgerState.SUBMITTED, null, null, null, occurrence, extra);
    }

    /** {@code oms.task.retried}: an operation started the failed task's next run ({@code s}'s run). */
    public Event taskRetried(Subject s, JsonNode task, int occurrence, ObjectNode extra) {
        return about(EventType.RETRIED, s, task, LedgerState.SUBMITTED, null, null, null, occurrence, extra);
    }

    /** {@code oms.task.deleted}: an operation deleted the task in OMS. */
    public Event taskDeleted(Subject s, JsonNode task, long at, int occurrence, ObjectNode extra) {
        return about(EventType.DELETED, s, task, LedgerState.DELETED, at, null, null, occurrence, extra);
    }

    /**
     * {@code oms.task.throttled} or {@code oms.task.reprioritised}: an operation changed the task's bandwidth windows
     * or
     * its priority; it stays in {@code state}, and {@code extra} says what was set.
     */
    public Event taskSettingChanged(
            EventType type, Subject s, JsonNode task, LedgerState state, int occurrence, ObjectNode extra) {
        return about(type, s, task, state, null, null, null, occurrence, extra);
    }

    /** {@code oms.group.succeeded}: every task of the group succeeded; {@code extra} holds its counters. */
    public Event groupSucceeded(Subject s, JsonNode group, long at, int occurrence, ObjectNode extra) {
        return about(EventType.GROUP_SUCCEEDED, s, group, LedgerState.SUCCEEDED, at, null, null, occurrence, extra);
    }

    /** {@code oms.group.failed}: the group failed (or OMS forgot it), with the reason. */
    public Event groupFailed(
            Subject s, JsonNode group, long at, String code, String message, int occurrence, ObjectNode extra) {
        return about(EventType.GROUP_FAILED, s, group, LedgerState.FAILED, at, code, message, occurrence, extra);
    }

    /** {@code oms.group.progress}: the group crossed a progress step in {@code state}. */
    public Event groupProgress(Subject s, JsonNode group, LedgerState state, int occurrence, ObjectNode extra) {
        return about(EventType.GROUP_PROGRESS, s, group, state, null, null, null, occurrence, extra);
    }

    /**
     * {@code oms.migration.completed}: a migration in passes is over ({@code s} is its first pass, the request itself);
     * {@code extra} says how it ended, how many passes it took and their totals.
     */
    public Event migrationCompleted(Subject s, long at, ObjectNode extra) {
        return create(
                EventType.MIGRATION_COMPLETED,
                new Facts(
                        s.requestId(),
                        s.projectId(),
                        s.request(),
                        null,
                        null,
                        null,
                        "COMPLETED",
                        s.submittedAt(),
                        at,
                        null,
                        null,
                        null,
                        0,
                        s.run(),
                        extra));
    }

    /** {@code oms.migration.quiet}: quiet_after passes in a row, up to pass {@code pass}, copied no object. */
    public Event migrationQuiet(Subject s, int pass, ObjectNode extra) {
        return create(
                EventType.MIGRATION_QUIET,
                new Facts(
                        s.requestId(),
                        s.projectId(),
                        s.request(),
                        null,
                        null,
                        null,
                        "QUIET",
                        s.submittedAt(),
                        null,
                        null,
                        null,
                        null,
                        pass,
                        s.run(),
                        extra));
    }

    private Event about(
            EventType type,
            Subject s,
            JsonNode task,
            LedgerState state,
            Long completedAt,
            String code,
            String message,
            int occurrence,
            ObjectNode extra) {
        return create(
                type,
                new Facts(
                        s.requestId(),
                        s.projectId(),
                        s.request(),
                        s.taskId(),
                        s.taskName(),
                        task,
                        state.name(),
                        s.submittedAt(),
                        completedAt,
                        code,
                        message,
                        null,
                        occurrence,
                        s.run(),
                        extra));
    }

    /** Everything an event's data is made of, whatever its kind. */
    private record Facts(
            String requestId,
            String projectId,
            JsonNode request,
            Long taskId,
            String taskName,
            JsonNode task,
            String state,
            Long submittedAt,
            Long completedAt,
            String errorCode,
            String errorMessage,
            List<Problem> problems,
            int occurrence,
            int run,
            ObjectNode extra) {}

    private Event create(EventType type, Facts facts) {
        String id = UUID.nameUUIDFromBytes(
                        (facts.requestId() + "|" + type.type() + "|" + facts.taskId() + "|" + facts.occurrence())
                                .getBytes(StandardCharsets.UTF_8))
                .toString();
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
        source.put("cloud_type", text(src, "cloud_type"))
                .put("region", text(src, "region"))
                .put("bucket", text(src, "bucket"));
        data.putObject("destination").put("region", text(dst, "region")).put("bucket", text(dst, "bucket"));
        for (String counter :
                List.of("total_num", "success_num", "fail_num", "skip_num", "total_size", "complete_size")) {
            putNumber(data, counter, task.has(counter) ? task.get(counter).asLong() : null);
        }
        putNumber(
                data,
                "total_time_ms",
                task.has("total_time") ? task.get("total_time").asLong() : null);
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
                ObjectNode item = list.addObject()
                        .put("request_id", p.requestId())
                        .put("field", p.field())
                        .put("message", p.message());
                putNumber(item, "line", p.line() == null ? null : p.line().longValue());
            });
        }
        data.put(
                "submitted_at",
                f.submittedAt() == null
                        ? null
                        : Instant.ofEpochMilli(f.submittedAt()).toString());
        data.put(
                "completed_at",
                f.completedAt() == null
                        ? null
                        : Instant.ofEpochMilli(f.completedAt()).toString());
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
        ObjectNode failed = data.putObject("failed_objects")
                .put("bucket", text(dst, "bucket"))
                .put("key", list.key());
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
