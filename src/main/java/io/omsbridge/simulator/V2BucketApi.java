package io.omsbridge.simulator;

import static io.omsbridge.simulator.TaskRequestParser.requiredText;

import com.fasterxml.jackson.databind.JsonNode;
import com.sun.net.httpserver.HttpExchange;
import java.io.IOException;
import java.util.List;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * OMS v2's check calls under {@code /v2/{project_id}/objectstorage/buckets} (oms-api.md §5.3, the SDK's
 * ListBucketsReq, ShowBucketRegionReq and CheckPrefixReq), answered from the buckets the settings declare: a bucket
 * not declared does not exist, a prefix exists when a declared object key starts with it.
 */
final class V2BucketApi {

    private static final Pattern PATH = Pattern.compile("/v2/([^/]+)/objectstorage(/.*)?");

    private final List<SimBucket> buckets;
    private final TemporaryKeys temporaryKeys;

    V2BucketApi(List<SimBucket> buckets, TemporaryKeys temporaryKeys) {
        this.buckets = List.copyOf(buckets);
        this.temporaryKeys = temporaryKeys;
    }

    static boolean serves(String path) {
        return PATH.matcher(path).matches();
    }

    /** The project of a check call; a path OMS does not have is the gateway's 404, another method OMS's 405. */
    static String projectId(String method, String path) {
        Matcher m = PATH.matcher(path.endsWith("/") ? path.substring(0, path.length() - 1) : path);
        if (!m.matches()
                || !List.of("/buckets", "/buckets/regions", "/buckets/prefix").contains(String.valueOf(m.group(2)))) {
            throw OmsRoute.notFound();
        }
        if (!method.equals("POST")) {
            throw ApiException.oms(405, "OMS.0005", "The HTTP method is not supported.");
        }
        return m.group(1);
    }

    void dispatch(HttpExchange ex, String path, byte[] body) throws IOException {
        JsonNode root = TaskRequestParser.requireObject(body);
        requiredText(root, "cloud_type", 100, "OMS.0064", "body");
        keys(root);
        String call = path.endsWith("/") ? path.substring(0, path.length() - 1) : path;
        if (call.endsWith("/buckets")) {
            HttpIo.sendJson(ex, 200, Json.write(g -> {
                g.writeStartArray();
                for (SimBucket b : buckets) {
                    g.writeString(b.name());
                }
                g.writeEndArray();
            }));
        } else if (call.endsWith("/regions")) {
            SimBucket bucket = bucket(requiredText(root, "bucket_name", 1024, "OMS.0064", "body"));
            HttpIo.sendJson(ex, 200, Json.write(g -> {
                g.writeStartObject();
                g.writeStringField("id", bucket.region());
                g.writeStringField("name", bucket.region());
                g.writeBooleanField("support", true);
                g.writeEndObject();
            }));
        } else {
            temporaryKeys.checkBucketCall(root);
            SimBucket bucket = bucket(requiredText(root, "bucket_name", 1024, "OMS.0064", "body"));
            String prefix = requiredText(root, "file_name", 1024, "OMS.0064", "body");
            String region = requiredText(root, "data_center", 100, "OMS.0064", "body");
            if (!region.equals(bucket.region())) {
                // invented text: the documents give no answer for a bucket asked for in another region
                throw ApiException.badRequest(
                        "OMS.0064",
                        "Invalid request parameters: bucket " + bucket.name() + " is not in data_center " + region
                                + ".");
            }
            HttpIo.sendJson(ex, 200, Json.write(g -> {
                g.writeStartObject();
                g.writeBooleanField("exist", bucket.hasPrefix(prefix));
                g.writeEndObject();
            }));
        }
    }

    /** The SDK sends ak and sk, or a Google key file; a key of more than 100 characters is refused as in a create. */
    private static void keys(JsonNode root) {
        if (root.hasNonNull("json_auth_file") && !root.hasNonNull("ak")) {
            return;
        }
        requiredText(root, "ak", 100, "OMS.0064", "body");
        requiredText(root, "sk", 100, "OMS.0064", "body");
    }

    private SimBucket bucket(String name) {
        Optional<SimBucket> found =
                buckets.stream().filter(b -> b.name().equals(name)).findFirst();
        // invented code and text: oms-api.md records no answer for a bucket the keys cannot see
        return found.orElseThrow(() -> ApiException.badRequest(
                "OMS.0064",
                "Invalid request parameters: bucket " + name + " does not exist or these keys cannot read it."));
    }
}
