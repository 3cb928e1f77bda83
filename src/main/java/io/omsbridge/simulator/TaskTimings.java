package io.omsbridge.simulator;

/** How long a task waits and runs; shared by all tasks of one simulator. */
record TaskTimings(long waitMs, long runMs) {
}
