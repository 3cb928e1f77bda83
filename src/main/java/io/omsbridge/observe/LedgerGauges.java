package io.omsbridge.observe;

import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import io.omsbridge.ledger.LedgerViews;
import io.omsbridge.model.LedgerState;
import java.time.Clock;
import java.util.Map;
import java.util.function.Supplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The gauges that read the ledger: {@code omsbridge_requests{state}}, {@code omsbridge_outbox_pending} and
 * {@code omsbridge_outbox_oldest_seconds}. Each read costs a few rows (the state counts, the outbox's pending index),
 * and is kept for a second, so one scrape of a dozen gauges reads the ledger twice. While the ledger cannot be read
 * they report NaN.
 */
public final class LedgerGauges {

    private static final Logger LOG = LoggerFactory.getLogger(LedgerGauges.class);
    private static final long KEEP_MILLIS = 1_000;

    private LedgerGauges() {}

    public static void register(MeterRegistry registry, LedgerViews views, Clock clock) {
        Supplier<Map<LedgerState, Long>> counts = kept(views::counts, clock);
        for (LedgerState state : LedgerState.values()) {
            Gauge.builder("omsbridge.requests", () -> {
                        Map<LedgerState, Long> now = counts.get();
                        return now == null ? Double.NaN : now.getOrDefault(state, 0L);
                    })
                    .description("Requests in the ledger, by state")
                    .tag("state", state.name())
                    .register(registry);
        }
        Supplier<LedgerViews.Backlog> backlog = kept(views::backlog, clock);
        Gauge.builder("omsbridge.outbox.pending", () -> {
                    LedgerViews.Backlog now = backlog.get();
                    return now == null ? Double.NaN : now.pending();
                })
                .description("Events not yet published to every endpoint")
                .register(registry);
        Gauge.builder("omsbridge.outbox.oldest", () -> {
                    LedgerViews.Backlog now = backlog.get();
                    return now == null
                            ? Double.NaN
                            : now.oldestCreatedAt() == null
                                    ? 0
                                    : Math.max(0, clock.millis() - now.oldestCreatedAt()) / 1000.0;
                })
                .description("Age of the oldest event not yet published everywhere (0 when none waits)")
                .baseUnit("seconds")
                .register(registry);
    }

    /** {@code read}'s value, read again at most once a second; null while it fails. */
    private static <T> Supplier<T> kept(Supplier<T> read, Clock clock) {
        return new Supplier<>() {
            private T value;
            private boolean loaded;
            private long readAt;

            @Override
            public synchronized T get() {
                long now = clock.millis();
                if (!loaded || now - readAt >= KEEP_MILLIS) {
                    loaded = true;
                    readAt = now;
                    try {
                        value = read.get();
                    } catch (RuntimeException e) {
                        LOG.debug("a ledger gauge could not be read: {}", e.getMessage());
                        value = null;
                    }
                }
                return value;
            }
        };
    }
}
