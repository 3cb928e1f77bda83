package io.omsbridge.config;

import java.text.ParseException;
import java.time.Clock;

import com.fasterxml.jackson.databind.ObjectMapper;
import io.omsbridge.api.PassViews;
import io.omsbridge.event.EventFactory;
import io.omsbridge.ledger.LedgerDatabase;
import io.omsbridge.ledger.PassLedger;
import io.omsbridge.observe.BridgeMetrics;
import io.omsbridge.settings.ConfigurationException;
import io.omsbridge.settings.SettingsReader;
import io.omsbridge.submit.PassScheduler;
import org.apache.camel.CamelContext;
import org.quartz.CronExpression;

/** Migrations in passes: their ledger and the passes route's step (bridge.passes.*). */
final class PassWiring {

    private PassWiring() {
    }

    static void apply(CamelContext context, LedgerDatabase database, ObjectMapper mapper, EventFactory events,
            Clock clock, boolean v2) {
        SettingsReader in = new SettingsReader(context.getPropertiesComponent());
        long marginMillis = in.millis("bridge.passes.margin", 60_000);
        if (marginMillis < 1_000) {
            // OMS compares migrate_since in whole seconds: with less, an object written in the second a pass started
            // could be missed by it and by the next
            in.problem("bridge.passes.margin: must be at least PT1S (migrate_since counts whole seconds)");
        }
        in.optional("bridge.passes.check-cron").ifPresent(cron -> {
            try {
                new CronExpression(cron);
            } catch (ParseException e) {
                in.problem("bridge.passes.check-cron: not a Quartz cron expression (seconds minutes hours"
                        + " day-of-month month day-of-week, e.g. 0/5 * * * * ?): " + e.getMessage());
            }
        });
        if (!in.problems().isEmpty()) {
            throw new ConfigurationException(in.problems());
        }
        PassLedger passes = new PassLedger(database, mapper, events, clock, marginMillis / 1000, v2);
        context.getRegistry().bind("passLedger", passes);
        BridgeMetrics metrics = context.getRegistry().lookupByNameAndType("bridgeMetrics", BridgeMetrics.class);
        context.getRegistry().bind("passScheduler", new PassScheduler(passes, metrics.registry()));
        context.getRegistry().bind("passViews", new PassViews(passes, mapper));
    }
}
