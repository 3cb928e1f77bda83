package io.omsbridge.simulator;

/** An error answer: HTTP status plus the OMS/APIG code and message that go into the body. */
final class ApiException extends RuntimeException {

    private final int status;
    private final String code;
    private final boolean gateway;

    private ApiException(int status, String code, String message, boolean gateway) {
        super(message, null, false, false);
        this.status = status;
        this.code = code;
        this.gateway = gateway;
    }

    /** OMS business error, {@code {"error_code","error_msg"}}; most are 400. */
    static ApiException oms(int status, String code, String message) {
        return new ApiException(status, code, message, false);
    }

    static ApiException badRequest(String code, String message) {
        return oms(400, code, message);
    }

    /** API Gateway error, which also carries {@code request_id}. */
    static ApiException gateway(int status, String code, String message) {
        return new ApiException(status, code, message, true);
    }

    static ApiException unauthorized(String reason) {
        return gateway(401, "APIG.0301", "Incorrect IAM authentication information: " + reason);
    }

    int status() {
        return status;
    }

    String code() {
        return code;
    }

    boolean gateway() {
        return gateway;
    }

    byte[] body(String requestId) {
        return gateway ? Json.gatewayError(code, getMessage(), requestId) : Json.omsError(code, getMessage());
    }
}
