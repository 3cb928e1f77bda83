package io.omsbridge.model;

import java.util.List;

/**
 * One request as it arrives, valid or not: {@code request} when valid, else {@code problems} and a fingerprint of the
 * raw text (never the text itself, which may hold secrets). An operation request ({@code forOperation}) carries its
 * {@link OperationRequest} when valid; its {@code requestId} is then the operation's id, and {@code migrationId} the
 * migration it names (null when it names no valid one). {@code line}: its 1-based line in a {@code .jsonl}, else null.
 */
public record ReceivedRequest(
        String requestId,
        RequestSource source,
        String origin,
        String replyTo,
        MigrationRequest request,
        List<Problem> problems,
        String fingerprint,
        boolean forOperation,
        OperationRequest operation,
        String migrationId,
        Integer line) {

    /** A migration request. */
    public ReceivedRequest(
            String requestId,
            RequestSource source,
            String origin,
            String replyTo,
            MigrationRequest request,
            List<Problem> problems,
            String fingerprint) {
        this(requestId, source, origin, replyTo, request, problems, fingerprint, false, null, null, null);
    }

    public boolean valid() {
        return forOperation ? operation != null : request != null;
    }
}
