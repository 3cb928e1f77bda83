package io.omsbridge.cluster;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;

/**
 * What a duty's cycles (the poll's, the publisher's) have been doing on this node, for its health check: when the
 * last cycle began and ended, whether this node held the duty, and whether the cycle went through. Thread-safe.
 */
public final class DutyActivity {

    /** The last cycle, or what is known of the one running now. */
    public record Cycle(Instant started, Instant ended, boolean held, String failure) {}

    private final String duty;
    private final Clock clock;
    private volatile Cycle last;
    private volatile Instant running;

    public DutyActivity(String duty, Clock clock) {
        this.duty = duty;
        this.clock = clock;
    }

    public String duty() {
        return duty;
    }

    /** A cycle begins. */
    public void started() {
        running = clock.instant();
    }

    /** The cycle that began last ended; {@code held}: this node held the duty; {@code failure}: null if it went well.
     * */
    public void ended(boolean held, String failure) {
        Instant began = running == null ? clock.instant() : running;
        last = new Cycle(began, clock.instant(), held, failure);
        running = null;
    }

    /** The last cycle that ended, or null before the first. */
    public Cycle last() {
        return last;
    }

    /** How long the cycle running now has been running, or null when none is. */
    public Duration runningFor() {
        Instant began = running;
        return began == null ? null : Duration.between(began, clock.instant());
    }

    public Clock clock() {
        return clock;
    }
}
