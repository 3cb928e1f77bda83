package io.omsbridge.event;

import java.time.Clock;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

import io.omsbridge.BridgeConstants;
import io.omsbridge.config.PublishSettings;
import io.omsbridge.ledger.EventOutbox;
import io.omsbridge.ledger.EventOutbox.PendingEvent;
import org.apache.camel.Exchange;
import org.apache.camel.Message;
import org.apache.camel.util.URISupport;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The steps of the publish route ({@code routes/publish.camel.yaml}): hand out every (event, endpoint) pair still
 * missing, shape the message, and record each delivery; an event leaves the outbox once every endpoint has it. An
 * endpoint that fails is left alone for {@code bridge.publish.retry-delay}, so it neither holds back the others nor
 * is hammered while it is down.
 */
public final class EventPublisher {

    private static final Logger LOG = LoggerFactory.getLogger(EventPublisher.class);
    private static final List<String> TERMINAL_TYPES = Arrays.stream(EventType.values()).filter(EventType::terminal)
            .map(EventType::type).toList();
    public static final String CONTENT_TYPE = "application/cloudevents+json";

    /** One event still to be sent to one endpoint; {@code missing} is shared by the event's deliveries. */
    public record Delivery(PendingEvent event, String endpoint, String uri, Set<String> missing) {
    }

    private final EventOutbox ledger;
    private final PublishSettings settings;
    private final Clock clock;
    /** endpoint key -> the URI events are sent to (file endpoints get a temp prefix: files appear complete) */
    private final Map<String, String> endpoints = new LinkedHashMap<>();
    /** endpoint key -> until when it is left alone after a failure */
    private final Map<String, Long> downUntil = new HashMap<>();

    public EventPublisher(EventOutbox ledger, PublishSettings settings, Clock clock) {
        this.ledger = ledger;
        this.settings = settings;
        this.clock = clock;
        settings.endpoints().forEach(e -> endpoints.put(e, atomic(e)));
    }

    /**
     * Body out: the deliveries due now, oldest event first, asked per endpoint that is up (so one that is down holds
     * back nothing else). Events every endpoint already has (a stop came between the last delivery and the mark)
     * leave the outbox.
     */
    public List<Delivery> due() {
        long now = clock.millis();
        for (PendingEvent event : ledger.pendingEvents(settings.batch())) {
            if (missing(event).isEmpty()) {
                ledger.markPublished(event.eventId());
            }
        }
        Map<String, Set<String>> missing = new HashMap<>();
        List<Delivery> due = new ArrayList<>();
        for (Map.Entry<String, String> endpoint : endpoints.entrySet()) {
            if (up(endpoint.getKey(), now)) {
                for (PendingEvent event : ledger.pendingEvents(endpoint.getKey(), settings.batch())) {
                    due.add(new Delivery(event, endpoint.getKey(), endpoint.getValue(),
                            missing.computeIfAbsent(event.eventId(), id -> missing(event))));
                }
            }
        }
        for (PendingEvent event : ledger.pendingReplies(TERMINAL_TYPES, settings.batch())) {
            String key = EventOutbox.REPLY_PREFIX + event.replyTo();
            Optional<String> uri = ReplyDestination.endpointUri(event.replyTo());
            if (uri.isPresent() && up(key, now)) {
                due.add(new Delivery(event, key, uri.get(),
                        missing.computeIfAbsent(event.eventId(), id -> missing(event))));
            }
        }
        due.sort(Comparator.comparingLong((Delivery d) -> d.event().createdAt()));
        return due;
    }

    /** Body in: a delivery. Body out: the event JSON, with the headers its endpoint wants; no endpoint if it is down. */
    public void prepare(Delivery delivery, Exchange exchange) {
        boolean down = !up(delivery.endpoint(), clock.millis());
        exchange.setProperty(BridgeConstants.EVENT_DELIVERY, delivery);
        exchange.setProperty(BridgeConstants.EVENT_ENDPOINT, down ? null : delivery.uri());
        Message message = exchange.getMessage();
        message.removeHeaders("*");
        message.setBody(delivery.event().payload());
        message.setHeader(Exchange.CONTENT_TYPE, CONTENT_TYPE);
        message.setHeader(Exchange.FILE_NAME, delivery.event().eventId() + ".json");
        message.setHeader("CamelJmsMessageType", "Text");
        if (delivery.endpoint().startsWith(EventOutbox.REPLY_PREFIX)) {
            // a requester matches the terminal event to its request by the request id
            message.setHeader("JMSCorrelationID", delivery.event().requestId());
        }
    }

    /** The endpoint took the event; once every endpoint has it, it is published. */
    public void delivered(Exchange exchange) {
        Delivery d = exchange.getProperty(BridgeConstants.EVENT_DELIVERY, Delivery.class);
        ledger.markDelivered(d.event().eventId(), d.endpoint());
        d.missing().remove(d.endpoint());
        if (d.missing().isEmpty()) {
            ledger.markPublished(d.event().eventId());
        }
        if (downUntil.remove(d.endpoint()) != null) {
            LOG.info("event endpoint {} takes events again", safe(d.endpoint()));
        }
    }

    /** The endpoint failed: the event waits for it, and the endpoint is left alone for the retry delay. */
    public void failed(Exchange exchange) {
        Delivery d = exchange.getProperty(BridgeConstants.EVENT_DELIVERY, Delivery.class);
        Throwable cause = exchange.getProperty(Exchange.EXCEPTION_CAUGHT, Throwable.class);
        boolean wasDown = downUntil.containsKey(d.endpoint());
        downUntil.put(d.endpoint(), clock.millis() + settings.retryDelayMillis());
        String why = cause == null ? "unknown" : cause.getClass().getSimpleName() + ": " + cause.getMessage();
        if (wasDown) {
            LOG.debug("event endpoint {} still fails: {}", safe(d.endpoint()), why);
        } else {
            LOG.warn("event endpoint {} failed ({}); its events wait and are tried again every {} ms, the other"
                    + " endpoints go on", safe(d.endpoint()), why, settings.retryDelayMillis());
        }
    }

    /** The endpoints that do not have the event yet: the configured ones, plus a terminal event's reply. */
    private Set<String> missing(PendingEvent event) {
        Set<String> missing = new LinkedHashSet<>(endpoints.keySet());
        if (event.replyTo() != null && TERMINAL_TYPES.contains(event.type())
                && ReplyDestination.endpointUri(event.replyTo()).isPresent()) {
            missing.add(EventOutbox.REPLY_PREFIX + event.replyTo());
        }
        missing.removeAll(event.deliveredTo());
        return missing;
    }

    private boolean up(String endpoint, long now) {
        return downUntil.getOrDefault(endpoint, 0L) <= now;
    }

    /** A file endpoint writes under a temp name and renames, so a reader never sees half an event. */
    static String atomic(String uri) {
        if (!uri.startsWith("file:") || uri.contains("tempPrefix=") || uri.contains("tempFileName=")) {
            return uri;
        }
        return uri + (uri.contains("?") ? "&" : "?") + "tempPrefix=.writing-";
    }

    private static String safe(String endpoint) {
        return URISupport.sanitizeUri(endpoint);
    }
}
