package io.omsbridge.config;

import com.fasterxml.jackson.databind.ObjectMapper;
import io.omsbridge.event.EventFactory;
import io.omsbridge.ledger.Ledger;
import io.omsbridge.ledger.LedgerDatabase;
import io.omsbridge.ledger.LedgerUnusableException;
import io.omsbridge.ledger.LedgerViews;
import io.omsbridge.ledger.SecretBox;
import io.omsbridge.settings.ConfigurationException;
import io.omsbridge.settings.LedgerSettings;
import java.time.Clock;
import java.util.List;
import org.apache.camel.BeanInject;
import org.apache.camel.BindToRegistry;
import org.apache.camel.CamelConfiguration;
import org.apache.camel.CamelContext;

/**
 * The ledger every capability records in: its database (opened, checked and migrated as the context starts, closed
 * after the routes stop), the events it writes, the box that seals the secrets it keeps, and its read-only views.
 */
public class LedgerConfiguration implements CamelConfiguration {

    private final ObjectMapper mapper = new ObjectMapper();

    @BindToRegistry
    public LedgerDatabase ledgerDatabase(@BeanInject(AllSettings.BEAN) AllSettings all) {
        LedgerSettings ledger = all.ledger();
        try {
            return new LedgerDatabase(new LedgerDatabase.Options(
                    ledger.url(),
                    ledger.username(),
                    ledger.password(),
                    ledger.poolSize(),
                    LedgerDatabase.Synchronous.valueOf(ledger.synchronous())));
        } catch (LedgerUnusableException e) {
            throw new ConfigurationException(List.of(e.getMessage()));
        }
    }

    @BindToRegistry
    public EventFactory eventFactory(@BeanInject(BridgeConfiguration.CLOCK_BEAN) Clock clock) {
        return new EventFactory(mapper, clock);
    }

    @BindToRegistry
    public SecretBox secretBox(@BeanInject(AllSettings.BEAN) AllSettings all) {
        return SecretBox.open(all.bridge().secretKey(), all.bridge().secretKeyFile());
    }

    @BindToRegistry
    public Ledger ledger(
            @BeanInject("ledgerDatabase") LedgerDatabase database,
            @BeanInject("eventFactory") EventFactory events,
            @BeanInject("secretBox") SecretBox secrets,
            @BeanInject(AllSettings.BEAN) AllSettings all,
            @BeanInject(BridgeConfiguration.CLOCK_BEAN) Clock clock) {
        return new Ledger(
                database,
                mapper,
                events,
                secrets,
                clock,
                all.nodeId(),
                all.submit().leaseMillis());
    }

    @BindToRegistry
    public LedgerViews ledgerViews(@BeanInject("ledgerDatabase") LedgerDatabase database) {
        return new LedgerViews(database);
    }

    @Override
    public void configure(CamelContext context) throws Exception {
        AllSettings all = context.getRegistry().lookupByNameAndType(AllSettings.BEAN, AllSettings.class);
        LedgerDatabase database = context.getRegistry().lookupByNameAndType("ledgerDatabase", LedgerDatabase.class);
        context.addService(
                new LedgerStartup(database, all.ledger(), all.bridge().dataDir()), true, true);
    }
}
