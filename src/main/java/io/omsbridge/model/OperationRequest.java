package io.omsbridge.model;

import com.fasterxml.jackson.databind.node.ObjectNode;

/**
 * A valid operation request: {@code operation} on the migration {@code requestId}, idempotent by
 * {@code operationId}. {@code aliases} names the credential aliases it gives ({@code {"src_node":"a"}}) and
 * {@code secrets} the inline keys it gives ({@code {"src_node":{"ak":..,"sk":..}}}), for a start or retry of a
 * migration created with inline keys; either may be null. {@code arguments} holds what a bandwidth or priority change
 * sets ({@code {"bandwidth_policy": [..]}}, {@code {"task_priority": "HIGH"}}), else null.
 */
public record OperationRequest(
        String operationId,
        String requestId,
        Operation operation,
        boolean failedObjectsOnly,
        ObjectNode aliases,
        ObjectNode secrets,
        ObjectNode arguments) {

    public OperationRequest(
            String operationId,
            String requestId,
            Operation operation,
            boolean failedObjectsOnly,
            ObjectNode aliases,
            ObjectNode secrets) {
        this(operationId, requestId, operation, failedObjectsOnly, aliases, secrets, null);
    }

    @Override
    public String toString() {
        return "OperationRequest[" + operationId + ": " + operation + " " + requestId + "]";
    }
}
