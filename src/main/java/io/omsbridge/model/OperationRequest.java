package io.omsbridge.model;

import com.fasterxml.jackson.databind.node.ObjectNode;

/**
 * A valid operation request: {@code operation} on the migration {@code requestId}, idempotent by
 * {@code operationId}. {@code aliases} names the credential aliases it gives ({@code {"src_node":"a"}}) and
 * {@code secrets} the inline keys it gives ({@code {"src_node":{"ak":..,"sk":..}}}), for a start or retry of a
 * migration created with inline keys; either may be null.
 */
public record OperationRequest(String operationId, String requestId, Operation operation, boolean failedObjectsOnly,
        ObjectNode aliases, ObjectNode secrets) {

    @Override
    public String toString() {
        return "OperationRequest[" + operationId + ": " + operation + " " + requestId + "]";
    }
}
