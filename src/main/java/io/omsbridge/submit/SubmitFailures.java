package io.omsbridge.submit;

import io.omsbridge.hwcloud.oms.OmsException;
import io.omsbridge.hwcloud.oms.auth.IamException;
import io.omsbridge.ledger.Ledger;
import io.omsbridge.ledger.SealedSecretException;
import io.omsbridge.model.BridgeConstants;
import io.omsbridge.model.Claim;
import io.omsbridge.settings.SubmitSettings;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.concurrent.atomic.AtomicLong;
import org.apache.camel.Exchange;
import org.apache.camel.ExchangeProperty;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * What a failed create attempt leaves (the policy is in {@code routes/errors.camel.yaml}; these are its steps): a
 * failure after which the task may exist makes the next attempt search first; OMS's final word ends the request
 * (SUBMIT_FAILED) or, for a quota, holds it; retries used up park it; a full creates cap holds it until a slot frees;
 * a search for an earlier attempt's task that cannot be completed holds it, never posting.
 */
public final class SubmitFailures {

    private static final Logger LOG = LoggerFactory.getLogger(SubmitFailures.class);

    private final Ledger ledger;
    private final CreateCap cap;
    private final SubmitSettings submit;
    private final Clock clock;
    /** When the cap was last reported as reached, so a queue of held requests logs it once, not once each. */
    private final AtomicLong capReported = new AtomicLong();

    public SubmitFailures(Ledger ledger, CreateCap cap, SubmitSettings submit, Clock clock) {
        this.ledger = ledger;
        this.cap = cap;
        this.submit = submit;
        this.clock = clock;
    }

    /** Before an attempt is made again: the outcome of the failed one is settled (search next? slot given back?). */
    public void beforeRetry(Exchange exchange) {
        settle(
                exchange.getProperty(BridgeConstants.ATTEMPT, SubmitAttempt.class),
                exchange.getProperty(Exchange.EXCEPTION_CAUGHT, Throwable.class));
    }

    /** OMS's final answer: a quota waits and is tried again later; anything else is SUBMIT_FAILED. */
    public void refused(
            @ExchangeProperty(BridgeConstants.ATTEMPT) SubmitAttempt attempt,
            @ExchangeProperty(Exchange.EXCEPTION_CAUGHT) Throwable cause) {
        Claim claim = attempt.claim();
        OmsException error = cause instanceof OmsException oms
                ? oms
                : new OmsException(
                        0,
                        cause instanceof SealedSecretException ? "BRIDGE.SEALED_KEYS" : "BRIDGE.ERROR",
                        String.valueOf(cause.getMessage()),
                        null);
        settle(attempt, cause);
        if (error.quota()) {
            LOG.warn(
                    "request {}: OMS quota reached ({} {}); trying again in {} s",
                    claim.requestId(),
                    error.errorCode(),
                    error.errorMessage(),
                    submit.quotaHoldMillis() / 1000);
            ledger.park(claim, error.getMessage(), submit.quotaHoldMillis(), attempt.isSearchFirst());
        } else {
            LOG.warn("request {}: OMS refused it: {} {}", claim.requestId(), error.errorCode(), error.errorMessage());
            ledger.submitFailed(claim, error.errorCode(), error.errorMessage());
        }
    }

    /** Retries are used up (or IAM refuses us): back to RECEIVED, to be tried again after the park time. */
    public void park(
            @ExchangeProperty(BridgeConstants.ATTEMPT) SubmitAttempt attempt,
            @ExchangeProperty(Exchange.EXCEPTION_CAUGHT) Throwable cause) {
        Claim claim = attempt.claim();
        settle(attempt, cause);
        String reason = cause == null ? "unknown" : cause.getMessage();
        if (cause instanceof IamException) {
            // the token cache has already said it, once, at ERROR: no line per waiting request
            LOG.debug("request {}: waiting for an IAM token ({})", claim.requestId(), reason);
        } else {
            LOG.warn(
                    "request {}: not submitted yet ({}); trying again in {} s",
                    claim.requestId(),
                    reason,
                    submit.parkMillis() / 1000);
        }
        ledger.park(claim, reason, submit.parkMillis(), attempt.isSearchFirst());
    }

    /**
     * The search for an earlier attempt's task could not be completed: the request is held (never posted meanwhile)
     * and searched again after the park time; once held for {@code bridge.submit.search-hold} it ends as
     * SUBMIT_FAILED, with its event, rather than risk a second task.
     */
    public void hold(
            @ExchangeProperty(BridgeConstants.ATTEMPT) SubmitAttempt attempt,
            @ExchangeProperty(Exchange.EXCEPTION_CAUGHT) Throwable cause) {
        Claim claim = attempt.claim();
        settle(attempt, cause);
        String reason = cause == null ? "unknown" : cause.getMessage();
        ledger.hold(claim, reason, submit.parkMillis(), submit.searchHoldMillis())
                .ifPresent(hold -> {
                    if (hold.givenUp()) {
                        LOG.warn(
                                "{}; given up as SUBMIT_FAILED ({}) after being held {}",
                                reason,
                                Ledger.SEARCH_INCOMPLETE,
                                Duration.ofMillis(submit.searchHoldMillis()));
                    } else {
                        LOG.warn(
                                "{}; held, not created: searched again in {} s, given up {} after it was first held ({})",
                                reason,
                                submit.parkMillis() / 1000,
                                Duration.ofMillis(submit.searchHoldMillis()),
                                Instant.ofEpochMilli(hold.heldSince()));
                    }
                });
    }

    /** The creates cap is used up: the request waits until a slot frees up (said once per window, not per request). */
    public void holdForCap(
            @ExchangeProperty(BridgeConstants.ATTEMPT) SubmitAttempt attempt,
            @ExchangeProperty(Exchange.EXCEPTION_CAUGHT) CreateCapReachedException cause) {
        Claim claim = attempt.claim();
        long now = clock.millis();
        long last = capReported.get();
        if (now - last > Math.min(cap.windowMillis(), 60_000) && capReported.compareAndSet(last, now)) {
            LOG.warn("{}: requests wait until {}", cause.getMessage(), Instant.ofEpochMilli(cause.freeAt()));
        }
        ledger.park(claim, cause.getMessage(), Math.max(0, cause.freeAt() - now), attempt.isSearchFirst());
    }

    /**
     * After a failed attempt: if its POST was sent and may have made the task (no answer, cut off, a server error), the
     * next attempt searches first and keeps this attempt's slot of the cap; if it certainly did not, the slot is given
     * back.
     */
    private void settle(SubmitAttempt attempt, Throwable cause) {
        boolean posted = attempt.holdsSlot();
        attempt.holdSlot(false);
        if (posted && cause instanceof OmsException oms && oms.mayHaveActed()) {
            attempt.searchFirstNextTry();
        } else if (posted) {
            cap.giveBack();
        }
    }
}
