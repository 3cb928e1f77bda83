package io.omsbridge.settings;

import org.apache.camel.spi.PropertiesComponent;

/**
 * The submit route's tunables, read once at start: how a failed create is retried (exponential back-off with jitter,
 * then parked), how long a quota holds a request, a claim's lease, the creates cap, and how far an unanswered create
 * is searched for in OMS's task list.
 */
public record SubmitSettings(int retries, long retryDelayMillis, long retryMaxDelayMillis, long parkMillis,
        long quotaHoldMillis, long leaseMillis, int maxCreatesPerWindow, long createWindowMillis,
        int reconcileMaxPages) {

    public static SubmitSettings read(PropertiesComponent properties) {
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
                in.integer("bridge.submit.reconcile-max-pages", 50, 1, 10_000));
        if (in.problems().isEmpty()) {
            check(in, settings, properties);
        }
        if (!in.problems().isEmpty()) {
            throw new ConfigurationException(in.problems());
        }
        return settings;
    }

    private static void check(SettingsReader in, SubmitSettings s, PropertiesComponent properties) {
        if (s.createWindowMillis <= 0) {
            in.problem("bridge.submit.window: must be a positive duration, e.g. PT24H");
        }
        if (s.retryMaxDelayMillis < s.retryDelayMillis) {
            in.problem("bridge.submit.retry-max-delay: must not be shorter than bridge.submit.retry-delay ("
                    + s.retryDelayMillis + " ms)");
        }
        // a claim that runs out during a create is handed out again; its search may miss the create still in flight
        long connect = in.millis("camel.component.http.connect-timeout", 0);
        long response = in.millis("camel.component.http.response-timeout", 0);
        if (connect > 0 && response > 0 && s.leaseMillis < 2 * (connect + response)) {
            in.problem("bridge.submit.lease: must be at least twice camel.component.http.connect-timeout +"
                    + " response-timeout (" + 2 * (connect + response) + " ms), so a claim cannot run out during a"
                    + " create; got " + s.leaseMillis + " ms");
        }
    }
}
