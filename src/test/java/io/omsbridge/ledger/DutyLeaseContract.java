package io.omsbridge.ledger;

import static org.assertj.core.api.Assertions.assertThat;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;

import io.omsbridge.MutableClock;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** Proves per database that of several bridges on one ledger exactly one holds a duty, and another takes it over. */
abstract class DutyLeaseContract extends DatabaseContract {

    private static final long LEASE = 30_000;

    private MutableClock clock;

    DutyLeaseContract(Kind kind) {
        super(kind);
    }

    @BeforeEach
    void noDuties() {
        execute("delete from bridge_duty");
        clock = new MutableClock(Instant.parse("2026-11-25T10:00:00Z"));
    }

    private DutyLease node(String id) {
        return new DutyLease(database, id, LEASE, clock);
    }

    /** The lease as the ledger holds it: holder and until. */
    private String row(String duty) throws SQLException {
        try (Connection c = database.dataSource().getConnection();
                PreparedStatement ps = c.prepareStatement("select holder, until from bridge_duty where duty = ?")) {
            ps.setString(1, duty);
            try (ResultSet rs = ps.executeQuery()) {
                return rs.next() ? rs.getString(1) + "@" + rs.getLong(2) : null;
            }
        }
    }

    private long at(Duration fromStart) {
        return Instant.parse("2026-11-25T10:00:00Z").plus(fromStart).toEpochMilli();
    }

    @Test
    void theFirstBridgeToAskTakesAFreeDutyAndTheOtherIsTurnedAway() throws Exception {
        DutyLease a = node("node-a");
        DutyLease b = node("node-b");

        assertThat(a.holds("publish")).isTrue();
        assertThat(b.holds("publish")).isFalse();
        assertThat(a.holds("publish")).isTrue();
        assertThat(row("publish")).isEqualTo("node-a@" + at(Duration.ofMillis(LEASE)));
    }

    @Test
    void anotherBridgeTakesTheDutyOverOnceTheHoldersLeaseHasRunOut() {
        DutyLease a = node("node-a");
        DutyLease b = node("node-b");
        assertThat(a.holds("publish")).isTrue();
        assertThat(b.holds("publish")).isFalse();

        // node-a stops renewing (it died); half a lease later node-b still stands by
        clock.advance(Duration.ofMillis(LEASE / 2));
        assertThat(b.holds("publish")).isFalse();
        clock.advance(Duration.ofMillis(LEASE / 2));

        assertThat(b.holds("publish")).isTrue();
        assertThat(a.holds("publish")).isFalse();
    }

    @Test
    void theHolderRenewsOnlyOnceLessThanHalfTheLeaseIsLeftAndSoKeepsTheDuty() throws Exception {
        DutyLease a = node("node-a");
        DutyLease b = node("node-b");
        assertThat(a.holds("poll")).isTrue();

        clock.advance(Duration.ofMillis(LEASE / 4));
        assertThat(a.holds("poll")).isTrue();
        assertThat(row("poll")).as("not renewed while more than half is left")
                .isEqualTo("node-a@" + at(Duration.ofMillis(LEASE)));

        clock.advance(Duration.ofMillis(LEASE / 2));
        assertThat(a.holds("poll")).isTrue();
        assertThat(row("poll")).isEqualTo("node-a@" + at(Duration.ofMillis(LEASE / 4 + LEASE / 2 + LEASE)));

        // past the first lease's end: node-b still finds it held
        clock.advance(Duration.ofMillis(LEASE / 2));
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
        clock.advance(Duration.ofMillis(LEASE / 2));

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
