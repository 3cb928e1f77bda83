package io.omsbridge.settings;

import java.text.ParseException;
import org.apache.camel.spi.PropertiesComponent;
import org.quartz.CronExpression;

/**
 * The status poll's tunables, read once at start: how often a task is asked about (back-off from {@code minInterval}
 * to {@code maxInterval} while it does not change), when a project is listed instead of shown task by task, the
 * progress event step (0 = no progress events), how many shows run at once, and how often a read OMS failed
 * transiently (5xx, 429, no answer) is tried again inside the cycle, with pauses doubling from {@code retryDelay}.
 */
public record PollSettings(
        long minIntervalMillis,
        long maxIntervalMillis,
        int listThreshold,
        int batch,
        double progressStep,
        int showThreads,
        int retries,
        long retryDelayMillis,
        long retryMaxDelayMillis) {

    /** The defaults for the shows and their retries, with the rest given. */
    public PollSettings(
            long minIntervalMillis, long maxIntervalMillis, int listThreshold, int batch, double progressStep) {
        this(minIntervalMillis, maxIntervalMillis, listThreshold, batch, progressStep, 8, 3, 250, 2_000);
    }

    public static PollSettings read(PropertiesComponent properties) {
        SettingsReader in = new SettingsReader(properties);
        long min = in.millis("bridge.poll.min-interval", 1_000);
        long max = in.millis("bridge.poll.max-interval", 300_000);
        PollSettings settings = new PollSettings(
                min,
                max,
                in.integer("bridge.poll.list-threshold", 20, 0, 1_000_000),
                in.integer("bridge.poll.batch", 10_000, 1, 10_000_000),
                in.decimal("bridge.events.progress-step", 0),
                in.integer("bridge.poll.show-threads", 8, 1, 256),
                in.integer("bridge.poll.retries", 3, 0, 20),
                in.millis("bridge.poll.retry-delay", 250),
                in.millis("bridge.poll.retry-max-delay", 2_000));
        in.optional("bridge.poll-cron").ifPresent(cron -> {
            try {
                new CronExpression(cron);
            } catch (ParseException e) {
                // the poll route's Quartz trigger would fail later, in Quartz's words and without the key
                in.problem("bridge.poll-cron: not a Quartz cron expression (seconds minutes hours day-of-month month"
                        + " day-of-week, e.g. 0/10 * * * * ?): " + e.getMessage());
            }
        });
        if (in.problems().isEmpty() && (min < 0 || max < min)) {
            in.problem("bridge.poll.max-interval: must not be shorter than bridge.poll.min-interval (" + min + " ms)");
        }
        if (in.problems().isEmpty() && (settings.progressStep < 0 || settings.progressStep >= 1)) {
            in.problem("bridge.events.progress-step: must be 0 (off) or a fraction below 1, e.g. 0.25");
        }
        if (in.problems().isEmpty()
                && (settings.retryDelayMillis < 0 || settings.retryMaxDelayMillis < settings.retryDelayMillis)) {
            in.problem("bridge.poll.retry-max-delay: must not be shorter than bridge.poll.retry-delay ("
                    + settings.retryDelayMillis + " ms)");
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
