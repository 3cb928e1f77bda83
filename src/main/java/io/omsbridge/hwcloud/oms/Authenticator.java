package io.omsbridge.hwcloud.oms;

import io.omsbridge.hwcloud.oms.auth.AkSkSigner;
import io.omsbridge.hwcloud.oms.auth.Token;
import io.omsbridge.hwcloud.oms.auth.TokenCache;
import io.omsbridge.hwcloud.oms.auth.TokenKey;
import java.net.URI;
import java.time.Clock;
import java.util.LinkedHashMap;
import java.util.Map;

/** The headers that authenticate one OMS call, and whether a 401 is worth one more try. */
interface Authenticator {

    /** What a call carries; {@code token} is what a later {@link #rejected} is told about. */
    record Credentials(Map<String, String> headers, String token) {}

    Credentials credentials(String method, URI uri, byte[] body, String projectId);

    /** OMS answered 401 to these credentials: true when a fresh try may succeed (the token is dropped first). */
    boolean rejected(Credentials used, String projectId);

    /** An IAM token by password, cached per (IAM endpoint, domain, user, project); a 401 drops it, once. */
    static Authenticator token(TokenCache cache, String iamEndpoint, String domain, String user) {
        return new Authenticator() {
            @Override
            public Credentials credentials(String method, URI uri, byte[] body, String projectId) {
                Token token = cache.get(new TokenKey(iamEndpoint, domain, user, projectId));
                return new Credentials(Map.of("X-Auth-Token", token.value()), token.value());
            }

            @Override
            public boolean rejected(Credentials used, String projectId) {
                cache.invalidate(new TokenKey(iamEndpoint, domain, user, projectId), used.token());
                return true;
            }
        };
    }

    /**
     * The access key's signature on each request ({@code SDK-HMAC-SHA256}); no IAM call. A temporary key's
     * {@code securityToken} (null for a permanent one) goes in {@code X-Security-Token}, signed with the rest. A 401 is
     * final: signing the same request again gives the same signature.
     */
    static Authenticator aksk(String accessKey, String secretKey, String securityToken, Clock clock) {
        return new Authenticator() {
            @Override
            public Credentials credentials(String method, URI uri, byte[] body, String projectId) {
                Map<String, String> signed = new LinkedHashMap<>();
                signed.put("X-Project-Id", projectId);
                if (securityToken != null && !securityToken.isBlank()) {
                    signed.put(AkSkSigner.SECURITY_TOKEN_HEADER, securityToken);
                }
                AkSkSigner.Signed signature =
                        AkSkSigner.sign(method, uri, signed, body, accessKey, secretKey, clock.instant());
                Map<String, String> headers = new LinkedHashMap<>(signed);
                headers.put(AkSkSigner.DATE_HEADER, signature.sdkDate());
                headers.put("Authorization", signature.authorization());
                return new Credentials(headers, null);
            }

            @Override
            public boolean rejected(Credentials used, String projectId) {
                return false;
            }
        };
    }
}
