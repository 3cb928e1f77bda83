package io.omsbridge.submit;

import io.omsbridge.hwcloud.oms.OmsConstants;
import io.omsbridge.ledger.Ledger;
import io.omsbridge.model.BridgeConstants;
import io.omsbridge.model.Claim;
import org.apache.camel.ExchangeProperty;
import org.apache.camel.Message;
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
     * the attempt, nothing else kept.
     */
    public void read(@ExchangeProperty(BridgeConstants.ATTEMPT) SubmitAttempt attempt, Message answer) {
        if (attempt.isGroup()) {
            attempt.foundGroup(answer.getHeader(OmsConstants.GROUP_ID, String.class));
        } else {
            attempt.foundTask(
                    answer.getHeader(OmsConstants.TASK_ID, Long.class),
                    answer.getHeader(OmsConstants.TASK_NAME, String.class));
        }
        answer.setBody(null);
        answer.removeHeaders("*");
    }

    public void record(@ExchangeProperty(BridgeConstants.ATTEMPT) SubmitAttempt attempt) {
        Claim claim = attempt.claim();
        String groupId = attempt.groupId();
        if (groupId != null) {
            // groups are few (one per large bucket): recorded at once, not batched with the creates of the moment
            if (!ledger.recordGroupCreated(claim, groupId)) {
                LOG.warn(
                        "request {}: task group {} was made, but the claim was taken over meanwhile; the request's"
                                + " next attempt finds the group by its tag",
                        claim.requestId(),
                        groupId);
            }
            return;
        }
        long taskId = attempt.taskId();
        recorder.record(claim, taskId, attempt.taskName());
        LOG.debug("request {} -> OMS task {}", claim.requestId(), taskId);
    }
}
