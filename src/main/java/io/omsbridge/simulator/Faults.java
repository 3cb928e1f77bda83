package io.omsbridge.simulator;

import java.time.Duration;
import java.util.Objects;

/** Live fault-injection knobs; safe to change from any thread while the simulator runs. */
public final class Faults {

    private volatile double errorRate;
    private volatile double throttleRate;
    private volatile Duration latency = Duration.ZERO;
    private volatile double dropAfterCreateRate;
    private volatile Duration trickleCreates = Duration.ZERO;

    Faults() {}

    static Faults from(SimulatorSettings settings) {
        return new Faults()
                .errorRate(settings.errorRate())
                .throttleRate(settings.throttleRate())
                .latency(settings.latency())
                .dropAfterCreateRate(settings.dropAfterCreateRate())
                .trickleCreates(settings.trickleCreates());
    }

    /** Share of calls answered 500 or 503. */
    public Faults errorRate(double rate) {
        this.errorRate = checkRate(rate, "errorRate");
        return this;
    }

    public double errorRate() {
        return errorRate;
    }

    /** Share of calls answered 429 (APIG.0308). */
    public Faults throttleRate(double rate) {
        this.throttleRate = checkRate(rate, "throttleRate");
        return this;
    }

    public double throttleRate() {
        return throttleRate;
    }

    /** Added before every IAM/OMS answer. */
    public Faults latency(Duration latency) {
        Objects.requireNonNull(latency, "latency");
        if (latency.isNegative()) {
            throw new InvalidSettingException("latency", "must not be negative", latency);
        }
        this.latency = latency;
        return this;
    }

    public Duration latency() {
        return latency;
    }

    /** Share of successful creates whose connection is closed instead of answered. */
    public Faults dropAfterCreateRate(double rate) {
        this.dropAfterCreateRate = checkRate(rate, "dropAfterCreateRate");
        return this;
    }

    public double dropAfterCreateRate() {
        return dropAfterCreateRate;
    }

    /**
     * Every successful task create (v1 and v2) is answered a byte at a time spread over {@code total}: the headers
     * with Content-Length at once, then each body byte after a pause. A client's per-read timeout never fires, but
     * the whole call outlasts it; zero turns it off.
     */
    public Faults trickleCreates(Duration total) {
        Objects.requireNonNull(total, "trickleCreates");
        if (total.isNegative()) {
            throw new InvalidSettingException("trickleCreates", "must not be negative", total);
        }
        this.trickleCreates = total;
        return this;
    }

    public Duration trickleCreates() {
        return trickleCreates;
    }

    /** Back to a well-behaved service. */
    public Faults reset() {
        errorRate = 0;
        throttleRate = 0;
        latency = Duration.ZERO;
        dropAfterCreateRate = 0;
        trickleCreates = Duration.ZERO;
        return this;
    }

    @Override
    public String toString() {
        return "Faults[errorRate=" + errorRate + ", throttleRate=" + throttleRate + ", latency=" + latency
                + ", dropAfterCreateRate=" + dropAfterCreateRate + ", trickleCreates=" + trickleCreates + "]";
    }

    static double checkRate(double rate, String what) {
        if (!(rate >= 0.0 && rate <= 1.0)) {
            throw new InvalidSettingException(what, "must be within 0..1", rate);
        }
        return rate;
    }
}
