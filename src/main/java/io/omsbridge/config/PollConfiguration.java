package io.omsbridge.config;

import com.fasterxml.jackson.databind.ObjectMapper;
import io.omsbridge.cluster.DutyActivity;
import io.omsbridge.event.EventFactory;
import io.omsbridge.ledger.GroupLedger;
import io.omsbridge.ledger.LedgerDatabase;
import io.omsbridge.ledger.TaskLedger;
import io.omsbridge.model.Duties;
import io.omsbridge.poll.GroupPoller;
import io.omsbridge.poll.TaskPoller;
import io.omsbridge.tasks.OmsTasks;
import java.time.Clock;
import org.apache.camel.BeanInject;
import org.apache.camel.BindToRegistry;
import org.apache.camel.CamelConfiguration;
import org.apache.camel.CamelContext;

/**
 * The poll ({@code routes/poll.camel.yaml}): tasks and task groups asked after until they end, by the bridge that leads
 * the poll duty ({@link ClusterConfiguration}).
 */
public class PollConfiguration implements CamelConfiguration {

    /** The registry name of the poll's cycles as the health check and the status page see them. */
    public static final String ACTIVITY = "pollActivity";

    private final ObjectMapper mapper = new ObjectMapper();

    @BindToRegistry
    public TaskLedger taskLedger(
            @BeanInject("ledgerDatabase") LedgerDatabase database,
            @BeanInject("eventFactory") EventFactory events,
            @BeanInject(AllSettings.BEAN) AllSettings all,
            @BeanInject(BridgeConfiguration.CLOCK_BEAN) Clock clock) {
        return new TaskLedger(database, mapper, events, clock, all.poll());
    }

    @BindToRegistry(ACTIVITY)
    public DutyActivity pollActivity(@BeanInject(BridgeConfiguration.CLOCK_BEAN) Clock clock) {
        return new DutyActivity(TaskPoller.DUTY, clock);
    }

    @BindToRegistry
    public GroupPoller groupPoller(
            @BeanInject("ledgerDatabase") LedgerDatabase database,
            @BeanInject("eventFactory") EventFactory events,
            @BeanInject("omsTasks") OmsTasks tasks,
            @BeanInject(ClusterConfiguration.DUTIES) Duties duties,
            @BeanInject(AllSettings.BEAN) AllSettings all,
            @BeanInject(BridgeConfiguration.CLOCK_BEAN) Clock clock) {
        return new GroupPoller(
                new GroupLedger(database, mapper, events, clock, all.poll().progressStep()), tasks, duties);
    }

    /** Shows of tasks that left the listings run this many at once; Camel shuts the threads down as it stops. */
    @BindToRegistry
    public TaskPoller taskPoller(
            CamelContext context,
            @BeanInject("taskLedger") TaskLedger ledger,
            @BeanInject("omsTasks") OmsTasks tasks,
            @BeanInject(ClusterConfiguration.DUTIES) Duties duties,
            @BeanInject(ACTIVITY) DutyActivity activity,
            @BeanInject(AllSettings.BEAN) AllSettings all,
            @BeanInject(BridgeConfiguration.CLOCK_BEAN) Clock clock) {
        return new TaskPoller(
                ledger,
                tasks,
                all.poll(),
                clock,
                duties,
                activity,
                context.getExecutorServiceManager()
                        .newFixedThreadPool(this, "poll-show", all.poll().showThreads()));
    }
}
