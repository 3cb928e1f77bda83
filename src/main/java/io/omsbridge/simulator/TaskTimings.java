package io.omsbridge.simulator;

import java.time.Clock;

/** How long a task waits and runs, and the clock it lives by; shared by all tasks of one simulator. */
record TaskTimings(long waitMs, long runMs, Clock clock) {

    long now() {
        return clock.millis();
    }
}
