package io.omsbridge.ledger;

import com.fasterxml.jackson.databind.ObjectMapper;
import io.omsbridge.event.EventFactory;
import io.omsbridge.model.BridgeConstants;
import io.omsbridge.publish.EventPublisher;
import io.omsbridge.settings.PublishSettings;
import io.zonky.test.db.postgres.embedded.EmbeddedPostgres;
import java.sql.PreparedStatement;
import java.sql.Statement;
import java.time.Clock;
import java.util.Arrays;
import java.util.List;
import java.util.Set;
import java.util.UUID;
import org.apache.camel.Exchange;
import org.apache.camel.impl.DefaultCamelContext;
import org.apache.camel.support.DefaultExchange;

/**
 * Measures one publisher run (EventPublisher.due()) with a backlog of pending events that one endpoint, down, holds in
 * the outbox while the others have them all; on SQLite (file) and PostgreSQL. No assertions. Usage, after
 * {@code mvn -B -q test-compile} and, once, writing the classpath with
 * {@code mvn -q dependency:build-classpath -Dmdep.outputFile=target/cp.txt -Dmdep.includeScope=test}:
 * {@code java -cp target/classes:target/test-classes:$(cat target/cp.txt) io.omsbridge.ledger.OutboxBacklogCost
 * [events]}
 */
public final class OutboxBacklogCost {

    private static final String FILE = "file:target/backlog-cost";
    private static final String TOPIC = "jms:topic:oms.migration.events";
    private static final String HOOK = "http://127.0.0.1:9/hook";

    private OutboxBacklogCost() {}

    public static void main(String[] args) throws Exception {
        int n = args.length > 0 ? Integer.parseInt(args[0]) : 20_000;
        try (LedgerDatabase sqlite = LedgerDatabase.open(
                LedgerDatabase.Options.of("jdbc:sqlite:target/backlog-cost-" + UUID.randomUUID() + "/ledger.db", 4))) {
            run("SQLite", sqlite, n);
        }
        try (EmbeddedPostgres pg = EmbeddedPostgres.start();
                LedgerDatabase db = LedgerDatabase.open(pg.getJdbcUrl("postgres", "postgres"), "postgres", "", 4)) {
            run("PostgreSQL", db, n);
        }
    }

    private static void run(String name, LedgerDatabase db, int n) throws Exception {
        ObjectMapper mapper = new ObjectMapper();
        Clock clock = Clock.systemUTC();
        // one event a second: a webhook down for hours
        fill(db, n, clock.millis() - n * 1000L);
        EventOutbox outbox = new EventOutbox(db, mapper, new EventFactory(mapper, clock), clock);
        DutyLease duty = new DutyLease(db, "cost", 30_000, clock);
        long[] full = new long[5];
        long[] steady = new long[7];
        for (int i = 0; i < full.length; i++) {
            // a new publisher searches the whole backlog on its first run (then every few minutes)
            EventPublisher publisher = publisher(outbox, duty, clock);
            full[i] = time(publisher);
            if (i == full.length - 1) {
                for (int j = 0; j < steady.length; j++) {
                    steady[j] = time(publisher);
                }
            }
        }
        System.out.printf(
                "%s, %d pending events, webhook down: due() full search %s ms, later runs %s ms%n",
                name, n, millis(full), millis(steady));
    }

    private static EventPublisher publisher(EventOutbox outbox, DutyLease duty, Clock clock) {
        EventPublisher publisher = new EventPublisher(
                outbox, new PublishSettings(List.of(FILE, TOPIC, HOOK), 3_600_000, 500), clock, duty, 86_400_000);
        Exchange failure = new DefaultExchange(new DefaultCamelContext());
        failure.setProperty(
                BridgeConstants.EVENT_DELIVERY,
                new EventPublisher.Delivery(
                        new EventOutbox.PendingEvent("ev-0", "r-0", "oms.task.succeeded", "{}", null, 0),
                        HOOK,
                        HOOK,
                        Set.of()));
        publisher.failed(failure);
        return publisher;
    }

    private static long time(EventPublisher publisher) {
        long start = System.nanoTime();
        int groups = publisher.due().size();
        if (groups != 0) {
            throw new IllegalStateException(groups + " groups due: the backlog should wait for the webhook only");
        }
        return (System.nanoTime() - start) / 1_000;
    }

    /** n succeeded events of ~1.5 KB, a second apart, that the file and the topic have, the webhook not. */
    private static void fill(LedgerDatabase db, int n, long firstCreatedAt) throws Exception {
        String payload = "{\"specversion\":\"1.0\",\"data\":\"" + "x".repeat(1400) + "\"}";
        db.write(c -> {
            try (PreparedStatement e = c.prepareStatement("insert into bridge_event (event_id, request_id, type,"
                            + " payload, reply_to, created_at) values (?,?,?,?,?,?)");
                    PreparedStatement d = c.prepareStatement("insert into bridge_event_delivery (event_id, endpoint,"
                            + " delivered_at) values (?,?,?)")) {
                for (int i = 0; i < n; i++) {
                    long at = firstCreatedAt + i * 1000L;
                    e.setString(1, "ev-" + i);
                    e.setString(2, "r-" + i);
                    e.setString(3, "oms.task.succeeded");
                    e.setString(4, payload);
                    e.setString(5, null);
                    e.setLong(6, at);
                    e.addBatch();
                    for (String endpoint : List.of(FILE, TOPIC)) {
                        d.setString(1, "ev-" + i);
                        d.setString(2, endpoint);
                        d.setLong(3, at);
                        d.addBatch();
                    }
                    if (i % 1000 == 999) {
                        e.executeBatch();
                        d.executeBatch();
                    }
                }
                e.executeBatch();
                d.executeBatch();
            }
            try (Statement s = c.createStatement()) {
                s.execute("analyze");
            }
            return null;
        });
    }

    private static String millis(long[] micros) {
        return Arrays.toString(Arrays.stream(micros)
                .mapToObj(us -> String.format("%.1f", us / 1000.0))
                .toArray());
    }
}
