package io.omsbridge.config;

import com.fasterxml.jackson.databind.ObjectMapper;
import io.omsbridge.cluster.DutyActivity;
import io.omsbridge.event.EventFactory;
import io.omsbridge.ledger.EventOutbox;
import io.omsbridge.ledger.LedgerDatabase;
import io.omsbridge.model.Duties;
import io.omsbridge.publish.EventPublisher;
import java.time.Clock;
import org.apache.camel.BeanInject;
import org.apache.camel.BindToRegistry;
import org.apache.camel.CamelConfiguration;

/**
 * Publishing ({@code routes/publish.camel.yaml}): the events waiting in the ledger's outbox, sent to every configured
 * endpoint and to the request's reply-to, by the bridge that leads the publish duty.
 */
public class PublishConfiguration implements CamelConfiguration {

    /** The registry name of the publisher's cycles as the health check and the status page see them. */
    public static final String ACTIVITY = "publishActivity";

    @BindToRegistry
    public EventOutbox eventOutbox(
            @BeanInject("ledgerDatabase") LedgerDatabase database,
            @BeanInject("eventFactory") EventFactory events,
            @BeanInject(BridgeConfiguration.CLOCK_BEAN) Clock clock) {
        return new EventOutbox(database, new ObjectMapper(), events, clock);
    }

    @BindToRegistry(ACTIVITY)
    public DutyActivity publishActivity(@BeanInject(BridgeConfiguration.CLOCK_BEAN) Clock clock) {
        return new DutyActivity(EventPublisher.DUTY, clock);
    }

    @BindToRegistry
    public EventPublisher eventPublisher(
            @BeanInject("eventOutbox") EventOutbox outbox,
            @BeanInject(ClusterConfiguration.DUTIES) Duties duties,
            @BeanInject(ACTIVITY) DutyActivity activity,
            @BeanInject(AllSettings.BEAN) AllSettings all,
            @BeanInject(BridgeConfiguration.CLOCK_BEAN) Clock clock) {
        return new EventPublisher(
                outbox, all.publish(), clock, duties, all.publish().replyGiveUpMillis(), activity);
    }
}
