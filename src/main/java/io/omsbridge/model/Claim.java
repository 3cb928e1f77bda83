package io.omsbridge.model;

/**
 * The right to submit one request, handed out by the ledger (on accept, or by the sweep): the request's row is
 * SUBMITTING with {@code attempt} in its attempts column, leased to this node. An outcome recorded under a claim that
 * is
 * no longer current (the lease ran out and the request was handed out again) changes nothing. {@code reconcile} is true
 * when an earlier attempt may have created the task, so OMS's list must be searched first.
 *
 * <p>The lease is judged on the ledger's clock alone, so nodes' clocks need not agree: {@code leaseUntil} is its end
 * on that clock (the task's tag carries it), and {@code leasedAt} is this node's clock just before the lease was asked
 * for, so on this node the lease lasts at least until {@code leasedAt} plus the lease's length, whatever its clock
 * says. {@code searchFrom} (ledger clock) is when the first lease began under which an attempt may have posted: a task
 * made for this request is newer than that. {@code handedOutAt} is this node's clock once the claim was committed: any
 * attempt of an earlier claim had ended by then.
 */
public record Claim(
        String requestId,
        int attempt,
        boolean reconcile,
        long leaseUntil,
        long searchFrom,
        long leasedAt,
        long handedOutAt) {

    /** The same claim, committed at {@code at} on this node's clock. */
    public Claim handedOut(long at) {
        return new Claim(requestId, attempt, reconcile, leaseUntil, searchFrom, leasedAt, at);
    }
}
