package io.omsbridge.simulator;

import com.fasterxml.jackson.core.JsonGenerator;
import java.io.IOException;
import java.util.List;

/** Writes groups as a v2 TaskGroupResp (oms-api.md §5.1): note success_num/fail_num/skip_num, not the task names. */
final class TaskGroupJson {

    private TaskGroupJson() {}

    static byte[] show(SimGroup group, GroupView view) {
        return Json.write(g -> write(g, group, view));
    }

    /** {@code {"count":N,"taskgroups":[...]}}. */
    static byte[] list(List<SimGroup> groups, long count, long now) {
        return Json.write(g -> {
            g.writeStartObject();
            g.writeNumberField("count", count);
            g.writeArrayFieldStart("taskgroups");
            for (SimGroup group : groups) {
                write(g, group, group.view(now));
            }
            g.writeEndArray();
            g.writeEndObject();
        });
    }

    static void write(JsonGenerator g, SimGroup group, GroupView v) throws IOException {
        TaskSpec s = group.spec().template();
        TaskOptions o = s.options();
        boolean failed = v.status() == GroupStatus.FAILED;
        boolean ended = failed || v.status() == GroupStatus.COMPLETED;
        g.writeStartObject();
        g.writeStringField("group_id", group.id());
        g.writeNumberField("status", v.status().code());
        if (failed) {
            // the group fails because tasks did: their failure reason is the group's
            g.writeObjectFieldStart("error_reason");
            g.writeStringField("error_code", SimTask.FAILURE_CODE);
            g.writeStringField("error_msg", SimTask.FAILURE_MESSAGE);
            g.writeEndObject();
        } else {
            g.writeNullField("error_reason");
        }

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
        TaskJsonV2.writeListFile(g, s, o);
        g.writeEndObject();

        g.writeStringField("description", s.description());
        g.writeObjectFieldStart("dst_node");
        g.writeStringField("bucket", s.dstBucket());
        g.writeStringField("region", s.dstRegion());
        g.writeStringField("save_prefix", s.dstObjectKey());
        g.writeEndObject();

        g.writeBooleanField("enable_metadata_migration", o.enableMetadataMigration());
        g.writeBooleanField("enable_failed_object_recording", s.enableFailedObjectRecording());
        g.writeBooleanField("enable_restore", s.autoRestore());
        g.writeBooleanField("enable_kms", s.enableKms());
        g.writeStringField("task_type", group.spec().taskType());
        TaskJsonV2.writeBandwidthPolicy(g, s.bandwidthPolicy());
        TaskJsonV2.writeSmnInfo(g, "smn_config", s, ended);
        TaskJsonV2.writeSourceCdn(g, s);
        g.writeNumberField("migrate_since", s.migrateSince());
        g.writeNumberField("migrate_speed", v.migrateSpeed());
        g.writeNumberField("total_time", v.totalTime());
        g.writeNumberField("start_time", v.startTime());
        g.writeNumberField("total_task_num", v.totalTasks());
        // every task is made at creation, so all of them count as created
        g.writeNumberField("create_task_num", v.totalTasks());
        g.writeNumberField("failed_task_num", v.failedTasks());
        g.writeNumberField("complete_task_num", v.completeTasks());
        g.writeNumberField("paused_task_num", v.pausedTasks());
        g.writeNumberField("executing_task_num", v.executingTasks());
        g.writeNumberField("waiting_task_num", v.waitingTasks());
        g.writeNumberField("total_num", v.totalNum());
        g.writeNumberField("create_complete_num", v.totalNum());
        g.writeNumberField("success_num", v.successNum());
        g.writeNumberField("fail_num", v.failNum());
        g.writeNumberField("skip_num", v.skipNum());
        g.writeNumberField("total_size", v.totalSize());
        g.writeNumberField("create_complete_size", v.totalSize());
        g.writeNumberField("complete_size", v.completeSize());
        boolean recorded = failed && s.enableFailedObjectRecording();
        TaskJsonV2.writeFailedObjectRecord(
                g, recorded, recorded ? "oms/failed_object_lists/" + group.id() + "/failed-objects-list.txt" : "");
        g.writeStringField("object_overwrite_mode", o.objectOverwriteMode());
        g.writeStringField("dst_storage_policy", o.dstStoragePolicy());
        g.writeStringField("consistency_check", o.consistencyCheck());
        g.writeBooleanField("enable_requester_pays", o.enableRequesterPays());
        g.writeEndObject();
    }
}
