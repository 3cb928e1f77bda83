package io.omsbridge.observe;

import io.omsbridge.hwcloud.oms.auth.TokenCache;
import io.omsbridge.hwcloud.oms.auth.TokenKey;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;

/**
 * {@code iam}: a token can be had (the one held and until when), or IAM's last refusal and when a token is asked for
 * again. With AK/SK signing IAM is not used at all. Neither readiness nor liveness: requests are accepted (and wait in
 * the ledger) while IAM refuses.
 */
public final class IamHealth extends BridgeHealthCheck {

    private final TokenCache tokens;

    /** {@code tokens}: the component's cache, or null when calls are signed with AK/SK. */
    public IamHealth(TokenCache tokens) {
        super("iam", false, false);
        this.tokens = tokens;
    }

    @Override
    Verdict check() {
        if (tokens == null) {
            return Verdict.up("not used: OMS calls are signed with AK and SK");
        }
        List<TokenCache.Refusal> refusals = tokens.refusals();
        if (!refusals.isEmpty()) {
            return Verdict.down(refusals.stream()
                    .map(r -> user(r.key()) + ": " + r.message() + "; asked again at " + r.retryAt())
                    .collect(Collectors.joining("; ")));
        }
        Map<TokenKey, Instant> held = tokens.tokens();
        if (held.isEmpty()) {
            return Verdict.up("no token asked for yet");
        }
        return Verdict.up(held.entrySet().stream()
                .map(e -> "token of " + user(e.getKey()) + " valid until " + e.getValue())
                .collect(Collectors.joining("; ")));
    }

    private static String user(TokenKey key) {
        return "user " + key.user() + " in project " + key.projectId();
    }
}
