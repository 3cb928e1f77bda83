package io.omsbridge.submit;

import java.util.concurrent.atomic.AtomicInteger;

/**
 * How many claims this node holds at once ({@code bridge.submit.claim-ahead}): handed out (on accept or by a top-up)
 * and not yet finished by the submit route. A request beyond it is recorded unclaimed (RECEIVED) and claimed when a
 * claim finishes, so a crash leaves about this many requests in doubt, not every request waiting to be sent.
 */
public final class ClaimBudget {

    private final int limit;
    private final AtomicInteger held = new AtomicInteger();
    /** Bumped each time requests were left unclaimed; a top-up that found fewer than it asked for clears it. */
    private final AtomicInteger waiting = new AtomicInteger();

    private volatile Runnable wake = () -> {};

    public ClaimBudget(int limit) {
        this.limit = limit;
    }

    public int limit() {
        return limit;
    }

    /** Takes up to {@code wanted} claims' room; returns how many may be claimed (0 when the budget is spent). */
    public int reserve(int wanted) {
        while (true) {
            int now = held.get();
            int granted = Math.max(0, Math.min(wanted, limit - now));
            if (granted == 0 || held.compareAndSet(now, now + granted)) {
                return granted;
            }
        }
    }

    /**
     * What to run when a quarter of the budget is free while requests wait unclaimed (a wake of the top-up): early
     * enough that the consumers still have claims queued while the top-up's transaction commits.
     */
    public void onRoom(Runnable wake) {
        this.wake = wake;
    }

    /** Gives back room: a claim finished, or room reserved and not used. */
    public void release(int claims) {
        if (claims > 0 && held.addAndGet(-claims) <= limit - Math.max(1, limit / 4) && waiting.get() != 0) {
            wake.run();
        }
    }

    /** Claims held now (handed out, not finished). */
    public int held() {
        return held.get();
    }

    /** Some requests were left unclaimed in the ledger (accepted beyond the budget, or recovered at start). */
    public void leftWaiting() {
        waiting.incrementAndGet();
    }

    /** A mark to hand to {@link #foundAll(int)}: whether requests may be waiting unclaimed. */
    public int waitingMark() {
        return waiting.get();
    }

    /** A top-up begun at {@code mark} claimed all that waited: clears the mark unless more were left meanwhile. */
    public void foundAll(int mark) {
        waiting.compareAndSet(mark, 0);
    }
}
