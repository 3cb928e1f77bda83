package io.omsbridge.submit;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.omsbridge.hwcloud.oms.OmsConstants;
import io.omsbridge.hwcloud.oms.OmsException;
import org.apache.camel.Exchange;
import org.apache.camel.ProducerTemplate;

/**
 * OMS API v2's checks of buckets (oms-api.md §5.3) through the {@code hwcloud-oms} component: which buckets a key
 * pair sees, where a bucket is, whether a prefix holds anything. Each body carries the keys it checks with.
 */
public final class OmsBuckets {

    private final ProducerTemplate template;

    public OmsBuckets(ProducerTemplate template) {
        this.template = template;
    }

    /** ListBucketsReq in, the bucket names out (a JSON array). */
    public JsonNode listBuckets(String projectId, ObjectNode request) {
        return send("hwcloud-oms:listBuckets", projectId, request);
    }

    /** ShowBucketRegionReq in, {@code {id, name, support}} out. */
    public JsonNode showBucketRegion(String projectId, ObjectNode request) {
        return send("hwcloud-oms:showBucketRegion", projectId, request);
    }

    /** CheckPrefixReq in, {@code {exist}} out. */
    public JsonNode checkPrefix(String projectId, ObjectNode request) {
        return send("hwcloud-oms:checkPrefix", projectId, request);
    }

    private JsonNode send(String uri, String projectId, ObjectNode request) {
        Exchange reply = template.request(uri, exchange -> {
            exchange.getIn().setHeader(OmsConstants.PROJECT_ID, projectId);
            exchange.getIn().setBody(request);
        });
        if (reply.getException() instanceof RuntimeException failure) {
            throw failure;
        }
        if (reply.getException() != null) {
            throw new OmsException(
                    0, OmsException.NO_ANSWER, reply.getException().toString(), null, reply.getException());
        }
        return reply.getMessage().getBody(JsonNode.class);
    }
}
