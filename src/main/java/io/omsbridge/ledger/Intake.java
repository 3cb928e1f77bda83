package io.omsbridge.ledger;

import java.util.List;

import io.omsbridge.request.MigrationRequest;
import io.omsbridge.request.Problem;
import io.omsbridge.request.RequestSource;

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
