package io.omsbridge.simulator;

import java.time.Clock;

/** How long a task waits, runs and pauses, and the clock it lives by; shared by all tasks of one simulator. */
record TaskTimings(long waitMs, long runMs, long pausingMs, Clock clock) {

    long now() {
        return clock.millis();
    }
}
