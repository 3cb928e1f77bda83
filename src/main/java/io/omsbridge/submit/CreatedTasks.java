package io.omsbridge.submit;

import io.omsbridge.hwcloud.oms.OmsConstants;
import io.omsbridge.model.BridgeConstants;
import io.omsbridge.model.Claim;
import org.apache.camel.Exchange;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The task a claim has, made now or found from an earlier attempt: taken off the component's answer (the body that
 * carried the keys is dropped at once), then recorded SUBMITTED in the ledger with the other creates of the moment.
 */
public final class CreatedTasks {

    private static final Logger LOG = LoggerFactory.getLogger(CreatedTasks.class);

    private final CreateRecorder recorder;

    public CreatedTasks(CreateRecorder recorder) {
        this.recorder = recorder;
    }

    /** After {@code hwcloud-oms:createTask}: its task id and name to the exchange, nothing else kept. */
    public void read(Exchange exchange) {
        exchange.setProperty(BridgeConstants.TASK_ID, exchange.getMessage().getHeader(OmsConstants.TASK_ID,
                Long.class));
        exchange.setProperty(BridgeConstants.TASK_NAME, exchange.getMessage().getHeader(OmsConstants.TASK_NAME,
                String.class));
        exchange.getMessage().setBody(null);
        exchange.getMessage().removeHeaders("*");
    }

    public void record(Exchange exchange) {
        Claim claim = exchange.getProperty(BridgeConstants.CLAIM, Claim.class);
        long taskId = exchange.getProperty(BridgeConstants.TASK_ID, Long.class);
        recorder.record(claim, taskId, exchange.getProperty(BridgeConstants.TASK_NAME, String.class));
        LOG.debug("request {} -> OMS task {}", claim.requestId(), taskId);
    }
}
