package io.omsbridge.ledger;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.omsbridge.MutableClock;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * Proves per database that of several bridges on one ledger exactly one holds a duty, and another takes it over; the
 * lease is judged on the database's clock, so bridges whose clocks disagree (each has a test clock of its own here)
 * neither take a duty early nor hand it back and forth.
 */
abstract class DutyLeaseContract extends DatabaseContract {

    private static final long LEASE = 1_000;
    private static final Instant START = Instant.parse("2026-11-25T10:00:00Z");

    private final Map<String, MutableClock> clocks = new HashMap<>();

    DutyLeaseContract(Kind kind) {
        super(kind);
    }

    @BeforeEach
    void noDuties() {
        execute("delete from bridge_duty");
        clocks.clear();
    }

    /** A bridge whose own clock starts {@code offset} away from the others'. */
    private DutyLease node(String id, Duration offset) {
        clocks.put(id, new MutableClock(START.plus(offset)));
        return new DutyLease(database, id, LEASE, clocks.get(id));
    }

    private DutyLease node(String id) {
        return node(id, Duration.ZERO);
    }

    /** Moves one bridge's own clock on (the database's is real time). */
    private void advance(String id, Duration by) {
        clocks.get(id).advance(by);
    }

    /** The lease's end as the ledger holds it, on the database's clock; null for a duty never taken. */
    private Long until(String duty) throws SQLException {
        try (Connection c = database.dataSource().getConnection();
                PreparedStatement ps = c.prepareStatement("select until from bridge_duty where duty = ?")) {
            ps.setString(1, duty);
            try (ResultSet rs = ps.executeQuery()) {
                return rs.next() ? rs.getLong(1) : null;
            }
        }
    }

    @Test
    void theFirstBridgeToAskTakesAFreeDutyAndTheOtherIsTurnedAway() throws Exception {
        DutyLease a = node("node-a");
        DutyLease b = node("node-b");

        long before = database.now();
        assertThat(a.holds("publish")).isTrue();
        long after = database.now();
        assertThat(b.holds("publish")).isFalse();
        assertThat(a.holds("publish")).isTrue();
        assertThat(until("publish")).as("on the database's clock").isBetween(before + LEASE, after + LEASE);
    }

    @Test
    void anotherBridgeTakesTheDutyOverOnceTheHoldersLeaseHasRunOutOnTheDatabasesClock() throws Exception {
        DutyLease a = node("node-a");
        DutyLease b = node("node-b");
        assertThat(a.holds("publish")).isTrue();
        assertThat(b.holds("publish")).isFalse();
        long end = until("publish");

        // node-a stops renewing (it died); node-b asks again whenever its own clock says half a lease has gone
        assertThat(await().atMost(Duration.ofSeconds(10))
                        .until(
                                () -> {
                                    advance("node-b", Duration.ofMillis(LEASE / 2));
                                    return b.holds("publish");
                                },
                                held -> held))
                .isTrue();
        assertThat(database.now()).as("not before the lease ran out").isGreaterThanOrEqualTo(end);
        advance("node-a", Duration.ofMillis(LEASE));
        assertThat(a.holds("publish")).isFalse();
    }

    @Test
    void bridgesWhoseClocksAreThirtySecondsApartNeitherTakeADutyEarlyNorHandItBackAndForth() {
        DutyLease behind = node("node-behind");
        DutyLease ahead = node("node-ahead", Duration.ofSeconds(30));
        assertThat(behind.holds("poll")).isTrue();

        for (int round = 0; round < 20; round++) {
            advance("node-behind", Duration.ofMillis(LEASE / 4));
            advance("node-ahead", Duration.ofMillis(LEASE / 4));
            assertThat(ahead.holds("poll"))
                    .as("round %d: the bridge ahead stands by", round)
                    .isFalse();
            assertThat(behind.holds("poll"))
                    .as("round %d: the holder keeps its duty", round)
                    .isTrue();
        }
    }

    @Test
    void theHolderRenewsOnlyOnceLessThanHalfTheLeaseIsLeftAndSoKeepsTheDuty() throws Exception {
        DutyLease a = node("node-a");
        DutyLease b = node("node-b");
        assertThat(a.holds("poll")).isTrue();
        long first = until("poll");
        await().atMost(Duration.ofSeconds(5)).until(() -> database.now() > first - LEASE);

        advance("node-a", Duration.ofMillis(LEASE / 4));
        assertThat(a.holds("poll")).isTrue();
        assertThat(until("poll")).as("not renewed while more than half is left").isEqualTo(first);

        advance("node-a", Duration.ofMillis(LEASE / 2));
        assertThat(a.holds("poll")).isTrue();
        assertThat(until("poll")).as("renewed").isGreaterThan(first);

        advance("node-b", Duration.ofMillis(LEASE));
        assertThat(b.holds("poll")).isFalse();
    }

    @Test
    void aBridgeRestartedWithTheSameNodeIdKeepsItsDuty() {
        assertThat(node("node-a").holds("publish")).isTrue();

        assertThat(node("node-a").holds("publish")).isTrue();
        assertThat(node("node-b").holds("publish")).isFalse();
    }

    @Test
    void aBridgeThatStopsHandsItsDutyBackSoAnotherTakesItWithinHalfALease() {
        DutyLease a = node("node-a");
        DutyLease b = node("node-b");
        assertThat(a.holds("publish")).isTrue();
        assertThat(b.holds("publish")).isFalse();

        a.close();
        advance("node-b", Duration.ofMillis(LEASE / 2));

        assertThat(b.holds("publish")).isTrue();
    }

    @Test
    void eachDutyHasItsOwnHolder() {
        DutyLease a = node("node-a");
        DutyLease b = node("node-b");

        assertThat(b.holds("poll")).isTrue();
        assertThat(a.holds("publish")).isTrue();
        assertThat(a.holds("poll")).isFalse();
        assertThat(b.holds("publish")).isFalse();
    }

    @Test
    void bridgesRacingForAFreeDutyNeverBothGetItAndNoneFails() throws Exception {
        int nodes = 4;
        for (int round = 0; round < 10; round++) {
            String duty = "race-" + round;
            List<Callable<Boolean>> asks = new ArrayList<>();
            for (int i = 0; i < nodes; i++) {
                DutyLease lease = node("node-" + i);
                asks.add(() -> lease.holds(duty));
            }
            int holders = 0;
            for (boolean holds : atOnce(asks)) {
                holders += holds ? 1 : 0;
            }
            assertThat(holders).as("holders of %s", duty).isEqualTo(1);
        }
    }
}
