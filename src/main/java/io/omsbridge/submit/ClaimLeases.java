package io.omsbridge.submit;

import java.time.Clock;

import io.omsbridge.ledger.Ledger;
import io.omsbridge.model.BridgeConstants;
import io.omsbridge.model.Claim;
import org.apache.camel.Exchange;

/**
 * Keeps the claim of an exchange alive, so no OMS call runs on a lease that may expire under it: renewed at the start
 * of a retry, and whenever more than half of it has gone (a wait in the submit queue, a search, a token fetch). The
 * lease is sized against the create's deadline (at least twice it). A claim that was lost must not post: that is a
 * {@link ClaimLostException}.
 */
public final class ClaimLeases {

    private static final String RENEWED_FOR = "omsLeaseRenewedForAttempt";

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
        long leaseUntil = exchange.getProperty(BridgeConstants.LEASE_UNTIL, claim.leaseUntil(), Long.class);
        boolean retryNotRenewed = attempt > 1 && exchange.getProperty(RENEWED_FOR, 0, Integer.class) < attempt;
        if (!retryNotRenewed && leaseUntil - clock.millis() > leaseMillis / 2) {
            return;
        }
        long renewed = ledger.renewLease(claim).orElseThrow(() -> new ClaimLostException(claim.requestId()));
        exchange.setProperty(BridgeConstants.LEASE_UNTIL, renewed);
        exchange.setProperty(RENEWED_FOR, attempt);
    }
}
