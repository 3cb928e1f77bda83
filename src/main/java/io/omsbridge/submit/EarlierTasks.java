package io.omsbridge.submit;

import java.time.Clock;

import io.omsbridge.hwcloud.oms.OmsException;
import io.omsbridge.model.BridgeConstants;
import io.omsbridge.model.Claim;
import org.apache.camel.Exchange;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * When an earlier attempt may have reached OMS (its answer was lost, or the bridge stopped mid-submit), looks for the
 * task it may have made, by the request's tag in OMS's task list, so that attempt is not repeated: found, its id and
 * name go to the exchange and no create is posted. The searches of the moment share their listings
 * ({@link TaskListings}).
 */
public final class EarlierTasks {

    private static final Logger LOG = LoggerFactory.getLogger(EarlierTasks.class);

    private final TaskListings listings;
    private final long leaseMillis;
    private final int maxPages;
    private final Clock clock;

    public EarlierTasks(TaskListings listings, long leaseMillis, int maxPages, Clock clock) {
        this.listings = listings;
        this.leaseMillis = leaseMillis;
        this.maxPages = maxPages;
        this.clock = clock;
    }

    public void search(Exchange exchange) {
        String requestId = exchange.getProperty(BridgeConstants.REQUEST_ID, String.class);
        String projectId = exchange.getProperty(BridgeConstants.PROJECT_ID, String.class);
        Claim claim = exchange.getProperty(BridgeConstants.CLAIM, Claim.class);
        int attempt = exchange.getProperty(BridgeConstants.CREATE_ATTEMPT, 1, Integer.class);
        // the attempt searched for ended before this one began: a retry in this exchange, or a claim handed out after
        long notBefore = attempt > 1 ? clock.millis() : claim.leaseUntil() - leaseMillis;
        TaskListings.Result result;
        try {
            result = listings.find(projectId, requestId, notBefore);
        } catch (OmsException e) {
            if (e.isTransient()) {
                throw e;
            }
            // a refused list says nothing about the request: it must neither fail nor be posted blind
            throw new ReconcileFailedException(requestId, e);
        }
        result.task().ifPresentOrElse(task -> {
            LOG.info("request {}: found task {} made by an earlier attempt; not creating another", requestId,
                    task.taskId());
            exchange.setProperty(BridgeConstants.TASK_ID, task.taskId());
            exchange.setProperty(BridgeConstants.TASK_NAME, task.taskName());
        }, () -> {
            if (result.cut()) {
                LOG.warn("request {}: no earlier task found in the newest {} tasks of project {}; creating it",
                        requestId, maxPages * TaskListings.PAGE, projectId);
            }
        });
    }
}
