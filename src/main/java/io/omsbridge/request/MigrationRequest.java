package io.omsbridge.request;

import com.fasterxml.jackson.databind.node.ObjectNode;

/**
 * A valid request, ready for the ledger: {@code body} is the OMS v1 create-task body in the seed's shape with every AK
 * and SK taken out (credential aliases stay), {@code secrets} holds the inline AK/SK that were taken out (or null).
 */
public record MigrationRequest(String requestId, String projectId, ObjectNode body, ObjectNode secrets) {

    @Override
    public String toString() {
        return "MigrationRequest[" + requestId + ", project=" + projectId + "]";
    }
}
