package io.omsbridge.submit;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.ObjectMapper;
import io.omsbridge.MutableClock;
import io.omsbridge.event.EventFactory;
import io.omsbridge.ledger.Ledger;
import io.omsbridge.ledger.LedgerDatabase;
import io.omsbridge.ledger.ScratchLedger;
import io.omsbridge.ledger.SecretBox;
import io.omsbridge.model.BridgeConstants;
import io.omsbridge.model.Claim;
import io.omsbridge.model.RequestSource;
import io.omsbridge.request.InputReader;
import io.omsbridge.request.SeedRequests;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.Base64;
import java.util.List;
import org.apache.camel.Exchange;
import org.apache.camel.impl.DefaultCamelContext;
import org.apache.camel.support.DefaultExchange;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * The create POST never runs on a claim whose lease may run out under it: whatever came before it in the attempt (a
 * search of OMS's list, a slow token fetch), the lease is renewed right before the POST once half of it may have
 * gone, and a claim that was handed out again in the meantime does not post at all. This node decides when to renew
 * by its own clock (the test's), counted from when it asked; the ledger judges the lease by the database's (real).
 */
class ClaimLeasesTest {

    private static final long LEASE = 2_000;
    private static final String KEY =
            Base64.getEncoder().encodeToString("0123456789abcdef0123456789abcdef".getBytes(StandardCharsets.US_ASCII));

    private final MutableClock clock = new MutableClock(Instant.parse("2026-11-25T10:00:00Z"));
    private final ObjectMapper mapper = new ObjectMapper();
    private final CreateCap cap = new CreateCap(10, Duration.ofHours(24).toMillis(), clock);
    private LedgerDatabase database;
    private Ledger ledger;
    private ClaimLeases leases;
    private Exchange exchange;
    private Claim claim;

    @BeforeEach
    void claimOneRequest() {
        database = ScratchLedger.open("lease");
        ledger = new Ledger(
                database, mapper, new EventFactory(mapper, clock), SecretBox.open(KEY, null), clock, "node-1", LEASE);
        leases = new ClaimLeases(ledger, LEASE, clock);
        InputReader intakes = new InputReader(SeedRequests.reader(), 1 << 20);
        claim = ledger.accept(List.of(intakes.fromText("r-1", SeedRequests.SEED_BODY, RequestSource.EMBEDDED, "test")))
                .get(0)
                .claim();
        exchange = new DefaultExchange(new DefaultCamelContext());
        assertThat(new ClaimedRequests(ledger, new ClaimBudget(1)).load(claim, exchange))
                .isNotNull();
    }

    /** What the create route does right before the POST: keep the claim, then take a slot of the cap. */
    private void takeSlotForPost() {
        leases.keep(attempt());
        cap.takeSlot(attempt());
    }

    private SubmitAttempt attempt() {
        return exchange.getProperty(BridgeConstants.ATTEMPT, SubmitAttempt.class);
    }

    @AfterEach
    void closeLedger() {
        database.close();
    }

    @Test
    void aPostAfterMoreThanHalfTheLeaseIsOnARenewedLeaseSoTheSweepDoesNotHandTheRequestOutAgain() {
        // half the lease goes by, on both clocks (a search, a slow token fetch)
        await().atMost(Duration.ofSeconds(5)).until(() -> database.now() > claim.leaseUntil() - LEASE / 2);
        clock.advance(Duration.ofMillis(LEASE / 2 + 100));

        long before = database.now();
        takeSlotForPost();

        long renewed = attempt().renewedUntil();
        assertThat(renewed).as("on the database's clock").isBetween(before + LEASE, database.now() + LEASE);
        // past the first lease's end on the database's clock, while the POST would still be running
        await().atMost(Duration.ofSeconds(5)).until(() -> database.now() > claim.leaseUntil());
        assertThat(ledger.dueForSubmit(10)).as("the claim still holds").isEmpty();
        assertThat(cap.used()).isEqualTo(1);
    }

    @Test
    void aPostEarlyInTheLeaseCostsNoLedgerWrite() {
        clock.advance(Duration.ofMillis(LEASE / 4));

        takeSlotForPost();

        assertThat(attempt().renewedUntil()).as("not renewed").isNull();
        assertThat(cap.used()).isEqualTo(1);
    }

    @Test
    void aClaimHandedOutAgainMeanwhileDoesNotPostAndTakesNoSlotOfTheCap() {
        assertThat(await().atMost(Duration.ofSeconds(5)).until(() -> ledger.dueForSubmit(10), due -> !due.isEmpty()))
                .as("handed out again once the lease ran out on the database's clock")
                .hasSize(1);
        clock.advance(Duration.ofMillis(LEASE + 1));

        assertThatThrownBy(() -> takeSlotForPost()).isInstanceOf(ClaimLostException.class);

        assertThat(cap.used()).isZero();
    }
}
