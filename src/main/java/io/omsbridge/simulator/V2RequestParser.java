package io.omsbridge.simulator;

import static io.omsbridge.simulator.TaskRequestParser.invalid;
import static io.omsbridge.simulator.TaskRequestParser.optionalBoolean;
import static io.omsbridge.simulator.TaskRequestParser.optionalText;
import static io.omsbridge.simulator.TaskRequestParser.requiredText;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import java.util.TreeSet;
import java.util.regex.Pattern;

/** Validates v2 CreateTaskReq, CreateTaskGroupReq and the start/retry bodies (oms-api.md §4.1–4.10, §5.1). */
final class V2RequestParser {

    static final long MIN_BANDWIDTH = 1_048_576L;
    static final long MAX_BANDWIDTH = 209_715_200L;
    private static final Set<String> TASK_TYPES = Set.of("list", "url_list", "object", "prefix");
    private static final Set<String> GROUP_TYPES = Set.of("LIST", "URL_LIST", "PREFIX");
    private static final Set<String> CLOUD_TYPES = Set.of(
            "AWS",
            "Azure",
            "Aliyun",
            "Tencent",
            "HuaweiCloud",
            "QingCloud",
            "KingsoftCloud",
            "Baidu",
            "Qiniu",
            "Google",
            "URLSource",
            "UCloud");
    private static final Set<String> OVERWRITE_MODES = Set.of(
            "NO_OVERWRITE", "SIZE_LAST_MODIFIED_COMPARISON_OVERWRITE", "CRC64_COMPARISON_OVERWRITE", "FULL_OVERWRITE");
    private static final Set<String> STORAGE_POLICIES =
            Set.of("STANDARD", "IA", "ARCHIVE", "DEEP_ARCHIVE", "SRC_STORAGE_MAPPING");
    private static final Set<String> CONSISTENCY_CHECKS = Set.of("size_last_modified", "crc64", "no_check");
    private static final Set<String> PRIORITIES = Set.of("HIGH", "MEDIUM", "LOW");
    private static final Set<String> CDN_AUTHENTICATION = Set.of(
            "NONE",
            "QINIU_PRIVATE_AUTHENTICATION",
            "ALIYUN_OSS_A",
            "ALIYUN_OSS_B",
            "ALIYUN_OSS_C",
            "KSYUN_PRIVATE_AUTHENTICATION",
            "AZURE_SAS_TOKEN",
            "TENCENT_COS_A",
            "TENCENT_COS_B",
            "TENCENT_COS_C",
            "TENCENT_COS_D");
    private static final Set<String> SMN_TRIGGERS = Set.of("SUCCESS", "FAILURE");
    private static final Set<String> LANGUAGES = Set.of("zh-cn", "en-us");
    // v2 forbids ^<>&"' where v1 forbade <>()"'& (§9)
    private static final Pattern FORBIDDEN_DESCRIPTION = Pattern.compile("[\\^<>&\"']");

    private V2RequestParser() {}

    /** A CreateTaskReq; {@code task_type} lower case, default object. */
    static TaskSpec parseTask(JsonNode root) {
        String type = optionalText(root, "task_type", "object");
        if (!TASK_TYPES.contains(type)) {
            throw invalid("task_type must be one of list, url_list, object, prefix.");
        }
        return parse(root, type, false);
    }

    /** A CreateTaskGroupReq; its task_type is upper case (default PREFIX) and its member tasks get the lower-case one.
     * */
    static GroupSpec parseGroup(JsonNode root) {
        String type = optionalText(root, "task_type", "PREFIX");
        if (!GROUP_TYPES.contains(type)) {
            throw invalid("task_type must be one of LIST, URL_LIST, PREFIX.");
        }
        TaskSpec template = parse(root, type.toLowerCase(Locale.ROOT), true);
        return new GroupSpec(type, template);
    }

    /** StartTaskReq (§4.10) or StartTaskGroupReq (§5.1): destination keys always, source keys unless a URL list. */
    static boolean parseStart(JsonNode root, boolean urlList) {
        if (!urlList) {
            requiredText(root, "src_ak", 100, "OMS.0064", "body");
            requiredText(root, "src_sk", 100, "OMS.0064", "body");
        }
        requiredText(root, "dst_ak", 100, "OMS.0064", "body");
        requiredText(root, "dst_sk", 100, "OMS.0064", "body");
        return optionalBoolean(root, "migrate_failed_object");
    }

    /** RetryTaskGroupReq: every key optional, but a given one must be a string of 1..100; returns
     * migrate_failed_object. */
    static boolean parseRetry(JsonNode root) {
        for (String key : new String[] {"src_ak", "src_sk", "dst_ak", "dst_sk"}) {
            if (root.hasNonNull(key)) {
                requiredText(root, key, 100, "OMS.0064", "body");
            }
        }
        return optionalBoolean(root, "migrate_failed_object");
    }

    /** UpdateBandwidthPolicyReq (a task's, or UpdateTaskGroup's body): {@code bandwidth_policy}, 0..5 windows. */
    static List<BandwidthWindow> parseBandwidthUpdate(JsonNode root) {
        if (!root.has("bandwidth_policy")) {
            throw invalid("bandwidth_policy is required.");
        }
        return TaskRequestParser.bandwidthPolicy(root.get("bandwidth_policy"), MIN_BANDWIDTH, MAX_BANDWIDTH);
    }

    /** BatchUpdateTasksReq: {@code group_id} xor {@code ids}, and a priority or bandwidth windows to set. */
    record BatchUpdate(String groupId, List<Long> ids, List<BandwidthWindow> bandwidthPolicy, String taskPriority) {}

    static BatchUpdate parseBatchUpdate(JsonNode root) {
        JsonNode ids = root.get("ids");
        String groupId = optionalText(root, "group_id", null);
        if ((ids == null || ids.isNull()) == (groupId == null)) {
            throw invalid("exactly one of group_id and ids is required.");
        }
        List<Long> taskIds = new ArrayList<>();
        if (ids != null && !ids.isNull()) {
            if (!ids.isArray() || ids.isEmpty()) {
                throw invalid("ids must be a non-empty array of task ids.");
            }
            ids.forEach(id -> {
                if (!id.canConvertToLong() || !id.isIntegralNumber()) {
                    throw invalid("ids must be a non-empty array of task ids.");
                }
                taskIds.add(id.asLong());
            });
        }
        // the SDK's BatchUpdateTasksReq marks neither as required: what is given is changed
        List<BandwidthWindow> windows = root.has("bandwidth_policy")
                ? TaskRequestParser.bandwidthPolicy(root.get("bandwidth_policy"), MIN_BANDWIDTH, MAX_BANDWIDTH)
                : null;
        String priority = oneOf(root, "task_priority", PRIORITIES, null);
        if (windows == null && priority == null) {
            throw invalid("nothing to update: give task_priority or bandwidth_policy.");
        }
        return new BatchUpdate(groupId, List.copyOf(taskIds), windows, priority);
    }

    private static TaskSpec parse(JsonNode root, String type, boolean group) {
        JsonNode src = root.get("src_node");
        if (src == null || !src.isObject()) {
            throw ApiException.badRequest("OMS.0057", "Invalid source parameters: src_node is required.");
        }
        JsonNode dst = root.get("dst_node");
        if (dst == null || !dst.isObject()) {
            throw ApiException.badRequest("OMS.0058", "Invalid destination parameters: dst_node is required.");
        }
        boolean urlList = type.equals("url_list");
        boolean needsListFile = urlList || type.equals("list");
        String cloudType = optionalText(src, "cloud_type", urlList ? "URLSource" : "Aliyun");
        if (!CLOUD_TYPES.contains(cloudType)) {
            throw ApiException.badRequest(
                    "OMS.0057", "Invalid source parameters: unknown src_node.cloud_type " + cloudType + ".");
        }
        if (urlList != cloudType.equals("URLSource")) {
            throw ApiException.badRequest(
                    "OMS.0057",
                    "Invalid source parameters: src_node.cloud_type is URLSource exactly for url_list tasks.");
        }
        String region =
                urlList ? optionalText(src, "region", "") : requiredText(src, "region", 100, "OMS.0057", "src_node");
        String bucket =
                urlList ? optionalText(src, "bucket", "") : requiredText(src, "bucket", 1024, "OMS.0057", "src_node");
        // a Google source may authenticate with its key file instead of ak and sk
        if (!urlList && !(cloudType.equals("Google") && src.hasNonNull("json_auth_file"))) {
            requiredText(src, "ak", 100, "OMS.0057", "src_node");
            requiredText(src, "sk", 100, "OMS.0057", "src_node");
        }
        boundedText(src, "security_token", 16384, "OMS.0057", "src_node");
        boundedText(src, "json_auth_file", 65535, "OMS.0057", "src_node");
        String appId = optionalText(src, "app_id", null);
        List<String> keys = objectKeys(src.get("object_key"), group);
        String listBucket = null;
        String listKey = null;
        String listNum = null;
        JsonNode listFile = src.get("list_file");
        if (listFile != null && !listFile.isNull()) {
            if (!listFile.isObject()) {
                throw ApiException.badRequest(
                        "OMS.0057", "Invalid source parameters: src_node.list_file must be an object.");
            }
            listKey = requiredText(listFile, "list_file_key", 1024, "OMS.0057", "src_node.list_file");
            listBucket = requiredText(listFile, "obs_bucket", 0, "OMS.0057", "src_node.list_file");
            listNum = optionalText(listFile, "list_file_num", null);
        } else if (needsListFile) {
            throw ApiException.badRequest(
                    "OMS.0057",
                    "Invalid source parameters: src_node.list_file is required for task_type " + type + ".");
        }

        String dstRegion = requiredText(dst, "region", 100, "OMS.0058", "dst_node");
        requiredText(dst, "ak", 100, "OMS.0058", "dst_node");
        requiredText(dst, "sk", 100, "OMS.0058", "dst_node");
        String dstBucket = requiredText(dst, "bucket", 1024, "OMS.0058", "dst_node");
        boundedText(dst, "security_token", 16384, "OMS.0058", "dst_node");
        String savePrefix = optionalText(dst, "save_prefix", "");
        if (savePrefix.length() > 1024) {
            throw ApiException.badRequest(
                    "OMS.0058", "Invalid destination parameters: dst_node.save_prefix is longer than 1024.");
        }
        String dstCloudType = group ? optionalText(dst, "cloud_type", "HEC") : "HEC";

        String description = optionalText(root, "description", "");
        if (description.length() > 255) {
            throw invalid("description must not be longer than 255 characters.");
        }
        if (FORBIDDEN_DESCRIPTION.matcher(description).find()) {
            throw ApiException.badRequest("OMS.0078", "The description must not contain any of ^<>&\"'.");
        }
        JsonNode since = root.get("migrate_since");
        if (since != null
                && !since.isNull()
                && (!since.isIntegralNumber() || !since.canConvertToLong() || since.asLong() < 0)) {
            throw invalid("migrate_since must be a non-negative Unix time in seconds.");
        }
        String[] cdn = sourceCdn(root.get("source_cdn"));
        JsonNode recording = root.get("enable_failed_object_recording");
        TaskOptions options = new TaskOptions(
                optionalBoolean(root, "enable_metadata_migration"),
                oneOf(root, "object_overwrite_mode", OVERWRITE_MODES, TaskOptions.DEFAULTS.objectOverwriteMode()),
                oneOf(root, "dst_storage_policy", STORAGE_POLICIES, TaskOptions.DEFAULTS.dstStoragePolicy()),
                oneOf(root, "consistency_check", CONSISTENCY_CHECKS, TaskOptions.DEFAULTS.consistencyCheck()),
                optionalBoolean(root, "enable_requester_pays"),
                group ? null : oneOf(root, "task_priority", PRIORITIES, null),
                appId,
                listNum);
        // v2 has no thread count; 0 is within v1's 0..50 for a v1 show of this task
        return new TaskSpec(
                region,
                bucket,
                cloudType,
                keys,
                listBucket,
                listKey,
                dstRegion,
                dstBucket,
                savePrefix,
                dstCloudType,
                0,
                optionalBoolean(root, "enable_kms"),
                description,
                type,
                since == null || since.isNull() ? 0 : since.asLong(),
                optionalBoolean(root, "enable_restore"),
                // the one v2 default that differs from v1: failed objects are recorded unless asked not to (§4.1)
                recording == null || recording.isNull() || optionalBoolean(root, "enable_failed_object_recording"),
                smnTopic(root.get("smn_config")),
                cdn[0],
                cdn[1],
                cdn[2],
                TaskRequestParser.bandwidthPolicy(root.get("bandwidth_policy"), MIN_BANDWIDTH, MAX_BANDWIDTH),
                options);
    }

    /** v2 object_key is a string array; absent means the whole bucket ({@code [""]}). */
    private static List<String> objectKeys(JsonNode node, boolean group) {
        if (node == null || node.isNull()) {
            return List.of("");
        }
        if (!node.isArray()) {
            throw ApiException.badRequest(
                    "OMS.0055", "Invalid source files or folders: object_key must be an array of strings.");
        }
        List<String> keys = new ArrayList<>(node.size());
        for (JsonNode key : node) {
            if (!key.isTextual() || key.asText().length() > 1024) {
                throw ApiException.badRequest(
                        "OMS.0055",
                        "Invalid source files or folders: object_key entries must be strings of at most 1024 characters.");
            }
            keys.add(key.asText());
        }
        if (keys.isEmpty()) {
            return List.of("");
        }
        if (group && keys.stream().distinct().count() != keys.size()) {
            throw ApiException.badRequest("OMS.0055", "Invalid source files or folders: a prefix is given twice.");
        }
        return List.copyOf(keys);
    }

    /** {protocol, domain, authentication_type}, or three nulls without source_cdn. */
    private static String[] sourceCdn(JsonNode cdn) {
        if (cdn == null || cdn.isNull()) {
            return new String[3];
        }
        if (!cdn.isObject()) {
            throw invalid("source_cdn must be an object.");
        }
        String domain = requiredText(cdn, "domain", 0, "OMS.0064", "source_cdn");
        String protocol = requiredText(cdn, "protocol", 0, "OMS.0064", "source_cdn");
        if (!protocol.equals("http") && !protocol.equals("https")) {
            throw invalid("source_cdn.protocol must be http or https.");
        }
        String auth = requiredText(cdn, "authentication_type", 0, "OMS.0064", "source_cdn");
        if (!CDN_AUTHENTICATION.contains(auth)) {
            throw invalid("source_cdn.authentication_type is not one of the documented types.");
        }
        return new String[] {protocol, domain, auth};
    }

    private static String smnTopic(JsonNode smn) {
        if (smn == null || smn.isNull()) {
            return null;
        }
        if (!smn.isObject()) {
            throw invalid("smn_config must be an object.");
        }
        String urn = requiredText(smn, "topic_urn", 0, "OMS.0064", "smn_config");
        JsonNode triggers = smn.get("trigger_conditions");
        if (triggers == null || !triggers.isArray() || triggers.isEmpty()) {
            throw invalid("smn_config.trigger_conditions is required.");
        }
        for (JsonNode t : triggers) {
            if (!SMN_TRIGGERS.contains(t.asText())) {
                throw invalid("smn_config.trigger_conditions entries must be SUCCESS or FAILURE.");
            }
        }
        oneOf(smn, "language", LANGUAGES, "en-us");
        boundedText(smn, "message_template_name", 255, "OMS.0064", "smn_config");
        return urn;
    }

    /** An optional string field: when given, a string of at most {@code max} characters. */
    private static void boundedText(JsonNode parent, String field, int max, String code, String where) {
        JsonNode value = parent.get(field);
        if (value != null
                && !value.isNull()
                && (!value.isTextual() || value.asText().length() > max)) {
            throw ApiException.badRequest(
                    code,
                    "Invalid parameter: " + where + "." + field + " must be a string of at" + " most " + max
                            + " characters.");
        }
    }

    private static String oneOf(JsonNode parent, String field, Set<String> allowed, String fallback) {
        String value = optionalText(parent, field, fallback);
        if (value != null && !allowed.contains(value)) {
            throw invalid(field + " must be one of " + String.join(", ", new TreeSet<>(allowed)) + ".");
        }
        return value;
    }
}
