package io.omsbridge.settings;

import io.omsbridge.model.AliasPolicy;

/**
 * A named AK/SK pair that requests reference by alias, so request files need not carry secrets, and what the operator
 * lets it do ({@code credentials.<alias>.sides}, {@code .buckets}). {@code securityToken} (null for a permanent pair)
 * is the token of a temporary pair ({@code credentials.<alias>.security-token}), sent beside it.
 */
public record Credential(String ak, String sk, AliasPolicy policy, String securityToken) {

    public Credential(String ak, String sk) {
        this(ak, sk, AliasPolicy.ANYWHERE, null);
    }

    public Credential(String ak, String sk, AliasPolicy policy) {
        this(ak, sk, policy, null);
    }

    @Override
    public String toString() {
        return "Credential[ak=***, sk=***" + (securityToken == null ? "" : ", security-token=***") + ", sides="
                + policy.sides() + ", buckets=" + policy.bucketPatterns() + "]";
    }
}
