package io.omsbridge.submit;

import io.omsbridge.model.BridgeConstants;
import java.time.Clock;
import java.util.ArrayDeque;
import java.util.Collection;
import java.util.Deque;
import org.apache.camel.ExchangeProperty;

/**
 * At most {@code limit} creates per sliding {@code window}, counted by this node and seeded at start from the creates
 * the ledger recorded in the window (so a restart does not reset it). OMS v1 allows a tenant 200 creates in 24 h:
 * with the cap set to the tenant's quota the bridge never runs into {@code OMS.0075}. A slot is taken right before the
 * POST and given back when the create certainly did not happen (refused, throttled, token rejected).
 */
public final class CreateCap {

    private final int limit;
    private final long windowMillis;
    private final Clock clock;
    private final Deque<Long> taken = new ArrayDeque<>();

    /** {@code limit} 0 means no cap. */
    public CreateCap(int limit, long windowMillis, Clock clock) {
        this.limit = limit;
        this.windowMillis = windowMillis;
        this.clock = clock;
    }

    /** Creates already made in the current window (newest first or in any order), from the ledger at start. */
    public synchronized void seed(Collection<Long> createdAt) {
        createdAt.stream().sorted().forEach(taken::addLast);
        prune(clock.millis());
    }

    /** Takes a slot for one create, or throws {@link CreateCapReachedException} saying when one frees up. */
    public synchronized void take() {
        if (limit <= 0) {
            return;
        }
        long now = clock.millis();
        prune(now);
        if (taken.size() >= limit) {
            throw new CreateCapReachedException(limit, windowMillis, taken.peekFirst() + windowMillis);
        }
        taken.addLast(now);
    }

    /** The route's step right before the POST: one slot, marked on the exchange so a failure settles it. */
    public void takeSlot(@ExchangeProperty(BridgeConstants.ATTEMPT) SubmitAttempt attempt) {
        take();
        attempt.holdSlot(true);
    }

    /** Gives back the newest slot: that create certainly did not happen. */
    public synchronized void giveBack() {
        if (limit > 0 && !taken.isEmpty()) {
            taken.pollLast();
        }
    }

    /** When the oldest slot of the window frees up (epoch ms), or 0 when no slot is taken. */
    public synchronized long oldestFreesAt() {
        prune(clock.millis());
        return taken.isEmpty() ? 0 : taken.peekFirst() + windowMillis;
    }

    /** Slots taken in the current window. */
    public synchronized int used() {
        prune(clock.millis());
        return taken.size();
    }

    public int limit() {
        return limit;
    }

    public long windowMillis() {
        return windowMillis;
    }

    private void prune(long now) {
        while (!taken.isEmpty() && taken.peekFirst() <= now - windowMillis) {
            taken.pollFirst();
        }
    }
}
