package io.omsbridge.submit;

import io.omsbridge.hwcloud.oms.OmsException;
import io.omsbridge.model.BridgeConstants;
import io.omsbridge.model.Claim;
import java.time.Clock;
import java.util.Optional;
import org.apache.camel.ExchangeProperty;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * When an earlier attempt may have reached OMS (its answer was lost, it was cut off, or the bridge stopped
 * mid-submit), looks for the task it may have made, by the request's tag in OMS's task list, walking back as far as
 * that attempt ({@link TaskListings}): found, its id and name go to the exchange and no create is posted; not found in
 * a complete walk, the create goes ahead; a walk that cannot be completed is a {@link SearchIncompleteException}, and
 * the request is held.
 */
public final class EarlierTasks {

    private static final Logger LOG = LoggerFactory.getLogger(EarlierTasks.class);

    private final TaskListings listings;
    private final TaskListings groups;
    private final Clock clock;

    /** {@code groups}: the listing of task groups (API v2), searched for a group request; null without v2. */
    public EarlierTasks(TaskListings listings, TaskListings groups, Clock clock) {
        this.listings = listings;
        this.groups = groups;
        this.clock = clock;
    }

    public void search(@ExchangeProperty(BridgeConstants.ATTEMPT) SubmitAttempt attempt) {
        String requestId = attempt.requestId();
        String projectId = attempt.projectId();
        String region = attempt.record().region();
        Claim claim = attempt.claim();
        // the attempt searched for ended before this one began: a retry in this exchange, or a claim handed out after
        long notBefore = attempt.tryNumber() > 1 ? clock.millis() : claim.handedOutAt();
        boolean group = attempt.isGroup();
        Optional<TaskListings.Found> found;
        try {
            found = (group ? groups : listings).find(projectId, region, requestId, notBefore, claim.searchFrom());
        } catch (OmsException e) {
            // a list OMS refuses or fails says nothing about the request: it must neither fail nor be posted blind
            throw new SearchIncompleteException(
                    requestId, "listing project " + projectId + ": " + e.getMessage(), e.isTransient());
        }
        found.ifPresent(task -> {
            LOG.info(
                    "request {}: found {} {} made by an earlier attempt; not creating another",
                    requestId,
                    group ? "task group" : "task",
                    task.id());
            if (group) {
                attempt.foundGroup(task.id());
            } else {
                attempt.foundTask(task.taskId(), task.taskName());
            }
        });
    }
}
