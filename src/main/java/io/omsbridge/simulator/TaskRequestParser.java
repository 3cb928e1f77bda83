package io.omsbridge.simulator;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.regex.Pattern;

/** Validates v1 create and update bodies the way oms-api.md §2.2–2.6 describes, answering OMS codes. */
final class TaskRequestParser {

    static final long MIN_BANDWIDTH = 5L * 1024 * 1024;
    static final long MAX_BANDWIDTH = 10L * 1024 * 1024 * 1024;
    private static final Set<String> TASK_TYPES = Set.of("list", "object", "prefix", "url_list");
    private static final Set<String> SMN_TRIGGERS = Set.of("SUCCESS", "FAIL");
    private static final Pattern FORBIDDEN_DESCRIPTION = Pattern.compile("[<>()\"'&]");
    private static final Pattern HH_MM = Pattern.compile("([01]\\d|2[0-3]):[0-5]\\d");
    private static final int MINUTES_PER_DAY = 24 * 60;

    private TaskRequestParser() {}

    static JsonNode requireObject(byte[] body) {
        JsonNode root = Json.parseOrNull(body);
        if (root == null || !root.isObject()) {
            throw ApiException.badRequest("OMS.0067", "The request body is not in JSON format.");
        }
        return root;
    }

    static TaskSpec parseCreate(JsonNode root) {
        JsonNode src = root.get("src_node");
        if (src == null || !src.isObject()) {
            throw ApiException.badRequest("OMS.0057", "Invalid source parameters: src_node is required.");
        }
        JsonNode dst = root.get("dst_node");
        if (dst == null || !dst.isObject()) {
            throw ApiException.badRequest("OMS.0058", "Invalid destination parameters: dst_node is required.");
        }
        String taskType = optionalText(root, "task_type", "");
        // §2.9: an empty task_type means object, the default
        if (taskType.isEmpty()) {
            taskType = "object";
        }
        if (!TASK_TYPES.contains(taskType)) {
            throw invalid("task_type must be one of list, object, prefix, url_list.");
        }
        boolean needsListFile = taskType.equals("list") || taskType.equals("url_list");

        String srcRegion = requiredText(src, "region", 0, "OMS.0057", "src_node");
        String srcBucket =
                needsListFile && !src.has("bucket") ? "" : requiredText(src, "bucket", 0, "OMS.0057", "src_node");
        requiredText(src, "ak", 100, "OMS.0057", "src_node");
        requiredText(src, "sk", 100, "OMS.0057", "src_node");
        String srcCloudType = optionalText(src, "cloud_type", "");
        List<String> keys = objectKeys(src.get("object_key"));
        String listBucket = null;
        String listKey = null;
        JsonNode listFile = src.get("list_file");
        if (listFile != null && !listFile.isNull()) {
            if (!listFile.isObject()) {
                throw ApiException.badRequest(
                        "OMS.0057", "Invalid source parameters: src_node.list_file must be an object.");
            }
            listBucket = requiredText(listFile, "obs_bucket", 0, "OMS.0057", "src_node.list_file");
            listKey = requiredText(listFile, "list_file_key", 1024, "OMS.0057", "src_node.list_file");
        } else if (needsListFile) {
            throw ApiException.badRequest(
                    "OMS.0057",
                    "Invalid source parameters: src_node.list_file is required for task_type " + taskType + ".");
        }

        String dstRegion = requiredText(dst, "region", 0, "OMS.0058", "dst_node");
        requiredText(dst, "ak", 100, "OMS.0058", "dst_node");
        requiredText(dst, "sk", 100, "OMS.0058", "dst_node");
        String dstKey = requiredText(dst, "object_key", 1024, "OMS.0058", "dst_node");
        String dstBucket = requiredText(dst, "bucket", 0, "OMS.0058", "dst_node");
        String dstCloudType = optionalText(dst, "cloud_type", "OBS");

        JsonNode threads = root.get("thread_num");
        // canConvertToInt: a huge integer such as 2^64+5 must not wrap around into 0..50
        if (threads == null
                || !threads.isIntegralNumber()
                || !threads.canConvertToInt()
                || threads.asInt() < 0
                || threads.asInt() > 50) {
            throw ApiException.badRequest("OMS.0059", "Invalid thread_num: an integer from 0 to 50 is required.");
        }
        JsonNode kms = root.get("enableKMS");
        if (kms == null || !kms.isBoolean()) {
            throw invalid("enableKMS is required and must be a boolean.");
        }
        String description = optionalText(root, "description", "");
        if (description.length() > 255) {
            throw invalid("description must not be longer than 255 characters.");
        }
        if (FORBIDDEN_DESCRIPTION.matcher(description).find()) {
            throw ApiException.badRequest("OMS.0078", "The description must not contain any of <>()\"'&.");
        }
        JsonNode since = root.get("migrate_since");
        if (since != null
                && !since.isNull()
                && (!since.isIntegralNumber() || !since.canConvertToLong() || since.asLong() < 0)) {
            throw invalid("migrate_since must be a non-negative Unix time in seconds.");
        }
        String smnTopic = smnTopic(root.get("smnInfo"));
        JsonNode cdn = root.get("source_cdn");
        String cdnProtocol = null;
        String cdnDomain = null;
        String cdnAuth = null;
        if (cdn != null && !cdn.isNull()) {
            if (!cdn.isObject()) {
                throw invalid("source_cdn must be an object.");
            }
            cdnProtocol = requiredText(cdn, "protocol", 0, "OMS.0064", "source_cdn");
            if (!cdnProtocol.equals("http") && !cdnProtocol.equals("https")) {
                throw invalid("source_cdn.protocol must be http or https.");
            }
            cdnDomain = requiredText(cdn, "domain", 0, "OMS.0064", "source_cdn");
            cdnAuth = optionalText(cdn, "authentication_type", "NONE");
        }
        return new TaskSpec(
                srcRegion,
                srcBucket,
                srcCloudType,
                keys,
                listBucket,
                listKey,
                dstRegion,
                dstBucket,
                dstKey,
                dstCloudType,
                threads.asInt(),
                kms.asBoolean(),
                description,
                taskType,
                since == null || since.isNull() ? 0 : since.asLong(),
                optionalBoolean(root, "auto_restore"),
                optionalBoolean(root, "enable_failed_object_recording"),
                smnTopic,
                cdnProtocol,
                cdnDomain,
                cdnAuth,
                bandwidthPolicy(root.get("bandwidth_policy")),
                TaskOptions.DEFAULTS);
    }

    /** Validates a v1 bandwidth_policy array: at most 5 windows, each 5 MB/s..10 GB/s, no two sharing a minute. */
    static List<BandwidthWindow> bandwidthPolicy(JsonNode node) {
        return bandwidthPolicy(node, MIN_BANDWIDTH, MAX_BANDWIDTH);
    }

    /** At most 5 windows, each within min..max bytes/s (OMS.0084 outside), no two sharing a minute. */
    static List<BandwidthWindow> bandwidthPolicy(JsonNode node, long minBandwidth, long maxBandwidth) {
        if (node == null || node.isNull()) {
            return List.of();
        }
        if (!node.isArray()) {
            throw invalid("bandwidth_policy must be an array.");
        }
        if (node.size() > 5) {
            throw ApiException.badRequest("OMS.0083", "Too many bandwidth policies: at most 5 are allowed.");
        }
        List<BandwidthWindow> windows = new ArrayList<>(node.size());
        boolean[] taken = new boolean[MINUTES_PER_DAY];
        for (JsonNode item : node) {
            if (!item.isObject()) {
                throw invalid("bandwidth_policy entries must be objects.");
            }
            String start = requiredText(item, "start", 5, "OMS.0064", "bandwidth_policy");
            String end = requiredText(item, "end", 5, "OMS.0064", "bandwidth_policy");
            if (!HH_MM.matcher(start).matches() || !HH_MM.matcher(end).matches()) {
                throw invalid("bandwidth_policy start and end must be hh:mm.");
            }
            JsonNode max = item.get("max_bandwidth");
            if (max == null || !max.isIntegralNumber()) {
                throw invalid("bandwidth_policy.max_bandwidth is required and must be an integer.");
            }
            if (!max.canConvertToLong() || max.asLong() < minBandwidth || max.asLong() > maxBandwidth) {
                throw ApiException.badRequest(
                        "OMS.0084",
                        "max_bandwidth out of range: " + minBandwidth + " to " + maxBandwidth + " bytes/s.");
            }
            // §2.2.5: start and end are both inclusive; a window whose end is before its start runs over midnight
            int last = minuteOfDay(end);
            for (int m = minuteOfDay(start); ; m = (m + 1) % MINUTES_PER_DAY) {
                if (taken[m]) {
                    // oms-api.md has codes for too many windows (0083) and the rate (0084) only: overlap is the generic
                    // 0064
                    throw invalid("bandwidth_policy windows must not overlap (" + start + "-" + end + ").");
                }
                taken[m] = true;
                if (m == last) {
                    break;
                }
            }
            windows.add(new BandwidthWindow(start, end, max.asLong()));
        }
        return List.copyOf(windows);
    }

    private static int minuteOfDay(String hhmm) {
        return Integer.parseInt(hhmm, 0, 2, 10) * 60 + Integer.parseInt(hhmm, 3, 5, 10);
    }

    /** Accepts the seed's {"path","keys"} object and a plain array of names; renders absolute names. */
    private static List<String> objectKeys(JsonNode node) {
        if (node == null || node.isNull()) {
            return List.of("/");
        }
        List<String> names = new ArrayList<>();
        if (node.isArray()) {
            for (JsonNode key : node) {
                if (!key.isTextual()) {
                    throw ApiException.badRequest(
                            "OMS.0055", "Invalid source files or folders: object_key entries must be strings.");
                }
                names.add(key.asText());
            }
        } else if (node.isObject()) {
            JsonNode path = node.get("path");
            JsonNode keys = node.get("keys");
            if ((path != null && !path.isNull() && !path.isTextual())
                    || (keys != null && !keys.isNull() && !keys.isArray())) {
                throw ApiException.badRequest(
                        "OMS.0055", "Invalid source files or folders: object_key is {path, keys[]}.");
            }
            String prefix = path == null || path.isNull() ? "" : path.asText();
            if (keys != null && keys.isArray()) {
                for (JsonNode key : keys) {
                    if (!key.isTextual()) {
                        throw ApiException.badRequest(
                                "OMS.0055", "Invalid source files or folders: keys must be strings.");
                    }
                    names.add(prefix + key.asText());
                }
            }
            if (names.isEmpty() && !prefix.isEmpty()) {
                names.add(prefix);
            }
        } else {
            throw ApiException.badRequest(
                    "OMS.0055", "Invalid source files or folders: object_key has the wrong type.");
        }
        return names.isEmpty() ? List.of("/") : List.copyOf(names);
    }

    private static String smnTopic(JsonNode smn) {
        if (smn == null || smn.isNull()) {
            return null;
        }
        if (!smn.isObject()) {
            throw invalid("smnInfo must be an object.");
        }
        String urn = requiredText(smn, "topicUrn", 0, "OMS.0064", "smnInfo");
        JsonNode triggers = smn.get("triggerConditions");
        if (triggers == null || !triggers.isArray() || triggers.isEmpty()) {
            throw invalid("smnInfo.triggerConditions is required.");
        }
        for (JsonNode t : triggers) {
            if (!SMN_TRIGGERS.contains(t.asText())) {
                throw invalid("smnInfo.triggerConditions entries must be SUCCESS or FAIL.");
            }
        }
        return urn;
    }

    static String requiredText(JsonNode parent, String field, int maxLength, String code, String where) {
        JsonNode value = parent.get(field);
        if (value == null || !value.isTextual() || value.asText().isEmpty()) {
            throw ApiException.badRequest(code, "Invalid parameter: " + where + "." + field + " is required.");
        }
        String text = value.asText();
        if (maxLength > 0 && text.length() > maxLength) {
            throw ApiException.badRequest(
                    code,
                    "Invalid parameter: " + where + "." + field + " is longer than " + maxLength + " characters.");
        }
        return text;
    }

    static String optionalText(JsonNode parent, String field, String fallback) {
        JsonNode value = parent.get(field);
        if (value == null || value.isNull()) {
            return fallback;
        }
        if (!value.isTextual()) {
            throw invalid(field + " must be a string.");
        }
        return value.asText();
    }

    static boolean optionalBoolean(JsonNode parent, String field) {
        JsonNode value = parent.get(field);
        if (value == null || value.isNull()) {
            return false;
        }
        if (!value.isBoolean()) {
            throw invalid(field + " must be a boolean.");
        }
        return value.asBoolean();
    }

    static ApiException invalid(String detail) {
        return ApiException.badRequest("OMS.0064", "Invalid request parameters: " + detail);
    }
}
