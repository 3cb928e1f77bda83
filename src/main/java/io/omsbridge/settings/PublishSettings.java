package io.omsbridge.settings;

import java.nio.file.Path;
import java.util.List;
import org.apache.camel.spi.PropertiesComponent;

/**
 * The event publisher's tunables, read once at start: where every event goes ({@code events.endpoints}), how long an
 * endpoint that failed is left alone before the next try, how many pending events one run takes, when a dead reply
 * destination is given up, and the lease of the poll and publish duties on a shared ledger.
 */
public record PublishSettings(
        List<String> endpoints, long retryDelayMillis, int batch, long replyGiveUpMillis, long dutyLeaseMillis) {

    /** The defaults of the reply give-up (24 h) and of the duty lease (30 s). */
    public PublishSettings(List<String> endpoints, long retryDelayMillis, int batch) {
        this(endpoints, retryDelayMillis, batch, 86_400_000, 30_000);
    }

    /** Without {@code events.endpoints}, events go to the design's default: the outbox directory and the topic. */
    public static PublishSettings read(PropertiesComponent properties, Path outbox) {
        SettingsReader in = new SettingsReader(properties);
        String fallback = "file:" + outbox + ",jms:topic:oms.migration.events";
        List<String> endpoints = List.of(in.string("events.endpoints", fallback).split("\\s*,\\s*")).stream()
                .filter(s -> !s.isBlank())
                .toList();
        PublishSettings settings = new PublishSettings(
                endpoints,
                in.millis("bridge.publish.retry-delay", 10_000),
                in.integer("bridge.publish.batch", 500, 1, 100_000),
                in.millis("bridge.publish.reply-give-up", 86_400_000),
                in.millis("bridge.duty-lease", 30_000));
        if (in.problems().isEmpty() && settings.dutyLeaseMillis() <= 0) {
            in.problem("bridge.duty-lease: must be a positive duration, e.g. PT30S");
        }
        if (in.problems().isEmpty() && settings.replyGiveUpMillis() < 0) {
            in.problem("bridge.publish.reply-give-up: must not be negative (0 = never give up)");
        }
        if (!in.problems().isEmpty()) {
            throw new ConfigurationException(in.problems());
        }
        return settings;
    }
}
