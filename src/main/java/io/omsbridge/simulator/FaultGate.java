package io.omsbridge.simulator;

import java.time.Duration;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.TimeUnit;

/** Decides, per call, which configured fault (if any) hits it. */
final class FaultGate {

    /** What a call suffers; NONE lets it through. */
    enum Outcome {
        NONE,
        ERROR_500,
        ERROR_503,
        THROTTLED
    }

    private final Faults faults;

    FaultGate(Faults faults) {
        this.faults = faults;
    }

    /** Sleeps the configured latency, then draws one outcome from the error and throttle rates. */
    Outcome enter() {
        long nanos = faults.latency().toNanos();
        if (nanos > 0) {
            sleep(nanos);
        }
        double error = faults.errorRate();
        double throttle = faults.throttleRate();
        if (error == 0 && throttle == 0) {
            return Outcome.NONE;
        }
        double r = ThreadLocalRandom.current().nextDouble();
        if (r < error) {
            return ThreadLocalRandom.current().nextBoolean() ? Outcome.ERROR_500 : Outcome.ERROR_503;
        }
        return r < error + throttle ? Outcome.THROTTLED : Outcome.NONE;
    }

    /** How long a successful create's answer is spread over; zero for at once. */
    Duration trickleCreates() {
        return faults.trickleCreates();
    }

    boolean dropThisCreate() {
        double rate = faults.dropAfterCreateRate();
        return rate > 0 && ThreadLocalRandom.current().nextDouble() < rate;
    }

    static void sleep(long nanos) {
        try {
            TimeUnit.NANOSECONDS.sleep(nanos);
        } catch (InterruptedException e) {
            // shutting down: answer at once
            Thread.currentThread().interrupt();
        }
    }
}
