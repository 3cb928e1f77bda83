package io.omsbridge.poll;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import ch.qos.logback.classic.Logger;
import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.core.read.ListAppender;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.omsbridge.MutableClock;
import io.omsbridge.cluster.DutyCluster;
import io.omsbridge.event.EventFactory;
import io.omsbridge.ledger.DutyLease;
import io.omsbridge.ledger.EventOutbox;
import io.omsbridge.ledger.LedgerDatabase;
import io.omsbridge.ledger.OutboxRows;
import io.omsbridge.ledger.ScratchLedger;
import io.omsbridge.model.Duties;
import io.omsbridge.publish.EventPublisher;
import io.omsbridge.settings.ClusterSettings;
import io.omsbridge.settings.PublishSettings;
import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import org.apache.camel.CamelContext;
import org.apache.camel.component.mock.MockComponent;
import org.apache.camel.component.mock.MockEndpoint;
import org.apache.camel.spi.PropertiesComponent;
import org.apache.camel.support.PluginHelper;
import org.apache.camel.support.service.ServiceSupport;
import org.apache.camel.test.junit5.CamelTestSupport;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.slf4j.LoggerFactory;

/**
 * The publish routes on their own: a dead reply destination holds back no other and is given up in time, and only
 * the bridge holding duty "publish" publishes (events written straight into a SQLite outbox; JMS is a mock).
 */
class PublishRoutesTest extends CamelTestSupport {

    /** The duty lease, judged on the database's clock (real time): short, so a takeover takes a second. */
    private static final long LEASE = 1_000;

    private static final Duration WAIT = Duration.ofSeconds(10);
    private static final long DAY = Duration.ofHours(24).toMillis();

    private Duties duty;
    private final MutableClock clock = new MutableClock(Instant.parse("2026-11-25T10:00:00Z"));
    private final ListAppender<ILoggingEvent> warnings = new ListAppender<>();
    private LedgerDatabase database;
    private EventOutbox outbox;

    @Override
    protected CamelContext createCamelContext() throws Exception {
        CamelContext context = super.createCamelContext();
        PropertiesComponent properties = context.getPropertiesComponent();
        properties.addOverrideProperty("bridge.publish.interval", "100");
        properties.addOverrideProperty("bridge.publish.threads", "4");
        // each test fills the outbox first, then starts publishing, as a bridge starting on an outbox does
        // (startPublishing adds the routes)
        context.setAutoStartup(false);
        database = ScratchLedger.open("publish");
        LedgerDatabase db = database;
        // closed as the context stops, after the routes
        context.addService(new ServiceSupport() {
            @Override
            protected void doStop() {
                db.close();
            }
        });
        ObjectMapper mapper = new ObjectMapper();
        outbox = new EventOutbox(database, mapper, new EventFactory(mapper, clock), clock);
        // the publish routes under the duty's route policy, on the ledger's cluster service, as the bridge wires them
        duty = DutyCluster.wire(
                context,
                new ClusterSettings(ClusterSettings.Kind.ledger, null, null),
                database,
                "this-node",
                LEASE,
                clock);
        // a batch of 5: the dead destinations' replies alone fill more than one
        context.getRegistry()
                .bind(
                        "eventPublisher",
                        new EventPublisher(
                                outbox, new PublishSettings(List.of("mock:events"), 10_000, 5), clock, duty, DAY));
        // every reply destination is a mock: jms:queue:NAME
        context.addComponent("jms", new MockComponent());
        ((Logger) LoggerFactory.getLogger(EventPublisher.class)).addAppender(warnings);
        warnings.start();
        return context;
    }

    @AfterEach
    void stopListening() {
        ((Logger) LoggerFactory.getLogger(EventPublisher.class)).detachAppender(warnings);
    }

    private void event(String id, String type, String replyTo, long agoMillis) throws SQLException {
        OutboxRows.insert(database, clock, id, type, replyTo, agoMillis);
    }

    private boolean published(String id) throws SQLException {
        return OutboxRows.published(database.dataSource(), id);
    }

    /** A reply destination that refuses every message, as a deleted queue or a missing permission does. */
    private MockEndpoint dead(String queue) {
        MockEndpoint endpoint = context.getEndpoint("jms:queue:" + queue, MockEndpoint.class);
        endpoint.whenAnyExchangeReceived(exchange -> {
            throw new IllegalStateException("AMQ229032: not authorized to send to " + queue);
        });
        return endpoint;
    }

    /**
     * The routes are added only now: under the duty's route policy they start as soon as this bridge leads, whatever
     * the context's auto-start says, and a publisher that had scanned the outbox before the test filled it would
     * take the back-dated events for ones every endpoint has (it scans on from the oldest it found missing).
     */
    private void startPublishing() throws Exception {
        PluginHelper.getRoutesLoader(context)
                .loadRoutes(PluginHelper.getResourceLoader(context).resolveResource("file:routes/publish.camel.yaml"));
        context.getRouteController().startAllRoutes();
    }

    private MockEndpoint live(String queue) {
        return context.getEndpoint("jms:queue:" + queue, MockEndpoint.class);
    }

    @Test
    void repliesWaitingOnDeadDestinationsHoldBackNeitherRepliesToOtherDestinationsNorTheOutbox() throws Exception {
        List<MockEndpoint> deadOnes = List.of(dead("gone.1"), dead("gone.2"), dead("gone.3"), dead("gone.4"));
        MockEndpoint alive = live("alive");
        MockEndpoint events = getMockEndpoint("mock:events");
        // twelve older replies to dead queues: more than two batches of the oldest replies
        for (int q = 1; q <= 4; q++) {
            for (int i = 0; i < 3; i++) {
                event("dead-" + q + "-" + i, "oms.task.succeeded", "queue:gone." + q, 60_000 - q * 10 - i);
            }
        }
        for (int i = 0; i < 3; i++) {
            event("alive-" + i, "oms.task.failed", "queue:alive", 1_000 - i);
        }
        startPublishing();

        await().atMost(WAIT).until(() -> alive.getReceivedCounter() == 3 && events.getReceivedCounter() == 15);

        await().atMost(WAIT).until(() -> published("alive-0") && published("alive-1") && published("alive-2"));
        assertThat(published("dead-1-0"))
                .as("a young reply still waits for its destination")
                .isFalse();
        // each dead destination was tried once: its group stopped at the first failure, then it was left alone
        assertThat(deadOnes).allSatisfy(q -> assertThat(q.getReceivedCounter()).isEqualTo(1));
    }

    @Test
    void aReplyDestinationThatStillFailsAfterTheGiveUpTimeIsGivenUpSoItsOldEventsLeaveTheOutbox() throws Exception {
        dead("deleted");
        MockEndpoint events = getMockEndpoint("mock:events");
        event("old-1", "oms.task.succeeded", "queue:deleted", DAY + 60_000);
        event("old-2", "oms.task.failed", "queue:deleted", DAY + 30_000);
        event("young", "oms.task.succeeded", "queue:deleted", 60_000);
        startPublishing();

        await().atMost(WAIT).until(() -> published("old-1") && published("old-2"));

        assertThat(outbox.abandoned("old-1", "reply:queue:deleted")).isTrue();
        assertThat(outbox.delivered("old-1", "reply:queue:deleted")).isFalse();
        assertThat(outbox.abandoned("old-2", "reply:queue:deleted")).isTrue();
        await().atMost(WAIT).until(() -> events.getReceivedCounter() == 3);
        assertThat(published("young")).isFalse();
        assertThat(outbox.abandoned("young", "reply:queue:deleted")).isFalse();
        assertThat(warnings.list)
                .filteredOn(e -> e.getLevel() == ch.qos.logback.classic.Level.WARN)
                .extracting(ILoggingEvent::getFormattedMessage)
                .anySatisfy(m -> assertThat(m)
                        .contains("reply destination queue:deleted")
                        .contains("2 terminal"));
    }

    @Test
    void onlyTheBridgeHoldingDutyPublishPublishesAndItTakesTheDutyOverWhenTheHolderStops() throws Exception {
        // the other bridge's lease outlasts the second this one is watched for not publishing: with a lease of that
        // second itself, the takeover could come before the watch ended (a flaky failure in a two-fork run)
        DutyLease other = new DutyLease(database, "other-node", 3 * LEASE, clock);
        // this bridge took the duty as it started; the other bridge takes it over on the database's clock, and only
        // then does this one's clock run past its lease. The other order races: a renewal between the two steps
        // would leave this bridge sure of a lease the other has taken, and, its clock stopped, never asking again
        await().atMost(WAIT).until(() -> duty.leads(EventPublisher.DUTY));
        long until = database.now() + 3 * LEASE;
        database.write(c -> {
            try (PreparedStatement take =
                    c.prepareStatement("update bridge_duty set holder = 'other-node', until = ? where duty = ?")) {
                take.setLong(1, until);
                take.setString(2, EventPublisher.DUTY);
                return take.executeUpdate();
            }
        });
        assertThat(other.holds(EventPublisher.DUTY)).isTrue();
        clock.advance(Duration.ofMillis(LEASE));
        await().atMost(WAIT).until(() -> !duty.leads(EventPublisher.DUTY));
        MockEndpoint events = getMockEndpoint("mock:events");
        event("e-1", "oms.task.succeeded", null, 0);
        startPublishing();

        await().during(Duration.ofSeconds(1)).atMost(WAIT).until(() -> events.getReceivedCounter() == 0);

        // the other bridge stops renewing: once its lease has run out on the database's clock, this one (asking
        // again each time its own clock says half a lease has gone) publishes
        await().atMost(WAIT).until(() -> {
            clock.advance(Duration.ofMillis(LEASE / 2));
            return events.getReceivedCounter() == 1 && published("e-1");
        });
        assertThat(other.holds(EventPublisher.DUTY)).isFalse();
    }
}
