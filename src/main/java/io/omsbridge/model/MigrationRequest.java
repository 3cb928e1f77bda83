package io.omsbridge.model;

import com.fasterxml.jackson.databind.node.ObjectNode;

/**
 * A valid request, ready for the ledger: {@code body} is the OMS v1 create-task body in the seed's shape with every
 * secret value taken out (credential aliases stay); {@code secrets} holds those values under the same JSON paths
 * ({@link RequestReader#SECRET_FIELDS}, e.g. {@code
 * {"src_node":{"ak":..,"sk":..},"source_cdn":{"authentication_key":..}}}),
 * to be deep-merged back into the body when it is sent, or null when the request carries none.
 */
public record MigrationRequest(String requestId, String projectId, ObjectNode body, ObjectNode secrets) {

    /** The destination region ({@code dst_node.region}): where the task is made when regions are configured. */
    public String region() {
        return body.path("dst_node").path("region").asText(null);
    }

    @Override
    public String toString() {
        return "MigrationRequest[" + requestId + ", project=" + projectId + "]";
    }
}
