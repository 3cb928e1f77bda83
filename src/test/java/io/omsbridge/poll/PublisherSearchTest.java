package io.omsbridge.poll;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.ObjectMapper;
import io.omsbridge.MutableClock;
import io.omsbridge.event.EventFactory;
import io.omsbridge.ledger.DutyLease;
import io.omsbridge.ledger.EventOutbox;
import io.omsbridge.ledger.LedgerDatabase;
import io.omsbridge.ledger.OutboxRows;
import io.omsbridge.ledger.ScratchLedger;
import io.omsbridge.publish.EventPublisher;
import io.omsbridge.publish.EventPublisher.Delivery;
import io.omsbridge.settings.PublishSettings;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Set;
import org.apache.camel.CamelContext;
import org.apache.camel.Exchange;
import org.apache.camel.impl.DefaultCamelContext;
import org.apache.camel.support.DefaultExchange;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** The publisher's per-endpoint search skips the delivered backlog, yet finds every event an endpoint lacks. */
class PublisherSearchTest {

    private static final String A = "mock:a";
    private static final String B = "mock:b";

    private final MutableClock clock = new MutableClock(Instant.parse("2026-11-25T10:00:00Z"));
    private final CamelContext camel = new DefaultCamelContext();
    private LedgerDatabase database;
    private EventOutbox outbox;
    private EventPublisher publisher;

    @BeforeEach
    void open() {
        database = ScratchLedger.open("search");
        ObjectMapper mapper = new ObjectMapper();
        outbox = new EventOutbox(database, mapper, new EventFactory(mapper, clock), clock);
        publisher = new EventPublisher(
                outbox,
                new PublishSettings(List.of(A, B), 10_000, 100),
                clock,
                new DutyLease(database, "node-1", 30_000, clock),
                Duration.ofHours(24).toMillis());
    }

    @AfterEach
    void close() {
        database.close();
    }

    private void event(String id, long agoMillis) {
        OutboxRows.insert(database, clock, id, "oms.task.succeeded", null, agoMillis);
    }

    /** The group's exchange is done, as its route's unit of work ends it. */
    private static void done(Exchange exchange) {
        exchange.getExchangeExtension().handoverCompletions().forEach(completion -> completion.onComplete(exchange));
    }

    /** One publisher run: its groups are sent (every delivery recorded) and finished, as the routes do. */
    private List<String> run(String endpoint) {
        List<String> sent = List.of();
        for (List<Delivery> group : publisher.due()) {
            Exchange exchange = new DefaultExchange(camel);
            publisher.begin(group, exchange);
            if (group.get(0).endpoint().equals(endpoint)) {
                sent = group.stream().map(d -> d.event().eventId()).toList();
            }
            for (Delivery d : group) {
                outbox.markDelivered(d.event().eventId(), d.endpoint(), d.required());
            }
            done(exchange);
        }
        return sent;
    }

    @Test
    void anEventStampedBeforeTheLastSearchButCommittedAfterItIsStillFound() throws Exception {
        event("e-1", 0);
        assertThat(run(A)).containsExactly("e-1");
        clock.advance(Duration.ofSeconds(5));

        // written by a transaction that read the clock 30 s ago and committed only now
        event("late", 30_000);

        assertThat(run(A)).containsExactly("late");
    }

    @Test
    void anEventCommittedFarLaterThanItsStampIsFoundByTheNextFullSearch() throws Exception {
        event("e-1", 0);
        run(A);
        event("very-late", 10 * 60_000);
        clock.advance(Duration.ofMinutes(5));

        assertThat(run(A)).containsExactly("very-late");
    }

    @Test
    void anEndpointGetsNoSecondGroupWhileItsFirstIsStillOut() throws Exception {
        event("e-1", 0);
        List<List<Delivery>> first = publisher.due();
        assertThat(first).extracting(g -> g.get(0).endpoint()).containsExactly(A, B);

        assertThat(publisher.due()).isEmpty();

        Exchange exchange = new DefaultExchange(camel);
        publisher.begin(first.get(0), exchange);
        done(exchange);
        assertThat(publisher.due()).extracting(g -> g.get(0).endpoint()).containsExactly(A);
    }

    @Test
    void anEventLeavesTheOutboxWhenTheLastOfItsEndpointsHasIt() throws Exception {
        event("e-1", 0);
        List<List<Delivery>> groups = publisher.due();
        Delivery toA = groups.get(0).get(0);
        Delivery toB = groups.get(1).get(0);
        assertThat(toA.required()).isEqualTo(Set.of(A, B));

        assertThat(outbox.markDelivered("e-1", A, toA.required())).isFalse();
        assertThat(outbox.markDelivered("e-1", B, toB.required())).isTrue();
    }
}
