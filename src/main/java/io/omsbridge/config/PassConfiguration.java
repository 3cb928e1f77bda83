package io.omsbridge.config;

import com.fasterxml.jackson.databind.ObjectMapper;
import io.micrometer.core.instrument.MeterRegistry;
import io.omsbridge.api.PassViews;
import io.omsbridge.event.EventFactory;
import io.omsbridge.ledger.LedgerDatabase;
import io.omsbridge.ledger.PassLedger;
import io.omsbridge.settings.ConfigurationException;
import io.omsbridge.settings.SettingsReader;
import io.omsbridge.submit.PassScheduler;
import java.text.ParseException;
import java.time.Clock;
import org.apache.camel.BeanInject;
import org.apache.camel.BindToRegistry;
import org.apache.camel.CamelConfiguration;
import org.apache.camel.CamelContext;
import org.quartz.CronExpression;

/**
 * Migrations in passes ({@code routes/passes.camel.yaml}, bridge.passes.*): their ledger, the passes route's step and
 * the API's view of a migration's passes.
 */
public class PassConfiguration implements CamelConfiguration {

    private final ObjectMapper mapper = new ObjectMapper();

    @BindToRegistry
    public PassLedger passLedger(
            CamelContext context,
            @BeanInject("ledgerDatabase") LedgerDatabase database,
            @BeanInject("eventFactory") EventFactory events,
            @BeanInject(AllSettings.BEAN) AllSettings all,
            @BeanInject(BridgeConfiguration.CLOCK_BEAN) Clock clock) {
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
        return new PassLedger(
                database,
                mapper,
                events,
                clock,
                marginMillis / 1000,
                all.bridge().oms().v2());
    }

    @BindToRegistry
    public PassScheduler passScheduler(
            @BeanInject("passLedger") PassLedger passes,
            @BeanInject(ObserveConfiguration.METRICS_REGISTRY) MeterRegistry meters) {
        return new PassScheduler(passes, meters);
    }

    @BindToRegistry
    public PassViews passViews(@BeanInject("passLedger") PassLedger passes) {
        return new PassViews(passes, mapper);
    }
}
