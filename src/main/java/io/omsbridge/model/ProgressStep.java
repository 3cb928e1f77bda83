package io.omsbridge.model;

/**
 * How often a moving task or group tells its progress ({@code bridge.events.progress-step}, a fraction; 0: never):
 * the same rule for a task's progress and a group's.
 */
public record ProgressStep(double step) {

    /** The step just crossed (1 = the first), or 0 when none was, the view is terminal, or progress events are off. */
    public int crossed(double before, double now, LedgerState state) {
        if (step <= 0 || state.terminal()) {
            return 0;
        }
        int reached = (int) Math.floor(now / step + 1e-9);
        return reached > (int) Math.floor(before / step + 1e-9) && now < 1.0 ? reached : 0;
    }
}
