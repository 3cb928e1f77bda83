package io.omsbridge.submit;

import java.time.Clock;

import io.omsbridge.ledger.Ledger;
import io.omsbridge.model.BridgeConstants;
import io.omsbridge.model.Claim;
import org.apache.camel.Exchange;

/**
 * Keeps the claim of an exchange alive, so no OMS call runs on a lease that may expire under it: renewed at the start
 * of a retry, and whenever half of it may have gone (a wait in the submit queue, a search, a token fetch). The lease
 * is at least four times the call deadline, so half a lease covers a whole create (a token fetch and the POST, each
 * cut off at the deadline). The ledger judges the lease on its own clock; this node counts the time gone on its own
 * clock from just before it asked for the lease, so the two clocks need not agree. A claim that was lost must not
 * post: that is a {@link ClaimLostException}.
 */
public final class ClaimLeases {

    private static final String RENEWED_FOR = "omsLeaseRenewedForAttempt";
    private static final String LEASED_AT = "omsLeasedAt";

    private final Ledger ledger;
    private final long leaseMillis;
    private final Clock clock;

    public ClaimLeases(Ledger ledger, long leaseMillis, Clock clock) {
        this.ledger = ledger;
        this.leaseMillis = leaseMillis;
        this.clock = clock;
    }

    public void keep(Exchange exchange) {
        Claim claim = exchange.getProperty(BridgeConstants.CLAIM, Claim.class);
        int attempt = exchange.getProperty(BridgeConstants.CREATE_ATTEMPT, 1, Integer.class);
        long leasedAt = exchange.getProperty(LEASED_AT, claim.leasedAt(), Long.class);
        boolean retryNotRenewed = attempt > 1 && exchange.getProperty(RENEWED_FOR, 0, Integer.class) < attempt;
        if (!retryNotRenewed && leasedAt + leaseMillis - clock.millis() > leaseMillis / 2) {
            return;
        }
        long asked = clock.millis();
        long renewed = ledger.renewLease(claim).orElseThrow(() -> new ClaimLostException(claim.requestId()));
        exchange.setProperty(BridgeConstants.LEASE_UNTIL, renewed);
        exchange.setProperty(LEASED_AT, asked);
        exchange.setProperty(RENEWED_FOR, attempt);
    }

    /** The end of the exchange's lease on the ledger's clock: a task posted under it exists in OMS before then. */
    public static long leaseUntil(Exchange exchange) {
        Claim claim = exchange.getProperty(BridgeConstants.CLAIM, Claim.class);
        return exchange.getProperty(BridgeConstants.LEASE_UNTIL, claim.leaseUntil(), Long.class);
    }
}
