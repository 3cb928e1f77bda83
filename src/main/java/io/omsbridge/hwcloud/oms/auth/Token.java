package io.omsbridge.hwcloud.oms.auth;

import java.time.Duration;
import java.time.Instant;

/**
 * An IAM token, when it expires and when it was issued (null when IAM did not say: the cache then takes the time it
 * asked); {@link #toString()} never shows the value.
 */
public record Token(String value, Instant expiresAt, Instant issuedAt) {

    public Token(String value, Instant expiresAt) {
        this(value, expiresAt, null);
    }

    Token issuedAtIfUnknown(Instant asked) {
        return issuedAt != null ? this : new Token(value, expiresAt, asked);
    }

    /** How long it is valid from issue to expiry (zero when unknown or nonsensical). */
    Duration lifetime() {
        if (issuedAt == null || !issuedAt.isBefore(expiresAt)) {
            return Duration.ZERO;
        }
        return Duration.between(issuedAt, expiresAt);
    }

    @Override
    public String toString() {
        return "Token[***, expires " + expiresAt + "]";
    }
}
