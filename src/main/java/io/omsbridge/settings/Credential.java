package io.omsbridge.settings;

import io.omsbridge.model.AliasPolicy;

/**
 * A named AK/SK pair that requests reference by alias, so request files need not carry secrets, and what the operator
 * lets it do ({@code credentials.<alias>.sides}, {@code .buckets}).
 */
public record Credential(String ak, String sk, AliasPolicy policy) {

    public Credential(String ak, String sk) {
        this(ak, sk, AliasPolicy.ANYWHERE);
    }

    @Override
    public String toString() {
        return "Credential[ak=***, sk=***, sides=" + policy.sides() + ", buckets=" + policy.bucketPatterns() + "]";
    }
}
