package io.omsbridge.simulator;

import java.time.Instant;

/** What a token grants: a user, and the project it is scoped to (null for domain or unscoped tokens). */
record IssuedToken(
        SimUser user,
        String projectId,
        String projectName,
        boolean domainScoped,
        Instant issuedAt,
        Instant expiresAt) {}
