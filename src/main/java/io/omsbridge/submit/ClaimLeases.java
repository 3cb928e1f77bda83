package io.omsbridge.submit;

import io.omsbridge.ledger.Ledger;
import io.omsbridge.model.BridgeConstants;
import io.omsbridge.model.Claim;
import java.time.Clock;
import org.apache.camel.ExchangeProperty;

/**
 * Keeps the claim of an exchange alive, so no OMS call runs on a lease that may expire under it: renewed at the start
 * of a retry, and whenever half of it may have gone (a wait in the submit queue, a search, a token fetch). The lease
 * is at least four times the call deadline, so half a lease covers a whole create (a token fetch and the POST, each
 * cut off at the deadline). The ledger judges the lease on its own clock; this node counts the time gone on its own
 * clock from just before it asked for the lease, so the two clocks need not agree. A claim that was lost must not
 * post: that is a {@link ClaimLostException}.
 */
public final class ClaimLeases {

    private final Ledger ledger;
    private final long leaseMillis;
    private final Clock clock;

    public ClaimLeases(Ledger ledger, long leaseMillis, Clock clock) {
        this.ledger = ledger;
        this.leaseMillis = leaseMillis;
        this.clock = clock;
    }

    public void keep(@ExchangeProperty(BridgeConstants.ATTEMPT) SubmitAttempt attempt) {
        Claim claim = attempt.claim();
        int tryNumber = attempt.tryNumber();
        boolean retryNotRenewed = tryNumber > 1 && attempt.renewedForTry() < tryNumber;
        if (!retryNotRenewed && attempt.leasedAt() + leaseMillis - clock.millis() > leaseMillis / 2) {
            return;
        }
        long asked = clock.millis();
        long renewed = ledger.renewLease(claim).orElseThrow(() -> new ClaimLostException(claim.requestId()));
        attempt.renewed(renewed, asked);
    }
}
