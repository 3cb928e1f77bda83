package io.omsbridge.oms;

/** OMS (or its gateway) answered with an error: the HTTP status and OMS's {@code error_code} / {@code error_msg}. */
public final class OmsApiException extends RuntimeException {

    private final int status;
    private final String errorCode;
    private final String errorMessage;

    public OmsApiException(int status, String errorCode, String errorMessage) {
        super("OMS answered HTTP " + status + " " + errorCode + ": " + errorMessage);
        this.status = status;
        this.errorCode = errorCode;
        this.errorMessage = errorMessage;
    }

    public int status() {
        return status;
    }

    /** Same name as camel-http's exception, so one error-handling rule reads both. */
    public int getStatusCode() {
        return status;
    }

    public String errorCode() {
        return errorCode;
    }

    public String errorMessage() {
        return errorMessage;
    }

    /** An answer that says nothing about the request: a refused token, throttling, a server error, no status. */
    public boolean isTransient() {
        return status == 401 || status == 429 || status >= 500 || status == 0;
    }

    /** "No resources found": the task is not (or no longer) known to OMS. */
    public boolean taskUnknown() {
        return status == 400 && "OMS.1009".equals(errorCode);
    }

    /** OMS's quotas (tasks created in 24 h, tasks waiting): the request waits and is tried again later. */
    public boolean quota() {
        return errorCode != null && (errorCode.endsWith(".0075") || errorCode.endsWith(".0076")
                || errorCode.endsWith(".0077"));
    }

}
