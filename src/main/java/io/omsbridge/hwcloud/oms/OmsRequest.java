package io.omsbridge.hwcloud.oms;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.nio.charset.StandardCharsets;

/**
 * One OMS call as it goes on the wire for an API generation: v1's action-in-body style ({@code PUT .../task/{id}} with
 * {@code operation}) or v2's resource paths. Start bodies come in v2's names ({@code src_ak}, {@code dst_ak},
 * {@code migrate_failed_object}...) and are written in v1's ({@code source_ak}, {@code target_ak},
 * {@code migration_failed_object}) when the call is v1.
 */
record OmsRequest(String method, String path, String query, byte[] body) {

    private static final ObjectMapper JSON = new ObjectMapper();

    static OmsRequest createTask(OmsApiVersion v, String project, byte[] body) {
        return new OmsRequest("POST", v == OmsApiVersion.v1 ? v1(project) : v2(project, "tasks"), null, body);
    }

    static OmsRequest showTask(OmsApiVersion v, String project, long taskId) {
        return new OmsRequest("GET", task(v, project, taskId), null, null);
    }

    static OmsRequest listTasks(
            OmsApiVersion v, String project, int offset, int limit, Integer status, String groupId) {
        if (v == OmsApiVersion.v1) {
            return new OmsRequest(
                    "GET",
                    v1(project),
                    "start=" + offset + "&limit=" + limit + (status == null ? "" : "&state=" + status),
                    null);
        }
        return new OmsRequest(
                "GET",
                v2(project, "tasks"),
                (groupId == null ? "" : "group_id=" + groupId + "&") + "limit=" + limit + "&offset=" + offset
                        + (status == null ? "" : "&status=" + status),
                null);
    }

    static OmsRequest startTask(OmsApiVersion v, String project, long taskId, JsonNode start) {
        if (v == OmsApiVersion.v2) {
            return new OmsRequest("POST", task(v, project, taskId) + "/start", null, bytes(start));
        }
        ObjectNode v1 = JSON.createObjectNode().put("operation", "start");
        copy(start, "src_ak", v1, "source_ak");
        copy(start, "src_sk", v1, "source_sk");
        copy(start, "dst_ak", v1, "target_ak");
        copy(start, "dst_sk", v1, "target_sk");
        copy(start, "source_cdn_authentication_key", v1, "source_cdn_authentication_key");
        copy(start, "migrate_failed_object", v1, "migration_failed_object");
        return new OmsRequest("PUT", task(v, project, taskId), null, bytes(v1));
    }

    static OmsRequest stopTask(OmsApiVersion v, String project, long taskId) {
        return v == OmsApiVersion.v2
                ? new OmsRequest("POST", task(v, project, taskId) + "/stop", null, null)
                : new OmsRequest(
                        "PUT",
                        task(v, project, taskId),
                        null,
                        bytes(JSON.createObjectNode().put("operation", "stop")));
    }

    /**
     * The task's bandwidth windows: v2 {@code PUT .../tasks/{id}/bandwidth-policy} with {@code {bandwidth_policy}};
     * v1 its action-in-body {@code PUT} with {@code operation: change_bandwidthpolicy}.
     */
    static OmsRequest updateBandwidthPolicy(OmsApiVersion v, String project, long taskId, JsonNode policy) {
        if (v == OmsApiVersion.v2) {
            return new OmsRequest("PUT", task(v, project, taskId) + "/bandwidth-policy", null, bytes(policy));
        }
        ObjectNode v1 = JSON.createObjectNode().put("operation", "change_bandwidthpolicy");
        copy(policy, "bandwidth_policy", v1, "bandwidth_policy");
        return new OmsRequest("PUT", task(v, project, taskId), null, bytes(v1));
    }

    /** v2's {@code POST .../tasks/batch-update}: {@code ids} or {@code group_id}, and the priority or bandwidth. */
    static OmsRequest batchUpdateTasks(String project, JsonNode update) {
        return new OmsRequest("POST", v2(project, "tasks/batch-update"), null, bytes(update));
    }

    static OmsRequest deleteTask(OmsApiVersion v, String project, long taskId) {
        return new OmsRequest("DELETE", task(v, project, taskId), null, null);
    }

    /** A check of buckets (v2): {@code POST .../objectstorage/buckets[/regions|/prefix]} with the keys in the body. */
    static OmsRequest bucketCheck(String project, String call, byte[] body) {
        return new OmsRequest("POST", v2(project, "objectstorage/buckets" + call), null, body);
    }

    static OmsRequest createTaskGroup(String project, byte[] body) {
        return new OmsRequest("POST", v2(project, "taskgroups"), null, body);
    }

    static OmsRequest showTaskGroup(String project, String groupId) {
        return new OmsRequest("GET", v2(project, "taskgroups/" + groupId), null, null);
    }

    static OmsRequest listTaskGroups(String project, int offset, int limit, Integer status) {
        return new OmsRequest(
                "GET",
                v2(project, "taskgroups"),
                "limit=" + limit + "&offset=" + offset + (status == null ? "" : "&status=" + status),
                null);
    }

    /** Stop, start or retry: {@code PUT .../taskgroups/{id}/<action>}; start and retry take keys in v2's names. */
    static OmsRequest groupAction(String project, String groupId, String action, JsonNode body) {
        return new OmsRequest(
                "PUT", v2(project, "taskgroups/" + groupId + "/" + action), null, body == null ? null : bytes(body));
    }

    static OmsRequest deleteTaskGroup(String project, String groupId) {
        return new OmsRequest("DELETE", v2(project, "taskgroups/" + groupId), null, null);
    }

    private static String task(OmsApiVersion v, String project, long taskId) {
        return v == OmsApiVersion.v1 ? v1(project) + "/" + taskId : v2(project, "tasks/" + taskId);
    }

    private static String v1(String project) {
        return "/v1/" + project + "/objectstorage/task";
    }

    private static String v2(String project, String rest) {
        return "/v2/" + project + "/" + rest;
    }

    private static void copy(JsonNode from, String field, ObjectNode to, String as) {
        JsonNode value = from == null ? null : from.get(field);
        if (value != null && !value.isNull()) {
            to.set(as, value);
        }
    }

    static byte[] bytes(JsonNode node) {
        try {
            return JSON.writeValueAsString(node).getBytes(StandardCharsets.UTF_8);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException(e);
        }
    }

    /** Keys travel in start bodies: never in a log line. */
    @Override
    public String toString() {
        return method + " " + path + (query == null ? "" : "?" + query);
    }
}
