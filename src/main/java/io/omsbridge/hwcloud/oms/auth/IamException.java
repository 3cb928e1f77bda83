package io.omsbridge.hwcloud.oms.auth;

/**
 * No token could be had. {@code credentialsRejected} means IAM refused the configured user (wrong password, domain or
 * project): retrying before the operator fixes the settings only adds load, so callers back off.
 */
public final class IamException extends RuntimeException {

    private final boolean credentialsRejected;

    public IamException(String message, boolean credentialsRejected, Throwable cause) {
        super(message, cause);
        this.credentialsRejected = credentialsRejected;
    }

    public boolean credentialsRejected() {
        return credentialsRejected;
    }
}
