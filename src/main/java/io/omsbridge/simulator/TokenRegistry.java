package io.omsbridge.simulator;

import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.Base64;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.atomic.AtomicBoolean;

/** Issues opaque tokens and checks X-Auth-Token the way the API Gateway in front of OMS does. */
final class TokenRegistry {

    /** Keystone-style instants: microseconds and a Z, e.g. 2020-01-05T08:14:22.125000Z. */
    static final DateTimeFormatter KEYSTONE_TIME =
            DateTimeFormatter.ofPattern("yyyy-MM-dd'T'HH:mm:ss.SSSSSS'Z'").withZone(ZoneOffset.UTC);

    /** An expired token is still answered "token expires" for one more lifetime, and at least this long. */
    static final Duration MIN_RETENTION = Duration.ofMinutes(10);

    private static final int MIN_PRUNE_THRESHOLD = 1024;

    private final Map<String, IssuedToken> tokens = new ConcurrentHashMap<>();
    // pruning walks every token, so it runs only when the map has doubled since the last walk: O(1) per issue
    private volatile int pruneThreshold = MIN_PRUNE_THRESHOLD;
    private final AtomicBoolean pruning = new AtomicBoolean();

    /** Registers a grant and returns its token: "MII" + 192 random bytes, like IAM's long PKI-looking tokens. */
    String issue(IssuedToken grant) {
        byte[] random = new byte[192];
        ThreadLocalRandom.current().nextBytes(random);
        String token = "MII" + Base64.getUrlEncoder().withoutPadding().encodeToString(random);
        tokens.put(token, grant);
        if (tokens.size() >= pruneThreshold) {
            prune(Instant.now());
        }
        return token;
    }

    /** Checks the header value against projectId; throws 401 APIG.0301 with the gateway's wording. */
    IssuedToken authorize(String header, String projectId) {
        if (header == null || header.isBlank()) {
            throw ApiException.unauthorized("x-auth-token not found");
        }
        IssuedToken grant = tokens.get(header.trim());
        if (grant == null) {
            throw ApiException.unauthorized("decrypt token fail");
        }
        if (!Instant.now().isBefore(grant.expiresAt())) {
            throw ApiException.unauthorized("token expires, expires_at: " + KEYSTONE_TIME.format(grant.expiresAt()));
        }
        if (!projectId.equals(grant.projectId())) {
            throw ApiException.unauthorized("the token is not scoped to project " + projectId);
        }
        return grant;
    }

    /** Forgets the tokens expired long enough ago that nobody should still be sending them; they become unknown. */
    void prune(Instant now) {
        if (!pruning.compareAndSet(false, true)) {
            return;
        }
        try {
            tokens.values().removeIf(grant -> !now.isBefore(retainedUntil(grant)));
            pruneThreshold = Math.max(MIN_PRUNE_THRESHOLD, 2 * tokens.size());
        } finally {
            pruning.set(false);
        }
    }

    static Instant retainedUntil(IssuedToken grant) {
        Duration lifetime = Duration.between(grant.issuedAt(), grant.expiresAt());
        return grant.expiresAt().plus(lifetime.compareTo(MIN_RETENTION) > 0 ? lifetime : MIN_RETENTION);
    }

    /** Forgets every token; later calls with them get "decrypt token fail". */
    void revokeAll() {
        tokens.clear();
        pruneThreshold = MIN_PRUNE_THRESHOLD;
    }

    int size() {
        return tokens.size();
    }
}
