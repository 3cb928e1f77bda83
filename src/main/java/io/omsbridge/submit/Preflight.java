package io.omsbridge.submit;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.omsbridge.hwcloud.oms.OmsException;
import io.omsbridge.ledger.LedgerRecord;
import io.omsbridge.model.BridgeConstants;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import org.apache.camel.Body;
import org.apache.camel.ExchangeProperty;

/**
 * The check before a task ({@code "preflight": true}, or {@code bridge.requests.preflight}): on the v2 create body
 * {@link CreateBodies} built, ask OMS whether the source bucket is where the request says (ShowBucketRegion), whether
 * each source prefix holds anything (CheckPrefix), and whether the destination keys see the destination bucket in its
 * region (ListBuckets, ShowBucketRegion). A temporary key pair is checked only where the call takes its token
 * (CheckPrefix). What OMS says against the request refuses it (BRIDGE.PREFLIGHT) by field, before a task exists; a
 * call that gets no answer is retried like the create.
 */
public final class Preflight {

    /** Prefixes checked per request, one call each: a list of thousands of objects is checked by its first ones. */
    static final int MAX_PREFIXES = 20;

    private static final String OBS = "HuaweiCloud";
    /** OMS's names of the check calls (its API reference's), which each refusal cites. */
    private static final String CHECK_PREFIX = "CheckPrefix";

    private static final String SHOW_BUCKET_REGION = "ShowBucketRegion";
    private static final String LIST_BUCKETS = "ListBuckets";
    private static final Set<String> KEY_FIELDS = Set.of("ak", "sk", "json_auth_file", "app_id");

    private final OmsBuckets oms;
    private final ObjectMapper mapper;
    private final boolean byDefault;

    /** {@code byDefault}: {@code bridge.requests.preflight}, for requests that do not say. */
    public Preflight(OmsBuckets oms, ObjectMapper mapper, boolean byDefault) {
        this.oms = oms;
        this.mapper = mapper;
        this.byDefault = byDefault;
    }

    /** Body in and out: the create body; throws OmsException 400 BRIDGE.PREFLIGHT naming the fields OMS refutes. */
    public void check(@ExchangeProperty(BridgeConstants.ATTEMPT) SubmitAttempt attempt, @Body String createBody)
            throws Exception {
        Boolean asked = attempt.preflight();
        if (!(asked != null ? asked : byDefault)) {
            return;
        }
        LedgerRecord r = attempt.record();
        JsonNode body = mapper.readTree(createBody);
        boolean v1Shape = attempt.v1Shape();
        List<String> problems = new ArrayList<>();
        if (!"url_list".equalsIgnoreCase(body.path("task_type").asText())) {
            source(r.projectId(), body, v1Shape, problems);
        }
        destination(r.projectId(), body.path("dst_node"), problems);
        if (!problems.isEmpty()) {
            throw new OmsException(400, "BRIDGE.PREFLIGHT", String.join("; ", problems), null);
        }
    }

    private void source(String project, JsonNode body, boolean v1Shape, List<String> problems) {
        JsonNode src = body.path("src_node");
        String bucket = src.path("bucket").asText();
        String region = src.path("region").asText();
        String cloudType = src.path("cloud_type").asText("Aliyun");
        if (!src.has("security_token")) {
            // ShowBucketRegionReq has no security token (SDK 3.1.143): a temporary key is checked by CheckPrefix alone
            ObjectNode ask = keys(src, cloudType).put("bucket_name", bucket);
            JsonNode where;
            try {
                where = oms.showBucketRegion(project, ask);
            } catch (OmsException e) {
                refused(
                        e,
                        problems,
                        "src_node.bucket",
                        "OMS cannot reach bucket '" + bucket + "' with the source" + " keys");
                return;
            }
            if (!region(where, region, "src_node.region", bucket, problems)) {
                return;
            }
        }
        boolean temporary = src.has("security_token");
        JsonNode keys = src.path("object_key");
        int checked = 0;
        for (int i = 0; i < keys.size() && checked < MAX_PREFIXES; i++) {
            String prefix = keys.get(i).asText();
            if (prefix.isEmpty()) {
                // the whole bucket: CheckPrefix wants a prefix (file_name is required)
                continue;
            }
            checked++;
            String field = v1Shape ? "src_node.object_key" : "src_node.object_key[" + i + "]";
            ObjectNode ask = keys(src, cloudType)
                    .put("bucket_name", bucket)
                    .put("file_name", prefix)
                    .put("data_center", region);
            if (temporary) {
                ask.put("security_token", src.path("security_token").asText());
            }
            try {
                if (!oms.checkPrefix(project, ask).path("exist").asBoolean(false)) {
                    problems.add(field + ": nothing in bucket '" + bucket + "' starts with '" + prefix + "' (OMS "
                            + CHECK_PREFIX + ")");
                }
            } catch (OmsException e) {
                refused(e, problems, field, "OMS cannot check prefix '" + prefix + "' in bucket '" + bucket + "'");
            }
        }
    }

    private void destination(String project, JsonNode dst, List<String> problems) {
        String bucket = dst.path("bucket").asText();
        String region = dst.path("region").asText();
        if (dst.has("security_token")) {
            // ListBucketsReq and ShowBucketRegionReq take no security token (SDK 3.1.143): nothing to ask with it
            return;
        }
        try {
            JsonNode names = oms.listBuckets(project, keys(dst, OBS));
            boolean seen = false;
            for (JsonNode name : names) {
                seen |= name.asText().equals(bucket);
            }
            if (!seen) {
                problems.add("dst_node.bucket: the destination keys see no bucket '" + bucket + "' (OMS " + LIST_BUCKETS
                        + ")");
                return;
            }
            region(
                    oms.showBucketRegion(project, keys(dst, OBS).put("bucket_name", bucket)),
                    region,
                    "dst_node.region",
                    bucket,
                    problems);
        } catch (OmsException e) {
            refused(
                    e,
                    problems,
                    "dst_node.bucket",
                    "OMS cannot reach bucket '" + bucket + "' with the destination" + " keys");
        }
    }

    /** True when OMS places the bucket in {@code region} and migrates from there. */
    private static boolean region(JsonNode where, String region, String field, String bucket, List<String> problems) {
        String actual = where.path("id").asText("");
        if (!actual.isEmpty() && !actual.equals(region)) {
            problems.add(field + ": bucket '" + bucket + "' is in " + actual + ", not " + region + " (OMS "
                    + SHOW_BUCKET_REGION + ")");
            return false;
        }
        if (where.has("support") && !where.path("support").asBoolean(true)) {
            problems.add(field + ": OMS does not migrate from region " + region + " (OMS " + SHOW_BUCKET_REGION + ")");
            return false;
        }
        return true;
    }

    /** A refusal (4xx) is the request's problem; anything that may pass (no answer, 5xx, 429, 401) is retried. */
    private static void refused(OmsException e, List<String> problems, String field, String what) {
        if (e.isTransient()) {
            throw e;
        }
        problems.add(field + ": " + what + ": " + e.errorCode() + " " + e.errorMessage());
    }

    private ObjectNode keys(JsonNode node, String cloudType) {
        ObjectNode ask = mapper.createObjectNode().put("cloud_type", cloudType);
        for (String field : KEY_FIELDS) {
            if (node.path(field).isTextual()) {
                ask.put(field, node.path(field).asText());
            }
        }
        return ask;
    }
}
