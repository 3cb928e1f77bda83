package io.omsbridge.model;

import java.util.List;


/**
 * One request as it arrives, valid or not: {@code request} when valid, else {@code problems} and a fingerprint of the
 * raw text (never the text itself, which may hold secrets).
 */
public record Intake(String requestId, RequestSource source, String origin, String replyTo,
        MigrationRequest request, List<Problem> problems, String fingerprint) {

    public boolean valid() {
        return request != null;
    }
}
