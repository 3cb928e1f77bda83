package io.omsbridge.model;

/**
 * The right to submit one request, handed out by the ledger (on accept, or by the sweep): the request's row is
 * SUBMITTING with {@code attempt} in its attempts column and a lease until {@code leaseUntil}. An outcome recorded
 * under a claim that is no longer current (the lease ran out and the request was handed out again) changes nothing.
 * {@code reconcile} is true when an earlier attempt may have created the task, so OMS's list must be searched first.
 */
public record Claim(String requestId, int attempt, long leaseUntil, boolean reconcile) {
}
