package io.omsbridge.publish;

import io.omsbridge.cluster.DutyActivity;
import io.omsbridge.ledger.EventOutbox;
import io.omsbridge.ledger.EventOutbox.OutboxEntry;
import io.omsbridge.ledger.EventOutbox.PendingEvent;
import io.omsbridge.model.BridgeConstants;
import io.omsbridge.model.Duties;
import io.omsbridge.model.EventType;
import io.omsbridge.settings.PublishSettings;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collections;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import org.apache.camel.Exchange;
import org.apache.camel.Message;
import org.apache.camel.support.SynchronizationAdapter;
import org.apache.camel.util.URISupport;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The steps of the publish routes ({@code routes/publish.camel.yaml}): hand out the (event, endpoint) pairs still
 * missing as one group per endpoint, shape the message, and record each delivery; an event leaves the outbox once every
 * endpoint has it. Groups run in parallel, so an endpoint that hangs holds back no other; one that fails is left alone
 * for {@code bridge.publish.retry-delay}; a reply destination that still fails {@code bridge.publish.reply-give-up}
 * after its event was written is given up. With several bridges on one ledger only the holder of duty
 * {@value #DUTY} publishes. Called from several threads at once.
 */
public final class EventPublisher {

    private static final Logger LOG = LoggerFactory.getLogger(EventPublisher.class);
    private static final List<String> TERMINAL_TYPES = Arrays.stream(EventType.values())
            .filter(EventType::terminal)
            .map(EventType::type)
            .toList();
    public static final String CONTENT_TYPE = "application/cloudevents+json";
    /** The duty a bridge must lead to publish. */
    public static final String DUTY = Duties.PUBLISH;
    /** An event may commit this long after the time it was stamped with; the per-endpoint search looks back as far. */
    static final long SCAN_MARGIN_MILLIS = 60_000;
    /**
     * The whole backlog is searched anyway this often (bridges whose clocks disagree, a very slow commit) and on the
     * first run after this bridge takes the duty; those runs also publish events a stop left delivered but unmarked.
     */
    static final long FULL_SCAN_MILLIS = 300_000;
    /** At most this many reply destinations that are down are left out by the query (the rest are skipped here). */
    private static final int MAX_SKIPPED = 10_000;

    /** One event still to be sent to one endpoint, with every endpoint the event must reach to leave the outbox. */
    public record Delivery(PendingEvent event, String endpoint, String uri, Set<String> required) {}

    private final EventOutbox ledger;
    private final PublishSettings settings;
    private final Clock clock;
    private final Duties duty;
    private final long replyGiveUpMillis;
    /** endpoint key -> the URI events are sent to (file endpoints get a temp prefix: files appear complete) */
    private final Map<String, String> endpoints = new LinkedHashMap<>();
    /** endpoint key -> until when it is left alone after a failure */
    private final Map<String, Long> downUntil = new ConcurrentHashMap<>();
    /** endpoint keys with a group handed out and not finished: never two groups for one endpoint at once */
    private final Set<String> busy = ConcurrentHashMap.newKeySet();
    /** endpoint key -> creation time of the oldest event it was missing when last asked */
    private final Map<String, Long> missingSince = new ConcurrentHashMap<>();

    private volatile long nextFullScan = Long.MIN_VALUE;
    /** The term of the publish duty the last run was in: a new one means another bridge may have published meanwhile */
    private volatile long term = -1;

    private final DutyActivity activity;

    public EventPublisher(
            EventOutbox ledger, PublishSettings settings, Clock clock, Duties duty, long replyGiveUpMillis) {
        this(ledger, settings, clock, duty, replyGiveUpMillis, new DutyActivity(DUTY, clock));
    }

    /** {@code activity}: where each run's start, end and outcome are told (the publish health check reads it). */
    public EventPublisher(
            EventOutbox ledger,
            PublishSettings settings,
            Clock clock,
            Duties duty,
            long replyGiveUpMillis,
            DutyActivity activity) {
        this.activity = activity;
        this.ledger = ledger;
        this.settings = settings;
        this.clock = clock;
        this.duty = Objects.requireNonNull(duty, "duty");
        this.replyGiveUpMillis = replyGiveUpMillis;
        settings.endpoints().forEach(e -> endpoints.put(e, atomic(e)));
    }

    /**
     * Body out: the deliveries due now, one group per endpoint (oldest event first), asked per endpoint that is up and
     * not still busy with its previous group (so one that is down or hangs holds back nothing else); nothing unless
     * this bridge holds duty {@value #DUTY}. Now and then events every endpoint already has (a stop came between the
     * last delivery and the mark) leave the outbox.
     */
    public List<List<Delivery>> due() {
        activity.started();
        boolean held = false;
        try {
            held = duty.leads(DUTY);
            long now = duty.term(DUTY);
            if (!held || now != term) {
                // whoever held the duty meanwhile may have left work this bridge's memory knows nothing of
                nextFullScan = Long.MIN_VALUE;
                term = held ? now : -1;
            }
            List<List<Delivery>> groups = held ? handOut() : List.of();
            activity.ended(held, null);
            return groups;
        } catch (RuntimeException e) {
            activity.ended(held, e.getMessage());
            throw e;
        }
    }

    private List<List<Delivery>> handOut() {
        long now = clock.millis();
        boolean full = now >= nextFullScan;
        if (full) {
            tidy();
        }
        List<List<Delivery>> groups = new ArrayList<>();
        try {
            collect(groups, now, full);
        } catch (RuntimeException e) {
            // the groups handed out so far never reach the routes: their endpoints are free again
            groups.forEach(group -> busy.remove(group.get(0).endpoint()));
            throw e;
        }
        if (full) {
            nextFullScan = now + FULL_SCAN_MILLIS;
        }
        return groups;
    }

    private void collect(List<List<Delivery>> groups, long now, boolean full) {
        for (Map.Entry<String, String> endpoint : endpoints.entrySet()) {
            String key = endpoint.getKey();
            if (!up(key, now) || busy.contains(key)) {
                continue;
            }
            Long since = missingSince.get(key);
            List<PendingEvent> events = ledger.pendingEvents(
                    key, full || since == null ? Long.MIN_VALUE : since - SCAN_MARGIN_MILLIS, settings.batch());
            // every event older than the oldest one still missing has reached the endpoint
            missingSince.put(key, events.isEmpty() ? now : events.get(0).createdAt());
            List<Delivery> group = new ArrayList<>();
            for (PendingEvent event : events) {
                group.add(new Delivery(event, key, endpoint.getValue(), required(event.type(), event.replyTo())));
            }
            handOut(groups, key, group);
        }
        Map<String, List<Delivery>> replies = new LinkedHashMap<>();
        for (PendingEvent event : ledger.pendingReplies(TERMINAL_TYPES, notNow(now), settings.batch())) {
            String key = EventOutbox.REPLY_PREFIX + event.replyTo();
            Optional<String> uri = ReplyDestination.endpointUri(event.replyTo());
            if (uri.isEmpty()) {
                LOG.warn(
                        "reply destination '{}' of request {} is not a JMS destination the bridge can send to; its"
                                + " terminal event {} goes to the other endpoints only",
                        event.replyTo(),
                        event.requestId(),
                        event.eventId());
                ledger.markAbandoned(event.eventId(), key, required(event.type(), event.replyTo()));
            } else if (up(key, now) && !busy.contains(key)) {
                replies.computeIfAbsent(key, k -> new ArrayList<>())
                        .add(new Delivery(event, key, uri.get(), required(event.type(), event.replyTo())));
            }
        }
        replies.forEach((key, group) -> handOut(groups, key, group));
    }

    /**
     * Body in: one endpoint's group, as {@link #due()} handed it out (which marked its endpoint busy). The endpoint is
     * free for its next group once this exchange is done, whatever became of it: sent, failed or broken off.
     */
    public void begin(List<Delivery> group, Exchange exchange) {
        if (group.isEmpty()) {
            return;
        }
        String endpoint = group.get(0).endpoint();
        exchange.getExchangeExtension().addOnCompletion(new SynchronizationAdapter() {
            @Override
            public void onDone(Exchange done) {
                busy.remove(endpoint);
            }
        });
    }

    /**
     * Body in: a delivery. Body out: the event JSON, with the headers its endpoint wants; no endpoint if it is down, or
     * if this bridge no longer leads the publish duty (its successor sends the rest: never two publishers at once).
     */
    public void prepare(Delivery delivery, Exchange exchange) {
        boolean down = !up(delivery.endpoint(), clock.millis()) || !duty.leads(DUTY);
        exchange.setProperty(BridgeConstants.EVENT_DELIVERY, delivery);
        exchange.setProperty(BridgeConstants.EVENT_ENDPOINT, down ? null : delivery.uri());
        Message message = exchange.getMessage();
        message.removeHeaders("*");
        message.setBody(delivery.event().payload());
        message.setHeader(Exchange.CONTENT_TYPE, CONTENT_TYPE);
        message.setHeader(Exchange.FILE_NAME, delivery.event().eventId() + ".json");
        message.setHeader("CamelJmsMessageType", "Text");
        if (delivery.uri().startsWith("kafka:")) {
            // camel-kafka's record key (KafkaConstants.KEY): a request's events land in one partition, in order
            message.setHeader("kafka.KEY", delivery.event().requestId());
        }
        if (delivery.endpoint().startsWith(EventOutbox.REPLY_PREFIX)) {
            // a requester matches the terminal event to its request by the request id
            message.setHeader("JMSCorrelationID", delivery.event().requestId());
        }
    }

    /** The endpoint took the event; once every endpoint has it, it is published. */
    public void delivered(Exchange exchange) {
        Delivery d = exchange.getProperty(BridgeConstants.EVENT_DELIVERY, Delivery.class);
        ledger.markDelivered(d.event().eventId(), d.endpoint(), d.required());
        if (downUntil.remove(d.endpoint()) != null) {
            LOG.info("event endpoint {} takes events again", safe(d.endpoint()));
        }
    }

    /**
     * The endpoint failed: the event waits for it, and the endpoint is left alone for the retry delay. A reply
     * destination that still fails when the event is older than the give-up time gets none of its old replies.
     */
    public void failed(Exchange exchange) {
        Delivery d = exchange.getProperty(BridgeConstants.EVENT_DELIVERY, Delivery.class);
        Throwable cause = exchange.getProperty(Exchange.EXCEPTION_CAUGHT, Throwable.class);
        long now = clock.millis();
        boolean wasDown = downUntil.put(d.endpoint(), now + settings.retryDelayMillis()) != null;
        String why = cause == null ? "unknown" : cause.getClass().getSimpleName() + ": " + cause.getMessage();
        if (d.endpoint().startsWith(EventOutbox.REPLY_PREFIX)
                && replyGiveUpMillis > 0
                && d.event().createdAt() <= now - replyGiveUpMillis) {
            giveUp(d, now - replyGiveUpMillis, why);
        } else if (wasDown) {
            LOG.debug("event endpoint {} still fails: {}", safe(d.endpoint()), why);
        } else {
            LOG.warn(
                    "event endpoint {} failed ({}); its events wait and are tried again every {} ms, the other"
                            + " endpoints go on",
                    safe(d.endpoint()),
                    why,
                    settings.retryDelayMillis());
        }
    }

    /** Records every reply to the destination waiting since before {@code cutoff} as given up. */
    private void giveUp(Delivery d, long cutoff, String why) {
        String replyTo = d.event().replyTo();
        Set<String> required = new LinkedHashSet<>(endpoints.keySet());
        required.add(d.endpoint());
        int given = 0;
        List<String> ids;
        int passes = 0;
        do {
            ids = ledger.repliesWaitingSince(replyTo, TERMINAL_TYPES, cutoff, settings.batch());
            for (String id : ids) {
                ledger.markAbandoned(id, d.endpoint(), required);
            }
            given += ids.size();
            // bounded, so a huge backlog is given up over several failures instead of in one long call
        } while (ids.size() == settings.batch() && ++passes < 20);
        LOG.warn(
                "reply destination {} still fails ({}) more than {} (bridge.publish.reply-give-up) after its events"
                        + " were written: {} terminal event(s) are given up for it and leave the outbox once the other"
                        + " endpoints have them",
                replyTo,
                why,
                Duration.ofMillis(replyGiveUpMillis),
                given);
    }

    /** Publishes the oldest pending events that every endpoint already has, reading ids and deliveries only. */
    private void tidy() {
        for (OutboxEntry entry : ledger.pendingEntries(settings.batch())) {
            if (entry.deliveredTo().containsAll(required(entry.type(), entry.replyTo()))) {
                ledger.markPublished(entry.eventId());
            }
        }
    }

    private void handOut(List<List<Delivery>> groups, String endpoint, List<Delivery> group) {
        if (!group.isEmpty() && busy.add(endpoint)) {
            groups.add(Collections.unmodifiableList(group));
        }
    }

    /** Stored reply destinations not to ask for now: down or still busy with their previous group. */
    private Set<String> notNow(long now) {
        Set<String> skip = new HashSet<>();
        for (String key : busy) {
            if (key.startsWith(EventOutbox.REPLY_PREFIX) && skip.size() < MAX_SKIPPED) {
                skip.add(key.substring(EventOutbox.REPLY_PREFIX.length()));
            }
        }
        for (Map.Entry<String, Long> down : downUntil.entrySet()) {
            if (down.getKey().startsWith(EventOutbox.REPLY_PREFIX)
                    && down.getValue() > now
                    && skip.size() < MAX_SKIPPED) {
                skip.add(down.getKey().substring(EventOutbox.REPLY_PREFIX.length()));
            }
        }
        return skip;
    }

    /** Every endpoint the event must reach: the configured ones, plus a terminal event's reply destination. */
    private Set<String> required(String type, String replyTo) {
        Set<String> required = new LinkedHashSet<>(endpoints.keySet());
        if (replyTo != null
                && TERMINAL_TYPES.contains(type)
                && ReplyDestination.endpointUri(replyTo).isPresent()) {
            required.add(EventOutbox.REPLY_PREFIX + replyTo);
        }
        return Collections.unmodifiableSet(required);
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
