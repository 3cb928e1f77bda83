package io.omsbridge.simulator;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;
import java.time.Instant;
import org.junit.jupiter.api.Test;

/** Proves the token registry forgets long-expired tokens, so memory stays bounded, but still says "expires" for a
 * while. */
class TokenRegistryTest {

    private static final SimUser USER = SimulatorSettings.DEFAULT_USER;

    private static IssuedToken grant(Instant issued, Duration lifetime) {
        return new IssuedToken(USER, USER.projectId(), USER.projectName(), false, issued, issued.plus(lifetime));
    }

    private static String reason(TokenRegistry registry, String token) {
        try {
            registry.authorize(token, USER.projectId());
            return "accepted";
        } catch (ApiException e) {
            return e.getMessage();
        }
    }

    @Test
    void manyTokensThatExpiredLongAgoDoNotPileUp() {
        TokenRegistry registry = new TokenRegistry();
        Instant longAgo = Instant.now().minus(Duration.ofDays(3));

        for (int i = 0; i < 100_000; i++) {
            registry.issue(grant(longAgo, Duration.ofHours(1)));
        }

        assertThat(registry.size()).isLessThanOrEqualTo(1024);
    }

    @Test
    void aRecentlyExpiredTokenIsStillAnsweredExpiredAfterAPrune() {
        TokenRegistry registry = new TokenRegistry();
        Instant now = Instant.now();
        String recent = registry.issue(grant(now.minus(Duration.ofHours(25)), Duration.ofHours(24)));
        String old = registry.issue(grant(now.minus(Duration.ofHours(49)), Duration.ofHours(24)));
        String live = registry.issue(grant(now, Duration.ofHours(24)));

        registry.prune(now);

        assertThat(reason(registry, recent)).contains("token expires, expires_at: ");
        assertThat(reason(registry, old)).endsWith("decrypt token fail");
        assertThat(reason(registry, live)).isEqualTo("accepted");
        assertThat(registry.size()).isEqualTo(2);
    }

    @Test
    void aShortLivedTokenIsKeptAtLeastTheMinimumRetention() {
        TokenRegistry registry = new TokenRegistry();
        Instant now = Instant.now();
        String justExpired = registry.issue(grant(now.minusSeconds(3), Duration.ofSeconds(1)));
        String expiredLongAgo =
                registry.issue(grant(now.minus(TokenRegistry.MIN_RETENTION).minusSeconds(5), Duration.ofSeconds(1)));

        registry.prune(now);

        assertThat(reason(registry, justExpired)).contains("token expires");
        assertThat(reason(registry, expiredLongAgo)).endsWith("decrypt token fail");
    }

    @Test
    void liveTokensAreNeverPruned() {
        TokenRegistry registry = new TokenRegistry();
        for (int i = 0; i < 5_000; i++) {
            registry.issue(grant(Instant.now(), Duration.ofHours(24)));
        }

        assertThat(registry.size()).isEqualTo(5_000);
        assertThatThrownBy(() -> registry.authorize("MIIunknown", USER.projectId()))
                .isInstanceOf(ApiException.class);
    }
}
