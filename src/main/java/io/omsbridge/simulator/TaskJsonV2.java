package io.omsbridge.simulator;

import com.fasterxml.jackson.core.JsonGenerator;
import java.io.IOException;
import java.util.List;

/**
 * Writes tasks as a v2 TaskResp (oms-api.md §4.8): snake_case, v2 names ({@code successful_num}, {@code enable_kms},
 * {@code smn_info}), {@code failed_object_record} as an object, {@code error_reason} null or an object, never
 * {@code ""}: the official SDK fails to parse that (§11).
 */
final class TaskJsonV2 {

    private TaskJsonV2() {}

    static byte[] show(SimTask task, TaskView view) {
        return Json.write(g -> write(g, task, view));
    }

    /** {@code {"tasks":[...],"count":N}} with every task rendered at the same instant. */
    static byte[] list(List<SimTask> tasks, long count, long now) {
        return Json.write(g -> {
            g.writeStartObject();
            g.writeArrayFieldStart("tasks");
            for (SimTask t : tasks) {
                write(g, t, t.view(now));
            }
            g.writeEndArray();
            g.writeNumberField("count", count);
            g.writeEndObject();
        });
    }

    static void write(JsonGenerator g, SimTask t, TaskView v) throws IOException {
        TaskSpec s = t.spec();
        TaskOptions o = s.options();
        boolean failed = v.status() == TaskStatus.FAILED;
        g.writeStartObject();
        g.writeNumberField("id", t.id());
        g.writeStringField("name", t.name());
        g.writeStringField("task_type", s.taskType());
        g.writeStringField("group_type", t.groupId() == null ? "NORMAL_TASK" : "GROUP_TASK");
        if (t.groupId() != null) {
            g.writeStringField("group_id", t.groupId());
        }
        g.writeNumberField("status", v.status().code());
        g.writeNumberField("progress", v.progress());
        g.writeStringField("description", s.description());

        g.writeObjectFieldStart("src_node");
        g.writeStringField("bucket", s.srcBucket());
        g.writeStringField("cloud_type", s.srcCloudType());
        g.writeStringField("region", s.srcRegion());
        if (o.srcAppId() != null) {
            g.writeStringField("app_id", o.srcAppId());
        }
        g.writeArrayFieldStart("object_key");
        for (String key : s.srcObjectKeys()) {
            g.writeString(key);
        }
        g.writeEndArray();
        writeListFile(g, s, o);
        g.writeEndObject();

        g.writeObjectFieldStart("dst_node");
        g.writeStringField("bucket", s.dstBucket());
        g.writeStringField("region", s.dstRegion());
        g.writeStringField("save_prefix", s.dstObjectKey());
        g.writeEndObject();

        writeBandwidthPolicy(g, t.bandwidthPolicy());
        g.writeNumberField("complete_size", v.completeSize());
        g.writeNumberField("total_size", t.totalSize());
        g.writeNumberField("real_size", t.realSize());
        g.writeNumberField("total_num", t.totalNum());
        g.writeNumberField("successful_num", v.successNum());
        g.writeNumberField("failed_num", v.failNum());
        g.writeNumberField("skipped_num", v.skipNum());
        g.writeBooleanField("is_query_over", v.startTime() > 0);
        g.writeNumberField("migrate_speed", v.migrateSpeed());
        g.writeNumberField("start_time", v.startTime());
        g.writeNumberField("left_time", v.leftTime());
        g.writeNumberField("total_time", v.totalTime());
        g.writeNumberField("migrate_since", s.migrateSince());
        if (failed) {
            g.writeObjectFieldStart("error_reason");
            g.writeStringField("error_code", SimTask.FAILURE_CODE);
            g.writeStringField("error_msg", SimTask.FAILURE_MESSAGE);
            g.writeEndObject();
        } else {
            g.writeNullField("error_reason");
        }
        boolean recorded = failed && s.enableFailedObjectRecording();
        writeFailedObjectRecord(
                g, recorded, recorded ? "oms/failed_object_lists/" + t.id() + "/failed-objects-list.txt" : "");
        g.writeStringField("success_record_error_reason", "");
        g.writeStringField("skip_record_error_reason", "");
        g.writeBooleanField("enable_kms", s.enableKms());
        g.writeBooleanField("enable_metadata_migration", o.enableMetadataMigration());
        g.writeBooleanField("enable_restore", s.autoRestore());
        g.writeBooleanField("enable_failed_object_recording", s.enableFailedObjectRecording());
        g.writeBooleanField("enable_requester_pays", o.enableRequesterPays());
        writeSmnInfo(g, "smn_info", s, v.status().ended());
        writeSourceCdn(g, s);
        g.writeStringField("object_overwrite_mode", o.objectOverwriteMode());
        g.writeStringField("dst_storage_policy", o.dstStoragePolicy());
        g.writeStringField("consistency_check", o.consistencyCheck());
        if (t.taskPriority() != null) {
            g.writeStringField("task_priority", t.taskPriority());
        }
        g.writeEndObject();
    }

    /** An object or null: the v1 {@code ""} would not parse into the SDK's ListFile. */
    static void writeListFile(JsonGenerator g, TaskSpec s, TaskOptions o) throws IOException {
        if (!s.hasListFile()) {
            g.writeNullField("list_file");
            return;
        }
        g.writeObjectFieldStart("list_file");
        g.writeStringField("list_file_key", s.listFileKey());
        g.writeStringField("obs_bucket", s.listFileBucket());
        if (o.listFileNum() != null) {
            g.writeStringField("list_file_num", o.listFileNum());
        }
        g.writeEndObject();
    }

    static void writeBandwidthPolicy(JsonGenerator g, List<BandwidthWindow> policy) throws IOException {
        g.writeArrayFieldStart("bandwidth_policy");
        for (BandwidthWindow w : policy) {
            g.writeStartObject();
            g.writeStringField("start", w.start());
            g.writeStringField("end", w.end());
            g.writeNumberField("max_bandwidth", w.maxBandwidth());
            g.writeEndObject();
        }
        g.writeEndArray();
    }

    static void writeFailedObjectRecord(JsonGenerator g, boolean result, String listFileKey) throws IOException {
        g.writeObjectFieldStart("failed_object_record");
        g.writeBooleanField("result", result);
        g.writeStringField("list_file_key", listFileKey);
        g.writeStringField("error_code", "");
        g.writeEndObject();
    }

    /** SmnInfo once the task (or group) has ended and had a topic; null otherwise. */
    static void writeSmnInfo(JsonGenerator g, String field, TaskSpec s, boolean ended) throws IOException {
        if (s.smnTopicUrn() == null || !ended) {
            g.writeNullField(field);
            return;
        }
        g.writeObjectFieldStart(field);
        g.writeBooleanField("notify_result", true);
        g.writeStringField("notify_error_message", "");
        g.writeStringField("topic_name", s.smnTopicName());
        g.writeEndObject();
    }

    static void writeSourceCdn(JsonGenerator g, TaskSpec s) throws IOException {
        if (s.cdnProtocol() == null) {
            g.writeNullField("source_cdn");
            return;
        }
        g.writeObjectFieldStart("source_cdn");
        g.writeStringField("domain", s.cdnDomain());
        g.writeStringField("protocol", s.cdnProtocol());
        g.writeStringField("authentication_type", s.cdnAuthenticationType());
        g.writeEndObject();
    }
}
