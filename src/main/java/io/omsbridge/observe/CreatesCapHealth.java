package io.omsbridge.observe;

import io.omsbridge.submit.CreateCap;
import java.time.Duration;
import java.time.Instant;

/**
 * {@code creates-cap}: how much of the creates cap is left in its window. A full cap is not a fault (requests wait in
 * the ledger for a slot), so it is never down; it says when the next slot frees up.
 */
public final class CreatesCapHealth extends BridgeHealthCheck {

    private final CreateCap cap;

    public CreatesCapHealth(CreateCap cap) {
        super("creates-cap", false, false);
        this.cap = cap;
    }

    @Override
    Verdict check() {
        if (cap.limit() <= 0) {
            return Verdict.up("no cap: bridge.submit.max-creates-per-window is 0");
        }
        int used = cap.used();
        String window = Duration.ofMillis(cap.windowMillis()).toString();
        if (used < cap.limit()) {
            return Verdict.up((cap.limit() - used) + " of " + cap.limit() + " creates left in the window of " + window);
        }
        return Verdict.up("full: " + cap.limit() + " creates in the window of " + window + "; requests wait, the next"
                + " slot frees up at " + Instant.ofEpochMilli(cap.oldestFreesAt()));
    }
}
