package io.omsbridge.settings;

import org.apache.camel.spi.PropertiesComponent;

/**
 * The submit route's tunables, read once at start: how a failed create is retried (exponential back-off with jitter,
 * then parked), how long a quota holds a request, a claim's lease, the creates cap, how long a request whose search
 * for an earlier attempt's task cannot be completed is held before it is given up, how far OMS's clock may be
 * from the ledger's, and how many claims this node holds at once (by default twice the submit consumers).
 */
public record SubmitSettings(
        int retries,
        long retryDelayMillis,
        long retryMaxDelayMillis,
        long parkMillis,
        long quotaHoldMillis,
        long leaseMillis,
        int maxCreatesPerWindow,
        long createWindowMillis,
        long searchHoldMillis,
        long searchClockMarginMillis,
        int claimAhead) {

    /** {@code callDeadlineMillis}: {@code oms.call-deadline}, which the lease must cover. */
    public static SubmitSettings read(PropertiesComponent properties, long callDeadlineMillis) {
        SettingsReader in = new SettingsReader(properties);
        SubmitSettings settings = new SubmitSettings(
                in.integer("bridge.submit.retries", 5, 0, 100),
                in.millis("bridge.submit.retry-delay", 200),
                in.millis("bridge.submit.retry-max-delay", 10_000),
                in.millis("bridge.submit.park", 30_000),
                in.millis("bridge.submit.quota-hold", 300_000),
                in.millis("bridge.submit.lease", 120_000),
                in.integer("bridge.submit.max-creates-per-window", 200, 0, Integer.MAX_VALUE),
                in.millis("bridge.submit.window", 86_400_000),
                in.millis("bridge.submit.search-hold", 86_400_000),
                in.millis("bridge.submit.search-clock-margin", 900_000),
                in.integer(
                        "bridge.submit.claim-ahead",
                        2 * in.integer("bridge.submit.consumers", 32, 1, 10_000),
                        1,
                        1_000_000));
        if (in.problems().isEmpty()) {
            check(in, settings, callDeadlineMillis);
        }
        if (!in.problems().isEmpty()) {
            throw new ConfigurationException(in.problems());
        }
        return settings;
    }

    private static void check(SettingsReader in, SubmitSettings s, long callDeadlineMillis) {
        if (s.createWindowMillis <= 0) {
            in.problem("bridge.submit.window: must be a positive duration, e.g. PT24H");
        }
        if (s.retryMaxDelayMillis < s.retryDelayMillis) {
            in.problem("bridge.submit.retry-max-delay: must not be shorter than bridge.submit.retry-delay ("
                    + s.retryDelayMillis + " ms)");
        }
        // half a lease must cover a whole create (a token fetch and the POST, each cut off at the deadline), so a
        // claim cannot run out, and be handed out again, while its POST is still open
        if (callDeadlineMillis > 0 && s.leaseMillis < 4 * callDeadlineMillis) {
            in.problem("bridge.submit.lease: must be at least four times oms.call-deadline (" + 4 * callDeadlineMillis
                    + " ms), so a claim cannot run out during a create; got " + s.leaseMillis + " ms");
        }
    }
}
