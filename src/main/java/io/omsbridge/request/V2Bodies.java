package io.omsbridge.request;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.omsbridge.model.Problem;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;

/**
 * A request in the seed's (v1) shape, written as OMS API v2's create body (oms-api.md §4.1–4.6): {@code enableKMS} as
 * {@code enable_kms}, {@code smnInfo} as {@code smn_config} ({@code FAIL} as {@code FAILURE}), {@code auto_restore} as
 * {@code enable_restore}, {@code dst_node.object_key} as {@code save_prefix}, {@code src_node.object_key}'s
 * {@code path} and {@code keys} as a list of names. {@code thread_num} has no v2 field (OMS sizes a v2 task itself)
 * and is not sent. A request already in v2's shape ({@link #isV1Shape} false) is sent as written
 * ({@link #createTaskV2}). What v2 cannot say is a problem by field, found when the request comes in ({@link
 * #problems}).
 */
public final class V2Bodies {

    static final long MIN_BANDWIDTH = 1_048_576;
    static final long MAX_BANDWIDTH = 209_715_200;
    private static final Map<String, String> CLOUD_TYPES = Map.ofEntries(
            Map.entry("AWS", "AWS"),
            Map.entry("AZURE", "Azure"),
            Map.entry("ALIYUN", "Aliyun"),
            Map.entry("TENCENT", "Tencent"),
            Map.entry("HUAWEICLOUD", "HuaweiCloud"),
            Map.entry("HEC", "HuaweiCloud"),
            Map.entry("OBS", "HuaweiCloud"),
            Map.entry("OTC", "HuaweiCloud"),
            Map.entry("QINGCLOUD", "QingCloud"),
            Map.entry("KINGSOFTCLOUD", "KingsoftCloud"),
            Map.entry("BAIDU", "Baidu"),
            Map.entry("QINIU", "Qiniu"),
            Map.entry("GOOGLE", "Google"),
            Map.entry("URLSOURCE", "URLSource"),
            Map.entry("UCLOUD", "UCloud"));
    private static final Set<String> OBS = Set.of("OBS", "HEC", "HUAWEICLOUD");
    /** Top-level fields only v1's create body has (oms-api.md §2.2); v2 names them enable_kms, smn_config... */
    private static final List<String> V1_ONLY = List.of("enableKMS", "thread_num", "smnInfo", "auto_restore");
    /** Fields of a request that are the bridge's, never OMS's. */
    private static final List<String> BRIDGE_FIELDS = List.of("group", "preflight");
    /** OMS API v2 records failed objects unless asked not to (§4.1), so a retry of the failed ones is possible. */
    static final boolean FAILED_OBJECT_RECORDING_DEFAULT = true;

    private V2Bodies() {}

    /** What in a (valid v1) request OMS API v2 cannot express, by field. */
    static List<Problem> problems(JsonNode body, String requestId) {
        List<Problem> problems = new ArrayList<>();
        JsonNode dstType = body.path("dst_node").path("cloud_type");
        if (dstType.isTextual() && !OBS.contains(dstType.asText().toUpperCase(Locale.ROOT))) {
            problems.add(new Problem(
                    requestId,
                    null,
                    "dst_node.cloud_type",
                    "OMS API v2 migrates into Huawei Cloud" + " OBS only (OBS, HEC or HuaweiCloud), got "
                            + dstType.asText()));
        }
        JsonNode policy = body.path("bandwidth_policy");
        for (int i = 0; i < policy.size(); i++) {
            JsonNode max = policy.get(i).path("max_bandwidth");
            if (max.canConvertToLong() && (max.asLong() < MIN_BANDWIDTH || max.asLong() > MAX_BANDWIDTH)) {
                problems.add(new Problem(
                        requestId,
                        null,
                        "bandwidth_policy[" + i + "].max_bandwidth",
                        "OMS API v2"
                                + " allows " + MIN_BANDWIDTH + " to " + MAX_BANDWIDTH + " bytes/s (1 to 200 MB/s), got "
                                + max.asLong()));
            }
        }
        if (body.path("description").asText("").contains("^")) {
            problems.add(new Problem(requestId, null, "description", "must not contain ^ in OMS API v2"));
        }
        return problems;
    }

    /** The v2 create body of a v1-shaped one (keys and tagged description already in it). */
    public static ObjectNode createTask(ObjectNode v1) {
        JsonNodeFactory f = JsonNodeFactory.instance;
        ObjectNode v2 = f.objectNode();
        copy(v1, "task_type", v2, "task_type");
        v2.set("src_node", srcNode((ObjectNode) v1.path("src_node")));
        v2.set("dst_node", dstNode((ObjectNode) v1.path("dst_node")));
        copy(v1, "enableKMS", v2, "enable_kms");
        copy(v1, "description", v2, "description");
        copy(v1, "migrate_since", v2, "migrate_since");
        copy(v1, "object_overwrite_mode", v2, "object_overwrite_mode");
        copy(v1, "bandwidth_policy", v2, "bandwidth_policy");
        JsonNode cdn = v1.get("source_cdn");
        if (cdn != null && cdn.isObject()) {
            v2.set("source_cdn", cdn.deepCopy());
        }
        JsonNode smn = v1.get("smnInfo");
        if (smn != null && smn.isObject()) {
            ObjectNode config = v2.putObject("smn_config");
            copy(smn, "topicUrn", config, "topic_urn");
            ArrayNode triggers = config.putArray("trigger_conditions");
            smn.path("triggerConditions")
                    .forEach(t -> triggers.add("FAIL".equals(t.asText()) ? "FAILURE" : t.asText()));
            copy(smn, "language", config, "language");
        }
        copy(v1, "auto_restore", v2, "enable_restore");
        v2.put(
                "enable_failed_object_recording",
                v1.path("enable_failed_object_recording").asBoolean(FAILED_OBJECT_RECORDING_DEFAULT));
        return v2;
    }

    /**
     * Whether a request (or a stored body) is in the seed's v1 shape: it names a field only v1 has. v1 requires
     * {@code enableKMS} and {@code thread_num}, so every stored v1 body has them; a v2-shaped body has none of these.
     */
    public static boolean isV1Shape(JsonNode body) {
        for (String field : V1_ONLY) {
            if (body.has(field)) {
                return true;
            }
        }
        return body.path("dst_node").has("object_key");
    }

    /** The first field that makes {@code body} v1-shaped, for a message ({@link #isV1Shape}). */
    static String v1Marker(JsonNode body) {
        for (String field : V1_ONLY) {
            if (body.has(field)) {
                return field;
            }
        }
        return "dst_node.object_key";
    }

    /**
     * The create body of a v2-shaped request (keys put back, description tagged): CreateTaskReq exactly as written,
     * without the bridge's own fields, and with failed objects recorded unless the request said otherwise.
     */
    public static ObjectNode createTaskV2(ObjectNode request) {
        ObjectNode v2 = request.deepCopy();
        for (String own : BRIDGE_FIELDS) {
            v2.remove(own);
        }
        if (!v2.has("enable_failed_object_recording")) {
            v2.put("enable_failed_object_recording", FAILED_OBJECT_RECORDING_DEFAULT);
        }
        return v2;
    }

    /** CreateTaskGroupReq of a v2-shaped request with {@code "group": true}: the group's upper-case task type. */
    public static ObjectNode createTaskGroupV2(ObjectNode request) {
        ObjectNode group = createTaskV2(request);
        group.put(
                "task_type",
                switch (request.path("task_type").asText("object")) {
                    case "list" -> "LIST";
                    case "url_list" -> "URL_LIST";
                    default -> "PREFIX";
                });
        return group;
    }

    /**
     * The v2 create-task-group body (oms-api.md §5.1) of a v1-shaped request with {@code "group": true}: the task's
     * fields, with the group's upper-case task types ({@code object} and {@code prefix} both become {@code PREFIX}:
     * a group splits prefixes among its tasks) and no destination cloud type (a group writes to Huawei Cloud).
     */
    public static ObjectNode createTaskGroup(ObjectNode v1) {
        ObjectNode group = createTask(v1);
        String type = v1.path("task_type").asText("object");
        group.put(
                "task_type",
                switch (type) {
                    case "list" -> "LIST";
                    case "url_list" -> "URL_LIST";
                    default -> "PREFIX";
                });
        ((ObjectNode) group.path("dst_node")).remove("cloud_type");
        return group;
    }

    private static ObjectNode srcNode(ObjectNode v1) {
        ObjectNode src = JsonNodeFactory.instance.objectNode();
        JsonNode type = v1.get("cloud_type");
        if (type != null && type.isTextual()) {
            src.put("cloud_type", CLOUD_TYPES.getOrDefault(type.asText().toUpperCase(Locale.ROOT), type.asText()));
        }
        for (String field : List.of("region", "ak", "sk", "security_token", "bucket", "app_id")) {
            copy(v1, field, src, field);
        }
        JsonNode key = v1.get("object_key");
        if (key != null && key.isObject()) {
            String path = key.path("path").asText("");
            ArrayNode names = src.putArray("object_key");
            if (key.path("keys").isEmpty()) {
                // a path alone (or nothing, the whole bucket: [""]) is one prefix
                names.add(path);
            } else {
                key.path("keys").forEach(k -> names.add(path + k.asText()));
            }
        }
        JsonNode list = v1.get("list_file");
        if (list != null && list.isObject()) {
            src.set("list_file", list.deepCopy());
        }
        return src;
    }

    private static ObjectNode dstNode(ObjectNode v1) {
        ObjectNode dst = JsonNodeFactory.instance.objectNode();
        for (String field : List.of("region", "ak", "sk", "security_token", "bucket")) {
            copy(v1, field, dst, field);
        }
        String prefix = v1.path("object_key").asText("");
        while (prefix.startsWith("/")) {
            prefix = prefix.substring(1);
        }
        if (!prefix.isEmpty()) {
            dst.put("save_prefix", prefix);
        }
        return dst;
    }

    private static void copy(JsonNode from, String field, ObjectNode to, String as) {
        JsonNode value = from.get(field);
        if (value != null && !value.isNull()) {
            to.set(as, value.deepCopy());
        }
    }
}
