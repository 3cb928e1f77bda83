package io.omsbridge.poll;

import io.omsbridge.hwcloud.oms.OmsException;
import io.omsbridge.ledger.GroupLedger;
import io.omsbridge.model.Duties;
import io.omsbridge.tasks.OmsTasks;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Follows the task groups (OMS API v2) in each poll cycle, on the bridge that leads the poll duty: each watched group
 * is shown (groups are few: one per large bucket) and what moved is recorded with its event. A group that cannot be
 * shown now is asked again next cycle; one OMS no longer knows ends as failed.
 */
public final class GroupPoller {

    private static final Logger LOG = LoggerFactory.getLogger(GroupPoller.class);

    private final GroupLedger ledger;
    private final OmsTasks oms;
    private final Duties duties;

    public GroupPoller(GroupLedger ledger, OmsTasks oms, Duties duties) {
        this.ledger = ledger;
        this.oms = oms;
        this.duties = duties;
    }

    /** One cycle over the watched groups; returns how many changed state. */
    public int cycle() {
        if (!duties.leads(Duties.POLL)) {
            return 0;
        }
        int changed = 0;
        for (GroupLedger.WatchedGroup group : ledger.watched()) {
            try {
                if (ledger.applyGroupView(
                        group.requestId(), oms.showGroup(group.projectId(), group.region(), group.groupId()))) {
                    changed++;
                }
            } catch (OmsException e) {
                if (e.notFound()) {
                    LOG.warn(
                            "request {}: OMS no longer knows task group {}; it ends as failed",
                            group.requestId(),
                            group.groupId());
                    ledger.groupGone(group.requestId(), e.errorCode(), e.errorMessage());
                } else {
                    LOG.warn(
                            "poll: task group {} of request {} not checked this cycle: {}",
                            group.groupId(),
                            group.requestId(),
                            e.getMessage());
                }
            }
        }
        return changed;
    }
}
