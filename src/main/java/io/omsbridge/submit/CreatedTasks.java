package io.omsbridge.submit;

import io.omsbridge.hwcloud.oms.OmsConstants;
import io.omsbridge.ledger.Ledger;
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
    private final Ledger ledger;

    public CreatedTasks(CreateRecorder recorder, Ledger ledger) {
        this.recorder = recorder;
        this.ledger = ledger;
    }

    /**
     * After {@code hwcloud-oms:createTask} (or {@code createTaskGroup}): the task's id and name (the group's id) to
     * the exchange, nothing else kept.
     */
    public void read(Exchange exchange) {
        if (exchange.getProperty(BridgeConstants.GROUP, false, Boolean.class)) {
            exchange.setProperty(BridgeConstants.GROUP_ID, exchange.getMessage().getHeader(OmsConstants.GROUP_ID,
                    String.class));
        } else {
            exchange.setProperty(BridgeConstants.TASK_ID, exchange.getMessage().getHeader(OmsConstants.TASK_ID,
                    Long.class));
            exchange.setProperty(BridgeConstants.TASK_NAME, exchange.getMessage().getHeader(OmsConstants.TASK_NAME,
                    String.class));
        }
        exchange.getMessage().setBody(null);
        exchange.getMessage().removeHeaders("*");
    }

    public void record(Exchange exchange) {
        Claim claim = exchange.getProperty(BridgeConstants.CLAIM, Claim.class);
        String groupId = exchange.getProperty(BridgeConstants.GROUP_ID, String.class);
        if (groupId != null) {
            // groups are few (one per large bucket): recorded at once, not batched with the creates of the moment
            if (!ledger.recordGroupCreated(claim, groupId)) {
                LOG.warn("request {}: task group {} was made, but the claim was taken over meanwhile; the request's"
                        + " next attempt finds the group by its tag", claim.requestId(), groupId);
            }
            return;
        }
        long taskId = exchange.getProperty(BridgeConstants.TASK_ID, Long.class);
        recorder.record(claim, taskId, exchange.getProperty(BridgeConstants.TASK_NAME, String.class));
        LOG.debug("request {} -> OMS task {}", claim.requestId(), taskId);
    }
}
