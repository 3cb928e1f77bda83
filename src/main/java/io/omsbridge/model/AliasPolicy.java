package io.omsbridge.model;

import io.omsbridge.text.Globs;
import java.util.List;

/**
 * What the operator lets a credential alias do (design: {@code credentials.<alias>.sides} and {@code .buckets}): the
 * side of a migration it may be used on, and the buckets it may be used with (glob patterns, {@code *} and
 * {@code ?}; empty = any). An alias is the operator's key: it goes only where the operator allowed. {@code temporary}:
 * a short-lived key pair with its security token ({@code credentials.<alias>.security-token}).
 */
public record AliasPolicy(boolean source, boolean destination, List<String> bucketPatterns, boolean temporary) {

    /** Either side, any bucket: an alias declared with its keys only. */
    public static final AliasPolicy ANYWHERE = new AliasPolicy(true, true, List.of());

    public AliasPolicy {
        bucketPatterns = List.copyOf(bucketPatterns);
    }

    /** A permanent key pair's policy. */
    public AliasPolicy(boolean source, boolean destination, List<String> bucketPatterns) {
        this(source, destination, bucketPatterns, false);
    }

    public boolean allowsSide(boolean onSource) {
        return onSource ? source : destination;
    }

    public boolean allowsBucket(String bucket) {
        return bucketPatterns.isEmpty()
                || bucketPatterns.stream()
                        .anyMatch(p -> Globs.compile(p).matcher(bucket).matches());
    }

    /** How the sides read in the configuration and in a report. */
    public String sides() {
        return source && destination ? "both" : source ? "source" : "destination";
    }
}
