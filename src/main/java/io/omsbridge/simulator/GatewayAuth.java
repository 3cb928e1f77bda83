package io.omsbridge.simulator;

import com.sun.net.httpserver.HttpExchange;
import io.omsbridge.hwcloud.oms.auth.AkSkSigner;
import io.omsbridge.hwcloud.oms.auth.AkSkSigner.Authorization;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Map;
import java.util.Optional;

/**
 * The API Gateway's authentication in front of OMS: an {@code SDK-HMAC-SHA256} signature when the call carries one
 * (oms-api.md §8), else the IAM token. Every refusal is 401 APIG.0301 with the gateway's documented text (§6.1, §11).
 */
final class GatewayAuth {

    /** X-Sdk-Date may be this far from the gateway's clock, either way (§8). */
    static final Duration MAX_CLOCK_SKEW = Duration.ofMinutes(15);

    private final TokenRegistry tokens;
    private final Map<String, String> secretKeys;
    private final TemporaryKeys temporaryKeys;
    private final Clock clock;
    private final StatsRecorder stats;

    GatewayAuth(
            TokenRegistry tokens,
            Map<String, String> secretKeys,
            TemporaryKeys temporaryKeys,
            Clock clock,
            StatsRecorder stats) {
        this.tokens = tokens;
        this.secretKeys = Map.copyOf(secretKeys);
        this.temporaryKeys = temporaryKeys;
        this.clock = clock;
        this.stats = stats;
    }

    /** Lets the call through for {@code projectId} or throws the gateway's 401. */
    void authorize(HttpExchange ex, String projectId, byte[] body) {
        String authorization = ex.getRequestHeaders().getFirst("Authorization");
        if (authorization == null || !authorization.startsWith(AkSkSigner.ALGORITHM)) {
            tokens.authorize(ex.getRequestHeaders().getFirst("X-Auth-Token"), projectId);
            return;
        }
        try {
            verify(ex, authorization, body);
        } catch (ApiException e) {
            stats.signatureRefusals.increment();
            throw e;
        }
        stats.akskCalls.increment();
    }

    /**
     * Checks in the gateway's order: the header's shape, the AK, the date, then the signature, recomputed over exactly
     * the headers the client named and the body bytes as they arrived.
     */
    private void verify(HttpExchange ex, String header, byte[] body) {
        Optional<Authorization> parsed = AkSkSigner.parseAuthorization(header);
        if (parsed.isEmpty()) {
            throw ApiException.unauthorized("verify aksk signature fail");
        }
        Authorization auth = parsed.get();
        String sk = secretKeys.get(auth.accessKey());
        if (sk == null) {
            throw ApiException.unauthorized("Get secretKey failed,ak:" + auth.accessKey() + ",err:ak not exist");
        }
        String token = ex.getRequestHeaders().getFirst(AkSkSigner.SECURITY_TOKEN_HEADER);
        if (temporaryKeys.temporary(auth.accessKey())
                && !temporaryKeys.token(auth.accessKey()).equals(token)) {
            // invented text in the gateway's shape: oms-api.md records none for a temporary AK without its token
            throw ApiException.unauthorized(
                    "Get secretKey failed,ak:" + auth.accessKey() + ",err:security token missing or invalid");
        }
        Optional<Instant> signedAt = AkSkSigner.parseDate(ex.getRequestHeaders().getFirst(AkSkSigner.DATE_HEADER));
        if (signedAt.isEmpty()
                || Duration.between(signedAt.get(), clock.instant()).abs().compareTo(MAX_CLOCK_SKEW) > 0) {
            throw ApiException.unauthorized("calc ak sk signature fail:signature expired");
        }
        boolean good = AkSkSigner.verify(
                ex.getRequestMethod(),
                ex.getRequestURI().getRawPath(),
                ex.getRequestURI().getRawQuery(),
                name -> ex.getRequestHeaders().getFirst(name),
                body,
                auth,
                sk);
        if (!good) {
            throw ApiException.unauthorized("verify aksk signature fail");
        }
    }
}
