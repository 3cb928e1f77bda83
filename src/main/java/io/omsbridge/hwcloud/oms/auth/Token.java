package io.omsbridge.hwcloud.oms.auth;

import java.time.Instant;

/** An IAM token and when it expires; {@link #toString()} never shows the value. */
public record Token(String value, Instant expiresAt) {

    @Override
    public String toString() {
        return "Token[***, expires " + expiresAt + "]";
    }
}
