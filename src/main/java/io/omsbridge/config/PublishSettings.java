package io.omsbridge.config;

import java.util.List;

import org.apache.camel.spi.PropertiesComponent;

/**
 * The event publisher's tunables, read once at start: where every event goes ({@code events.endpoints}), how long an
 * endpoint that failed is left alone before the next try, and how many pending events one run takes.
 */
public record PublishSettings(List<String> endpoints, long retryDelayMillis, int batch) {

    /** Without {@code events.endpoints}, events go to the design's default: the outbox directory and the topic. */
    public static PublishSettings read(PropertiesComponent properties, java.nio.file.Path outbox) {
        SettingsReader in = new SettingsReader(properties);
        String fallback = "file:" + outbox + ",jms:topic:oms.migration.events";
        List<String> endpoints = List.of(in.string("events.endpoints", fallback).split("\\s*,\\s*")).stream()
                .filter(s -> !s.isBlank()).toList();
        PublishSettings settings = new PublishSettings(endpoints, in.millis("bridge.publish.retry-delay", 10_000),
                in.integer("bridge.publish.batch", 500, 1, 100_000));
        if (!in.problems().isEmpty()) {
            throw new ConfigurationException(in.problems());
        }
        return settings;
    }
}
