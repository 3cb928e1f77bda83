package io.omsbridge.simulator;

import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.Base64;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ThreadLocalRandom;

/** Issues opaque tokens and checks X-Auth-Token the way the API Gateway in front of OMS does. */
final class TokenRegistry {

    /** Keystone-style instants: microseconds and a Z, e.g. 2020-01-05T08:14:22.125000Z. */
    static final DateTimeFormatter KEYSTONE_TIME =
            DateTimeFormatter.ofPattern("yyyy-MM-dd'T'HH:mm:ss.SSSSSS'Z'").withZone(ZoneOffset.UTC);

    private final Map<String, IssuedToken> tokens = new ConcurrentHashMap<>();

    /** Registers a grant and returns its token: "MII" + 192 random bytes, like IAM's long PKI-looking tokens. */
    String issue(IssuedToken grant) {
        byte[] random = new byte[192];
        ThreadLocalRandom.current().nextBytes(random);
        String token = "MII" + Base64.getUrlEncoder().withoutPadding().encodeToString(random);
        tokens.put(token, grant);
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

    /** Forgets every token; later calls with them get "decrypt token fail". */
    void revokeAll() {
        tokens.clear();
    }

    int size() {
        return tokens.size();
    }
}
