package io.omsbridge.config;

import com.fasterxml.jackson.databind.ObjectMapper;
import io.omsbridge.event.EventFactory;
import io.omsbridge.ledger.LedgerDatabase;
import io.omsbridge.ledger.OperationLedger;
import io.omsbridge.ledger.SecretBox;
import io.omsbridge.tasks.OmsTasks;
import io.omsbridge.tasks.TaskOperations;
import java.time.Clock;
import org.apache.camel.BeanInject;
import org.apache.camel.BindToRegistry;
import org.apache.camel.CamelConfiguration;

/**
 * Operations on migrations (stop, start, retry, delete): recorded when accepted, applied by the operate route
 * ({@code routes/operate.camel.yaml}).
 */
public class OperateConfiguration implements CamelConfiguration {

    private final ObjectMapper mapper = new ObjectMapper();

    @BindToRegistry
    public OperationLedger operationLedger(
            @BeanInject("ledgerDatabase") LedgerDatabase database,
            @BeanInject("eventFactory") EventFactory events,
            @BeanInject("secretBox") SecretBox secrets,
            @BeanInject(AllSettings.BEAN) AllSettings all,
            @BeanInject(BridgeConfiguration.CLOCK_BEAN) Clock clock) {
        return new OperationLedger(
                database,
                mapper,
                events,
                secrets,
                clock,
                all.nodeId(),
                all.submit().leaseMillis());
    }

    @BindToRegistry
    public TaskOperations taskOperations(
            @BeanInject("operationLedger") OperationLedger operations,
            @BeanInject("omsTasks") OmsTasks tasks,
            @BeanInject(AllSettings.BEAN) AllSettings all) {
        return new TaskOperations(
                operations,
                tasks,
                all.bridge()::credential,
                mapper,
                all.submit().parkMillis());
    }
}
