package io.omsbridge.simulator;

import com.fasterxml.jackson.core.JsonGenerator;
import java.io.IOException;
import java.util.List;

/** Writes tasks in the v1 show shape (the seed's show response plus the other §2.9 fields). */
final class TaskJson {

    private TaskJson() {}

    static byte[] show(SimTask task, TaskView view) {
        return Json.write(g -> write(g, task, view));
    }

    static byte[] array(List<SimTask> tasks, long now) {
        return Json.write(g -> {
            g.writeStartArray();
            for (SimTask t : tasks) {
                write(g, t, t.view(now));
            }
            g.writeEndArray();
        });
    }

    static void write(JsonGenerator g, SimTask t, TaskView v) throws IOException {
        TaskSpec s = t.spec();
        boolean failed = v.status() == TaskStatus.FAILED;
        g.writeStartObject();
        g.writeNumberField("id", t.id());
        g.writeStringField("name", t.name());

        g.writeObjectFieldStart("src_node");
        g.writeStringField("region", s.srcRegion());
        g.writeStringField("bucket", s.srcBucket());
        g.writeArrayFieldStart("object_key");
        for (String key : s.srcObjectKeys()) {
            g.writeString(key);
        }
        g.writeEndArray();
        if (s.hasListFile()) {
            g.writeObjectFieldStart("list_file");
            g.writeStringField("obs_bucket", s.listFileBucket());
            g.writeStringField("list_file_key", s.listFileKey());
            g.writeEndObject();
        } else {
            g.writeStringField("list_file", "");
        }
        g.writeStringField("cloud_type", s.srcCloudType());
        g.writeEndObject();

        g.writeObjectFieldStart("dst_node");
        g.writeStringField("region", s.dstRegion());
        g.writeStringField("bucket", s.dstBucket());
        g.writeStringField("object_key", s.dstObjectKey());
        g.writeStringField("cloud_type", s.dstCloudType());
        g.writeEndObject();

        g.writeNumberField("thread_num", s.threadNum());
        // the source listing is over once the task has run at all
        g.writeBooleanField("is_query_over", v.startTime() > 0);
        g.writeNumberField("status", v.status().code());
        if (v.progress() == 1.0 || v.progress() == 0.0) {
            g.writeNumberField("progress", (int) v.progress());
        } else {
            g.writeNumberField("progress", v.progress());
        }
        g.writeNumberField("total_num", t.totalNum());
        g.writeNumberField("success_num", v.successNum());
        g.writeNumberField("fail_num", v.failNum());
        g.writeNumberField("skip_num", v.skipNum());
        g.writeStringField("description", s.description());
        g.writeBooleanField("enableKMS", s.enableKms());
        if (failed) {
            g.writeObjectFieldStart("error_reason");
            g.writeStringField("error_code", SimTask.FAILURE_CODE);
            g.writeStringField("error_msg", SimTask.FAILURE_MESSAGE);
            g.writeEndObject();
        } else {
            g.writeStringField("error_reason", "");
        }
        g.writeNumberField("total_size", t.totalSize());
        g.writeNumberField("real_size", t.realSize());
        g.writeNumberField("complete_size", v.completeSize());
        g.writeNumberField("migrate_speed", v.migrateSpeed());
        g.writeNumberField("start_time", v.startTime());
        g.writeNumberField("left_time", v.leftTime());
        g.writeNumberField("total_time", v.totalTime());
        g.writeNumberField("migrate_since", s.migrateSince());
        g.writeStringField("task_type", s.taskType());

        g.writeObjectFieldStart("failed_object_record");
        boolean recorded = failed && s.enableFailedObjectRecording();
        g.writeBooleanField("result", recorded);
        g.writeStringField(
                "list_file_key", recorded ? "oms/failed_object_lists/" + t.id() + "/failed-objects-list.txt" : "");
        g.writeStringField("reson", failed && !recorded ? "S3M.0301" : "");
        g.writeEndObject();

        g.writeArrayFieldStart("bandwidth_policy");
        for (BandwidthWindow w : t.bandwidthPolicy()) {
            g.writeStartObject();
            g.writeStringField("start", w.start());
            g.writeStringField("end", w.end());
            g.writeNumberField("max_bandwidth", w.maxBandwidth());
            g.writeEndObject();
        }
        g.writeEndArray();
        g.writeBooleanField("enable_failed_object_recording", s.enableFailedObjectRecording());
        g.writeBooleanField("auto_restore", s.autoRestore());
        if (s.cdnProtocol() != null) {
            g.writeObjectFieldStart("source_cdn");
            g.writeStringField("protocol", s.cdnProtocol());
            g.writeStringField("domain", s.cdnDomain());
            g.writeStringField("authentication_type", s.cdnAuthenticationType());
            g.writeEndObject();
        }
        if (s.smnTopicUrn() != null && v.status().ended()) {
            g.writeObjectFieldStart("smnInfo");
            g.writeBooleanField("notifyResult", true);
            g.writeStringField("notifyErrorMessage", "");
            g.writeStringField("topicName", s.smnTopicName());
            g.writeEndObject();
        }
        g.writeEndObject();
    }
}
