package io.omsbridge.submit;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import io.omsbridge.ledger.PassLedger;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The passes route's step: moves every migration in passes on by one step ({@link PassLedger#step}), so a pass that
 * ended is taken into account and the next one is recorded when it is due. The new passes are then claimed and
 * submitted like any request: an unanswered create is searched for by its tag, never posted blind.
 */
public final class PassScheduler {

    private static final Logger LOG = LoggerFactory.getLogger(PassScheduler.class);

    private final PassLedger passes;
    private final Counter started;

    public PassScheduler(PassLedger passes, MeterRegistry meters) {
        this.passes = passes;
        // omsbridge_passes_total: passes after the first, recorded for submission
        this.started = Counter.builder("omsbridge.passes")
                .description("Passes of migrations in passes recorded"
                        + " for submission (the first pass is the request itself)")
                .register(meters);
    }

    /** Body out: how many passes were recorded (the route hands them to the submit route when any were). */
    public int cycle() {
        int recorded = 0;
        for (String migrationId : passes.open()) {
            try {
                if (passes.step(migrationId) == PassLedger.Step.PASS_RECORDED) {
                    recorded++;
                    started.increment();
                }
            } catch (RuntimeException e) {
                // one migration's trouble (the ledger briefly away) must not hold the others back: the next cycle
                LOG.warn("passes of migration {} not moved on this time: {}", migrationId, e.getMessage());
            }
        }
        return recorded;
    }
}
