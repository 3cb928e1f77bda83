package io.omsbridge.hwcloud.oms;

/**
 * An OMS call that did not succeed: OMS's (or its gateway's) answer with its HTTP status and {@code error_code}, or no
 * answer at all ({@code status} 0: refused, reset, timed out, or cut off at the call's deadline). One type for every
 * failure, so a route tells them apart by status and code, not by exception class.
 */
public final class OmsException extends RuntimeException {

    /** {@code errorCode} of a call that got no answer. */
    public static final String NO_ANSWER = "HTTP.NO_ANSWER";
    /** {@code errorCode} of a call cut off at its deadline. */
    public static final String DEADLINE = "HTTP.DEADLINE";

    private final int status;
    private final String errorCode;
    private final String errorMessage;
    private final String requestId;

    public OmsException(int status, String errorCode, String errorMessage, String requestId) {
        this(status, errorCode, errorMessage, requestId, null);
    }

    public OmsException(int status, String errorCode, String errorMessage, String requestId, Throwable cause) {
        super(
                status == 0
                        ? "no answer from OMS (" + errorCode + "): " + errorMessage
                        : "OMS answered HTTP " + status + " " + errorCode + ": " + errorMessage,
                cause);
        this.status = status;
        this.errorCode = errorCode;
        this.errorMessage = errorMessage;
        this.requestId = requestId;
    }

    public int status() {
        return status;
    }

    /** The same, under the name Camel's simple language and camel-http's exception use. */
    public int getStatusCode() {
        return status;
    }

    public String errorCode() {
        return errorCode;
    }

    public String errorMessage() {
        return errorMessage;
    }

    /** OMS's {@code X-Request-Id}, when it answered. */
    public String requestId() {
        return requestId;
    }

    public boolean answered() {
        return status != 0;
    }

    /** An answer that says nothing about the request: a refused token, throttling, a server error, no answer. */
    public boolean isTransient() {
        return status == 401 || status == 429 || status >= 500 || status == 0;
    }

    /** A call that changes something may still have done it: no answer (or cut off), or a server error. */
    public boolean mayHaveActed() {
        return status == 0 || status >= 500;
    }

    /** "No resources found": the task (or group) is not, or no longer, known to OMS. */
    public boolean notFound() {
        return status == 400 && "OMS.1009".equals(errorCode);
    }

    /** OMS's quotas (tasks created in 24 h, tasks waiting, too many tasks): try again later. */
    public boolean quota() {
        return errorCode != null
                && (errorCode.endsWith(".0075") || errorCode.endsWith(".0076") || errorCode.endsWith(".0077"));
    }
}
