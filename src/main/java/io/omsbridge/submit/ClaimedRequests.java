package io.omsbridge.submit;

import java.util.List;

import com.fasterxml.jackson.databind.ObjectMapper;
import io.omsbridge.ledger.Ledger;
import io.omsbridge.ledger.LedgerRecord;
import io.omsbridge.model.BridgeConstants;
import io.omsbridge.model.Claim;
import org.apache.camel.Exchange;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The claims the submit route works on: the requests the ledger hands out (on accept, and from the sweep), and the
 * claimed request itself, read once per attempt. A claim no longer current (its lease ran out and it was handed out
 * again, or it was decided meanwhile) reads as nothing.
 */
public final class ClaimedRequests {

    private static final Logger LOG = LoggerFactory.getLogger(ClaimedRequests.class);
    private static final ObjectMapper JSON = new ObjectMapper();

    private final Ledger ledger;

    public ClaimedRequests(Ledger ledger) {
        this.ledger = ledger;
    }

    /** Claims on requests due for (another) try: parked ones whose time has come, and ones a crashed node left. */
    public List<Claim> due() {
        return ledger.dueForSubmit(1000);
    }

    /** Body in: a claim. Body out: the claimed request, or null when the claim is no longer current. */
    public LedgerRecord load(Claim claim, Exchange exchange) {
        LedgerRecord r = ledger.claimed(claim).orElse(null);
        if (r == null) {
            LOG.debug("request {}: claim {} is no longer current; another hand-out has it", claim.requestId(),
                    claim.attempt());
            return null;
        }
        exchange.setProperty(BridgeConstants.REQUEST_ID, r.requestId());
        exchange.setProperty(BridgeConstants.PROJECT_ID, r.projectId());
        exchange.setProperty(BridgeConstants.CLAIM, claim);
        exchange.setProperty(BridgeConstants.CLAIMED, r);
        exchange.setProperty(BridgeConstants.RECONCILE, claim.reconcile());
        exchange.setProperty(BridgeConstants.CREATE_ATTEMPT, 0);
        exchange.setProperty(BridgeConstants.GROUP, isGroup(r));
        return r;
    }

    /** A request that asks for a task group ({@code "group": true}, API v2). */
    private static boolean isGroup(LedgerRecord r) {
        try {
            return JSON.readTree(r.body()).path("group").asBoolean(false);
        } catch (java.io.IOException e) {
            return false;
        }
    }
}
