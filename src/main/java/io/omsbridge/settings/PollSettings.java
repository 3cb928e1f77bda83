package io.omsbridge.settings;

import org.apache.camel.spi.PropertiesComponent;

/**
 * The status poll's tunables, read once at start: how often a task is asked about (back-off from {@code minInterval}
 * to {@code maxInterval} while it does not change), when a project is listed instead of shown task by task, and the
 * progress event step (0 = no progress events).
 */
public record PollSettings(long minIntervalMillis, long maxIntervalMillis, int listThreshold, int batch,
        double progressStep) {

    public static PollSettings read(PropertiesComponent properties) {
        SettingsReader in = new SettingsReader(properties);
        long min = in.millis("bridge.poll.min-interval", 1_000);
        long max = in.millis("bridge.poll.max-interval", 300_000);
        PollSettings settings = new PollSettings(min, max, in.integer("bridge.poll.list-threshold", 20, 0, 1_000_000),
                in.integer("bridge.poll.batch", 10_000, 1, 10_000_000), in.decimal("bridge.events.progress-step", 0));
        if (in.problems().isEmpty() && (min < 0 || max < min)) {
            in.problem("bridge.poll.max-interval: must not be shorter than bridge.poll.min-interval (" + min + " ms)");
        }
        if (in.problems().isEmpty() && (settings.progressStep < 0 || settings.progressStep >= 1)) {
            in.problem("bridge.events.progress-step: must be 0 (off) or a fraction below 1, e.g. 0.25");
        }
        if (!in.problems().isEmpty()) {
            throw new ConfigurationException(in.problems());
        }
        return settings;
    }

    /** The pause before the next poll of a task that has now been seen unchanged {@code unchanged} times in a row. */
    public long interval(int unchanged) {
        long interval = minIntervalMillis;
        for (int i = 0; i < unchanged && interval < maxIntervalMillis; i++) {
            interval = Math.max(interval * 2, 1);
        }
        return Math.min(interval, maxIntervalMillis);
    }
}
