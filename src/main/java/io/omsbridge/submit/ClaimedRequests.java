package io.omsbridge.submit;

import com.fasterxml.jackson.databind.ObjectMapper;
import io.omsbridge.ledger.Ledger;
import io.omsbridge.ledger.LedgerRecord;
import io.omsbridge.model.BridgeConstants;
import io.omsbridge.model.Claim;
import java.io.IOException;
import java.util.List;
import org.apache.camel.Exchange;
import org.apache.camel.support.SynchronizationAdapter;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The claims the submit route works on: the requests the ledger hands out (on accept, from the top-up and from the
 * sweep), never more at once than the {@link ClaimBudget} allows, and the claimed request itself, read once per
 * attempt. A claim no longer current (its lease ran out and it was handed out again, or it was decided meanwhile)
 * reads as nothing.
 */
public final class ClaimedRequests {

    private static final Logger LOG = LoggerFactory.getLogger(ClaimedRequests.class);
    private static final ObjectMapper JSON = new ObjectMapper();

    private final Ledger ledger;
    private final ClaimBudget budget;

    public ClaimedRequests(Ledger ledger, ClaimBudget budget) {
        this.ledger = ledger;
        this.budget = budget;
    }

    /**
     * Claims on requests due for (another) try, as many as there is room for: parked ones whose time has come, ones a
     * crashed node left, and new ones accepted while the budget was spent.
     */
    public List<Claim> due() {
        int mark = budget.waitingMark();
        int room = budget.reserve(budget.limit());
        if (room == 0) {
            return List.of();
        }
        List<Claim> claims;
        try {
            claims = ledger.dueForSubmit(room);
        } catch (RuntimeException e) {
            budget.release(room);
            throw e;
        }
        budget.release(room - claims.size());
        if (claims.size() < room) {
            budget.foundAll(mark);
        }
        return claims;
    }

    /** The same, only while requests were left unclaimed: the top-up, woken as claims finish. */
    public List<Claim> topUp() {
        return budget.waitingMark() == 0 ? List.of() : due();
    }

    /**
     * Body in: a claim. Body out: the claimed request, or null when the claim is no longer current; its
     * {@link SubmitAttempt} goes to {@link BridgeConstants#ATTEMPT}. The claim's room in the budget is given back when
     * the exchange ends, whatever its outcome.
     */
    public LedgerRecord load(Claim claim, Exchange exchange) {
        exchange.getExchangeExtension().addOnCompletion(new SynchronizationAdapter() {
            @Override
            public void onDone(Exchange done) {
                budget.release(1);
            }
        });
        LedgerRecord r = ledger.claimed(claim).orElse(null);
        if (r == null) {
            LOG.debug(
                    "request {}: claim {} is no longer current; another hand-out has it",
                    claim.requestId(),
                    claim.attempt());
            return null;
        }
        exchange.setProperty(BridgeConstants.ATTEMPT, new SubmitAttempt(claim, r, isGroup(r)));
        return r;
    }

    /** A request that asks for a task group ({@code "group": true}, API v2). */
    private static boolean isGroup(LedgerRecord r) {
        try {
            return JSON.readTree(r.body()).path("group").asBoolean(false);
        } catch (IOException e) {
            return false;
        }
    }
}
