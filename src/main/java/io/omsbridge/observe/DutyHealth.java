package io.omsbridge.observe;

import java.time.Duration;

import io.omsbridge.model.DutyActivity;

/**
 * {@code poll} and {@code publish}: the duty's last cycle on this node, its age, and whether this node holds the duty
 * (with several bridges on one ledger, one of them does). Down when this node holds it and the last cycle failed or
 * is older than {@code staleAfter}. A liveness check: for {@code /live} it is down only when a cycle has been running
 * for longer than {@code stuckAfter} (the bridge is stuck).
 */
public final class DutyHealth extends BridgeHealthCheck {

    private final DutyActivity activity;
    private final Duration staleAfter;
    private final Duration stuckAfter;

    public DutyHealth(DutyActivity activity, Duration staleAfter, Duration stuckAfter) {
        super(activity.duty(), false, true);
        this.activity = activity;
        this.staleAfter = staleAfter;
        this.stuckAfter = stuckAfter;
    }

    @Override
    Verdict check() {
        Verdict stuck = stuck();
        if (!stuck.up()) {
            return stuck;
        }
        DutyActivity.Cycle last = activity.last();
        if (last == null) {
            return Verdict.up("no cycle yet");
        }
        Duration age = Duration.between(last.ended(), activity.clock().instant());
        String when = "last cycle ended " + age.toSeconds() + " s ago";
        if (!last.held()) {
            return Verdict.up(when + "; another bridge holds the " + activity.duty() + " duty, this one stands by");
        }
        if (last.failure() != null) {
            return Verdict.down(when + " and failed: " + last.failure());
        }
        if (age.compareTo(staleAfter) > 0) {
            return Verdict.down(when + ", longer than " + staleAfter.toSeconds() + " s: cycles do not run");
        }
        return Verdict.up(when + "; this bridge holds the " + activity.duty() + " duty");
    }

    @Override
    Verdict stuck() {
        Duration running = activity.runningFor();
        if (running != null && running.compareTo(stuckAfter) > 0) {
            return Verdict.down("a " + activity.duty() + " cycle has been running for " + running.toSeconds()
                    + " s (more than " + stuckAfter.toSeconds() + " s): stuck");
        }
        return Verdict.up(running == null ? "not running a cycle now" : "a cycle runs, for " + running.toSeconds()
                + " s");
    }
}
