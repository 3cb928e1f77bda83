package io.omsbridge.observe;

import io.omsbridge.cluster.DutyActivity;
import io.omsbridge.model.Duties;
import java.time.Duration;

/**
 * {@code poll} and {@code publish}: which bridge leads the duty (with several bridges, one of them does), and on the
 * leader the last cycle and its age. Down when this node leads it and the last cycle failed or is older than
 * {@code staleAfter}. A liveness check: for {@code /live} it is down only when a cycle has been running
 * for longer than {@code stuckAfter} (the bridge is stuck).
 */
public final class DutyHealth extends BridgeHealthCheck {

    private final DutyActivity activity;
    private final Duties duties;
    private final Duration staleAfter;
    private final Duration stuckAfter;

    public DutyHealth(DutyActivity activity, Duties duties, Duration staleAfter, Duration stuckAfter) {
        super(activity.duty(), false, true);
        this.activity = activity;
        this.duties = duties;
        this.staleAfter = staleAfter;
        this.stuckAfter = stuckAfter;
    }

    @Override
    Verdict check() {
        Verdict stuck = stuck();
        if (!stuck.up()) {
            return stuck;
        }
        String duty = activity.duty();
        if (!duties.leads(duty)) {
            return Verdict.up(duties.leader(duty)
                    .map(node -> "bridge " + node + " leads the " + duty + " duty; this one stands by")
                    .orElse("no bridge leads the " + duty + " duty now; this one" + " stands by to take it"));
        }
        DutyActivity.Cycle last = activity.last();
        if (last == null) {
            return Verdict.up("this bridge leads the " + duty + " duty; no cycle yet");
        }
        Duration age = Duration.between(last.ended(), activity.clock().instant());
        String when = "last cycle ended " + age.toSeconds() + " s ago";
        if (last.failure() != null) {
            return Verdict.down(when + " and failed: " + last.failure());
        }
        if (age.compareTo(staleAfter) > 0) {
            return Verdict.down(when + ", longer than " + staleAfter.toSeconds() + " s: cycles do not run");
        }
        return Verdict.up(when + "; this bridge leads the " + duty + " duty");
    }

    @Override
    Verdict stuck() {
        Duration running = activity.runningFor();
        if (running != null && running.compareTo(stuckAfter) > 0) {
            return Verdict.down("a " + activity.duty() + " cycle has been running for " + running.toSeconds()
                    + " s (more than " + stuckAfter.toSeconds() + " s): stuck");
        }
        return Verdict.up(
                running == null ? "not running a cycle now" : "a cycle runs, for " + running.toSeconds() + " s");
    }
}
