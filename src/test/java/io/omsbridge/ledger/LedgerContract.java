package io.omsbridge.ledger;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.omsbridge.MutableClock;
import io.omsbridge.event.EventFactory;
import io.omsbridge.model.AcceptOutcome;
import io.omsbridge.model.Claim;
import io.omsbridge.model.LedgerState;
import io.omsbridge.model.ReceivedRequest;
import io.omsbridge.model.RequestSource;
import io.omsbridge.request.InputReader;
import io.omsbridge.request.RequestReader;
import io.omsbridge.request.SeedRequests;
import java.nio.charset.StandardCharsets;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Base64;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.Callable;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** Proves the ledger's contract per database: states, duplicates, one event per rejection, claims, sealed secrets. */
abstract class LedgerContract extends DatabaseContract {

    private static final long LEASE = 5_000;

    private static final String KEY =
            Base64.getEncoder().encodeToString("0123456789abcdef0123456789abcdef".getBytes(StandardCharsets.US_ASCII));
    private static final List<String> SECRETS =
            List.of(SeedRequests.SOURCE_SK, SeedRequests.DESTINATION_SK, "source_ak", "destination_ak");

    private final ObjectMapper mapper = new ObjectMapper();
    private final InputReader intakes = new InputReader(SeedRequests.reader(), 1 << 20);
    private MutableClock clock;
    private Ledger ledger;

    LedgerContract(Kind kind) {
        super(kind);
    }

    @BeforeEach
    void emptyLedger() {
        execute("delete from bridge_event_delivery", "delete from bridge_event", "delete from bridge_request");
        clock = new MutableClock(Instant.parse("2026-11-25T10:00:00Z"));
        ledger = ledgerOf("node-1");
    }

    private Ledger ledgerOf(String nodeId) {
        return ledgerOf(nodeId, LEASE);
    }

    private Ledger ledgerOf(String nodeId, long leaseMillis) {
        return new Ledger(
                database,
                mapper,
                new EventFactory(mapper, clock),
                SecretBox.open(KEY, null),
                clock,
                nodeId,
                leaseMillis);
    }

    // --- helpers ---------------------------------------------------------------------------------------------

    /** The seed's body (inline AK/SK) as request {@code id}. */
    private ReceivedRequest valid(String id) {
        ReceivedRequest in = intakes.fromText(id, SeedRequests.SEED_BODY, RequestSource.EMBEDDED, "test");
        assertThat(in.valid()).as("valid seed intake").isTrue();
        return in;
    }

    /** The seed's body with thread_num 99 (still carrying the inline AK/SK) as request {@code id}. */
    private ReceivedRequest rejected(String id, int threadNum) {
        ReceivedRequest in = intakes.fromText(
                id,
                SeedRequests.json(SeedRequests.seed().put("thread_num", threadNum)),
                RequestSource.EMBEDDED,
                "test");
        assertThat(in.valid()).as("rejected intake").isFalse();
        return in;
    }

    private AcceptOutcome accept(ReceivedRequest in) {
        List<AcceptOutcome> outcomes = ledger.accept(List.of(in));
        assertThat(outcomes).hasSize(1);
        return outcomes.get(0);
    }

    private LedgerRecord record(String id) {
        return ledger.find(id).orElseThrow(() -> new AssertionError("no ledger row for " + id));
    }

    private record EventRow(String eventId, String requestId, String type, JsonNode payload, String raw) {}

    private List<EventRow> events(String requestId) throws Exception {
        List<EventRow> rows = new ArrayList<>();
        try (Connection c = database.dataSource().getConnection();
                PreparedStatement ps = c.prepareStatement("select event_id, request_id, type, payload from bridge_event"
                        + " where request_id = ? order by created_at, event_id")) {
            ps.setString(1, requestId);
            try (ResultSet rs = ps.executeQuery()) {
                while (rs.next()) {
                    rows.add(new EventRow(
                            rs.getString(1),
                            rs.getString(2),
                            rs.getString(3),
                            mapper.readTree(rs.getString(4)),
                            rs.getString(4)));
                }
            }
        }
        return rows;
    }

    /** Every stored text of the request's row, as plain JDBC sees it. */
    private List<String> rawColumns(String requestId) throws SQLException {
        List<String> values = new ArrayList<>();
        try (Connection c = database.dataSource().getConnection();
                PreparedStatement ps = c.prepareStatement("select * from bridge_request where request_id = ?")) {
            ps.setString(1, requestId);
            try (ResultSet rs = ps.executeQuery()) {
                while (rs.next()) {
                    for (int i = 1; i <= rs.getMetaData().getColumnCount(); i++) {
                        values.add(rs.getString(i));
                    }
                }
            }
        }
        return values;
    }

    private String secretsColumn(String requestId) throws SQLException {
        try (Connection c = database.dataSource().getConnection();
                PreparedStatement ps = c.prepareStatement("select secrets from bridge_request where request_id = ?")) {
            ps.setString(1, requestId);
            try (ResultSet rs = ps.executeQuery()) {
                assertThat(rs.next()).as("row for %s", requestId).isTrue();
                return rs.getString(1);
            }
        }
    }

    private long nextAttemptAt(String requestId) throws SQLException {
        try (Connection c = database.dataSource().getConnection();
                PreparedStatement ps =
                        c.prepareStatement("select next_attempt_at from bridge_request where request_id = ?")) {
            ps.setString(1, requestId);
            try (ResultSet rs = ps.executeQuery()) {
                assertThat(rs.next()).isTrue();
                return rs.getLong(1);
            }
        }
    }

    private static void assertNoSecretIn(String text) {
        assertThat(text).as("stored text").doesNotContain(SECRETS);
    }

    // --- accept ----------------------------------------------------------------------------------------------

    @Test
    void acceptingAValidRequestRecordsItAndClaimsItForItsFirstSubmission() {
        AcceptOutcome outcome = accept(valid("r-1"));

        assertThat(outcome.kind()).isEqualTo(AcceptOutcome.Kind.ACCEPTED);
        assertThat(outcome.problems()).isEmpty();
        long ledgerNow = database.now();
        assertThat(outcome.claim()).satisfies(claim -> {
            assertThat(claim.requestId()).isEqualTo("r-1");
            assertThat(claim.attempt()).isEqualTo(1);
            assertThat(claim.reconcile()).isFalse();
            // on the database's clock: the lease from the accept on, and a task of it would be newer than that
            assertThat(claim.leaseUntil() - LEASE).isBetween(ledgerNow - 5_000, ledgerNow);
            assertThat(claim.searchFrom()).isEqualTo(claim.leaseUntil() - LEASE);
            assertThat(claim.leasedAt()).as("this node's clock").isEqualTo(clock.millis());
        });
        LedgerRecord r = record("r-1");
        assertThat(r.state()).isEqualTo(LedgerState.SUBMITTING);
        assertThat(r.projectId()).isEqualTo(SeedRequests.PROJECT_ID);
        assertThat(r.attempts()).isEqualTo(1);
        assertThat(r.taskId()).isNull();
        assertThat(r.createdAt()).isEqualTo(clock.millis());
        assertThat(r.body()).contains("source_bucket");
        assertNoSecretIn(r.body());
        assertThat(ledger.countByState()).containsEntry(LedgerState.SUBMITTING, 1L);
    }

    @Test
    void acceptingTheSameIdAgainIsADuplicateNamingTheState() {
        accept(valid("r-1"));

        AcceptOutcome again = accept(valid("r-1"));

        assertThat(again.kind()).isEqualTo(AcceptOutcome.Kind.DUPLICATE);
        assertThat(again.existingState()).isEqualTo(LedgerState.SUBMITTING);
        assertThat(again.claim()).as("a duplicate is not submitted").isNull();
        assertThat(again.problems()).singleElement().satisfies(p -> {
            assertThat(p.field()).isEqualTo("request_id");
            assertThat(p.message()).contains("duplicate").contains("r-1").contains("state SUBMITTING");
        });
        assertThat(ledger.countByState()).containsExactly(Map.entry(LedgerState.SUBMITTING, 1L));
    }

    @Test
    void aDuplicateOfASubmittedRequestNamesItsOmsTask() {
        Claim claim = accept(valid("r-1")).claim();
        ledger.recordCreated(claim, 180890111968184L, "task_name");

        AcceptOutcome again = accept(valid("r-1"));

        assertThat(again.kind()).isEqualTo(AcceptOutcome.Kind.DUPLICATE);
        assertThat(again.existingState()).isEqualTo(LedgerState.SUBMITTED);
        assertThat(again.existingTaskId()).isEqualTo(180890111968184L);
        assertThat(again.problems())
                .singleElement()
                .satisfies(p -> assertThat(p.message())
                        .contains("OMS task 180890111968184")
                        .contains("state SUBMITTED"));
    }

    @Test
    void aRepeatedIdInsideOneBatchIsADuplicateOfTheFirst() {
        List<AcceptOutcome> outcomes = ledger.accept(List.of(valid("r-1"), valid("r-2"), valid("r-1")));

        assertThat(outcomes)
                .extracting(AcceptOutcome::kind)
                .containsExactly(
                        AcceptOutcome.Kind.ACCEPTED, AcceptOutcome.Kind.ACCEPTED, AcceptOutcome.Kind.DUPLICATE);
        assertThat(ledger.countByState()).containsExactly(Map.entry(LedgerState.SUBMITTING, 2L));
    }

    @Test
    void concurrentAcceptsOfOneIdRecordItOnce() throws Exception {
        int callers = 4;
        for (int round = 0; round < 5; round++) {
            String id = "twin-" + round;
            List<Callable<AcceptOutcome.Kind>> accepts = new ArrayList<>();
            for (int i = 0; i < callers; i++) {
                accepts.add(() -> {
                    try {
                        return ledger.accept(List.of(valid(id))).get(0).kind();
                    } catch (LedgerException e) {
                        return null; // the loser of the insert race: transient, its caller retries
                    }
                });
            }
            List<AcceptOutcome.Kind> kinds = atOnce(accepts);
            assertThat(kinds).as("outcomes in round %d", round).containsOnlyOnce(AcceptOutcome.Kind.ACCEPTED);
            assertThat(accept(valid(id)).kind()).isEqualTo(AcceptOutcome.Kind.DUPLICATE);
        }
        assertThat(ledger.countByState()).containsExactly(Map.entry(LedgerState.SUBMITTING, 5L));
    }

    // --- rejected input --------------------------------------------------------------------------------------

    @Test
    void aRejectedIntakeIsRecordedAsRejectedWithOneRejectedEventWithoutSecrets() throws Exception {
        AcceptOutcome outcome = accept(rejected("bad-1", 99));

        assertThat(outcome.kind()).isEqualTo(AcceptOutcome.Kind.REJECTED);
        assertThat(outcome.problems()).extracting(p -> p.field()).contains("thread_num");
        LedgerRecord r = record("bad-1");
        assertThat(r.state()).isEqualTo(LedgerState.REJECTED);
        assertThat(r.lastError()).contains("thread_num");
        assertThat(r.completedAt()).isNotNull();
        assertThat(rawColumns("bad-1")).filteredOn(v -> v != null).allSatisfy(LedgerContract::assertNoSecretIn);

        List<EventRow> events = events("bad-1");
        assertThat(events).singleElement().satisfies(e -> {
            assertThat(e.type()).isEqualTo("oms.request.rejected");
            assertThat(e.payload().path("type").asText()).isEqualTo("oms.request.rejected");
            assertThat(e.payload().path("subject").asText()).isEqualTo("bad-1");
            assertThat(e.payload().path("id").asText()).isEqualTo(e.eventId());
            assertThat(e.payload().path("data").path("state").asText()).isEqualTo("REJECTED");
            assertThat(e.payload().path("data").path("problems").findValuesAsText("field"))
                    .contains("thread_num");
            assertNoSecretIn(e.raw());
        });
    }

    @Test
    void anUnparseableRequestLeaksNoSecretIntoTheLedgerNorItsEvent() throws Exception {
        String unquoted = "wJalrXUtnFEMIK7MDENG";
        String text = SeedRequests.SEED_BODY.replace("\"sk\": \"source_sk\"", "\"sk\": " + unquoted);
        ReceivedRequest in = intakes.fromText("bad-json", text, RequestSource.EMBEDDED, "test");

        accept(in);

        assertThat(record("bad-json").state()).isEqualTo(LedgerState.REJECTED);
        assertThat(rawColumns("bad-json"))
                .filteredOn(v -> v != null)
                .allSatisfy(v -> assertThat(v)
                        .as("BUG RequestReader.read: the parse error repeats the unquoted value into bridge_request")
                        .doesNotContain(unquoted));
        assertThat(events("bad-json"))
                .singleElement()
                .satisfies(e -> assertThat(e.raw())
                        .as(
                                "BUG RequestReader.read: the parse error repeats the unquoted value into the rejected event")
                        .doesNotContain(unquoted));
    }

    @Test
    void theSameRejectedInputAgainAddsNoSecondEvent() throws Exception {
        accept(rejected("bad-1", 99));

        AcceptOutcome again = accept(rejected("bad-1", 99));

        assertThat(again.kind()).isEqualTo(AcceptOutcome.Kind.REJECTED);
        assertThat(events("bad-1")).hasSize(1);
        assertThat(record("bad-1").attempts()).isZero();
    }

    @Test
    void aRejectedRequestKeepsItsFingerprintInAColumnOfItsOwnAndNoBody() throws Exception {
        ReceivedRequest bad = rejected("bad-1", 99);

        accept(bad);

        try (Connection c = database.dataSource().getConnection();
                PreparedStatement ps =
                        c.prepareStatement("select body, fingerprint from bridge_request where" + " request_id = ?")) {
            ps.setString(1, "bad-1");
            try (ResultSet rs = ps.executeQuery()) {
                assertThat(rs.next()).isTrue();
                assertThat(rs.getString(1)).isEmpty();
                assertThat(rs.getString(2)).isEqualTo(bad.fingerprint()).startsWith("sha256:");
            }
        }
    }

    @Test
    void aDifferentBadInputUnderTheSameIdGetsItsOwnEvent() throws Exception {
        accept(rejected("bad-1", 99));

        accept(rejected("bad-1", 98));

        assertThat(events("bad-1")).hasSize(2).extracting(EventRow::eventId).doesNotHaveDuplicates();
        assertThat(events("bad-1")).allSatisfy(e -> assertThat(e.type()).isEqualTo("oms.request.rejected"));
    }

    @Test
    void aValidRequestReplacesAnEarlierRejectionOfTheSameId() {
        accept(rejected("r-1", 99));

        AcceptOutcome fixed = accept(valid("r-1"));

        assertThat(fixed.kind()).isEqualTo(AcceptOutcome.Kind.ACCEPTED);
        assertThat(record("r-1").state()).isEqualTo(LedgerState.SUBMITTING);
    }

    @Test
    void aBadCopyOfAnAcceptedIdIsReportedButChangesNothing() throws Exception {
        accept(valid("r-1"));

        AcceptOutcome bad = accept(rejected("r-1", 99));

        assertThat(bad.kind()).isEqualTo(AcceptOutcome.Kind.REJECTED);
        assertThat(bad.existingState()).isEqualTo(LedgerState.SUBMITTING);
        assertThat(bad.problems()).extracting(p -> p.field()).contains("thread_num", "request_id");
        assertThat(record("r-1").state()).isEqualTo(LedgerState.SUBMITTING);
        assertThat(events("r-1")).isEmpty();
    }

    // --- claim and submission outcomes -----------------------------------------------------------------------

    /** A claim on {@code attempt} of request {@code id}, as if handed out (only id and attempt identify it). */
    private static Claim claim(String id, int attempt) {
        return new Claim(id, attempt, false, 0, 0, 0, 0);
    }

    /** A request the submit route gave up on for now: back in RECEIVED, due after {@code delay}. */
    private Claim parked(String id, long delay, boolean reconcile) {
        Claim claim = accept(valid(id)).claim();
        ledger.park(claim, "OMS answered 503", delay, reconcile);
        return claim;
    }

    @Test
    void anAcceptedRequestIsNotHandedOutAgainWhileItsClaimHolds() {
        accept(valid("r-1"));

        assertThat(ledger.dueForSubmit(10)).isEmpty();
        assertThat(ledgerOf("node-2").dueForSubmit(10)).isEmpty();
        assertThat(ledger.claimed(claim("r-1", 1))).hasValueSatisfying(r -> {
            assertThat(r.state()).isEqualTo(LedgerState.SUBMITTING);
            assertThat(r.attempts()).isEqualTo(1);
        });
    }

    @Test
    void concurrentSweepsOfSeveralNodesHandEachDueRequestToExactlyOneOfThem() throws Exception {
        int nodes = 4;
        for (int i = 0; i < 20; i++) {
            parked("race-" + i, 0, false);
        }
        CountDownLatch start = new CountDownLatch(1);
        ExecutorService pool = Executors.newFixedThreadPool(nodes);
        try {
            List<Future<List<Claim>>> sweeps = new ArrayList<>();
            for (int i = 0; i < nodes; i++) {
                Ledger node = ledgerOf("node-" + i);
                Callable<List<Claim>> sweep = () -> {
                    start.await();
                    return node.dueForSubmit(100);
                };
                sweeps.add(pool.submit(sweep));
            }
            start.countDown();
            List<String> claimed = new ArrayList<>();
            for (Future<List<Claim>> sweep : sweeps) {
                sweep.get(30, TimeUnit.SECONDS).forEach(c -> claimed.add(c.requestId()));
            }
            assertThat(claimed).hasSize(20).doesNotHaveDuplicates();
            assertThat(ledger.countByState()).containsExactly(Map.entry(LedgerState.SUBMITTING, 20L));
        } finally {
            pool.shutdownNow();
        }
    }

    @Test
    void recordCreatedMakesItSubmittedAndDropsTheSealedSecrets() throws Exception {
        Claim claim = accept(valid("r-1")).claim();
        assertThat(secretsColumn("r-1")).isNotNull();

        assertThat(ledger.recordCreated(claim, 42L, "task-42")).isTrue();

        LedgerRecord r = record("r-1");
        assertThat(r.state()).isEqualTo(LedgerState.SUBMITTED);
        assertThat(r.taskId()).isEqualTo(42L);
        assertThat(r.taskName()).isEqualTo("task-42");
        assertThat(r.submittedAt()).isEqualTo(clock.millis());
        assertThat(r.sealedSecrets()).isNull();
        assertThat(secretsColumn("r-1")).isNull();
        assertThat(ledger.createdSince(clock.millis() - 1, 10)).containsExactly(clock.millis());
    }

    @Test
    void eachNodesCreatesCapIsSeededWithTheCreatesOfThatNodeOnly() {
        Ledger other = ledgerOf("node-2");
        ledger.recordCreated(accept(valid("r-1")).claim(), 41L, "task-41");
        clock.advance(Duration.ofSeconds(1));
        other.recordCreated(other.accept(List.of(valid("r-2"))).get(0).claim(), 42L, "task-42");

        assertThat(ledger.createdSince(clock.millis() - 60_000, 10)).containsExactly(clock.millis() - 1_000);
        assertThat(other.createdSince(clock.millis() - 60_000, 10)).containsExactly(clock.millis());
    }

    @Test
    void aClaimWhoseLeaseRanOutOnTheDatabasesClockIsTakenOverAndItsOutcomesChangeNothing() {
        Ledger shortLeases = ledgerOf("node-1", 300);
        Claim first = shortLeases.accept(List.of(valid("r-1"))).get(0).claim();
        // this node's clock says an hour has gone: the lease is judged on the database's, which has not moved so far
        clock.advance(Duration.ofHours(1));
        assertThat(shortLeases.dueForSubmit(10)).isEmpty();

        List<Claim> takenOver =
                await().atMost(Duration.ofSeconds(10)).until(() -> shortLeases.dueForSubmit(10), due -> !due.isEmpty());

        assertThat(takenOver).singleElement().satisfies(c -> {
            assertThat(c.attempt()).isEqualTo(2);
            assertThat(c.reconcile())
                    .as("the first claim may have posted: search before posting")
                    .isTrue();
            assertThat(c.searchFrom()).as("back to the first claim's lease").isEqualTo(first.searchFrom());
        });
        assertThat(shortLeases.renewLease(first)).isEmpty();
        assertThat(shortLeases.recordCreated(first, 42L, "task-42")).isFalse();
        shortLeases.park(first, "late", 1_000, false);
        shortLeases.submitFailed(first, "OMS.0008", "late");

        assertThat(record("r-1").state()).isEqualTo(LedgerState.SUBMITTING);
        assertThat(record("r-1").taskId()).isNull();
        long before = database.now();
        long renewedUntil = shortLeases.renewLease(takenOver.get(0)).orElseThrow();
        assertThat(renewedUntil).isBetween(before + 300, database.now() + 300);
    }

    @Test
    void aNodeWhoseClockRunsAheadDoesNotTakeOverALeaseThatHasNotRunOut() {
        accept(valid("r-1"));
        MutableClock ahead = new MutableClock(clock.instant().plus(Duration.ofMinutes(10)));
        Ledger other = new Ledger(
                database, mapper, new EventFactory(mapper, ahead), SecretBox.open(KEY, null), ahead, "node-2", LEASE);

        assertThat(other.dueForSubmit(10)).isEmpty();
        assertThat(record("r-1").attempts()).isEqualTo(1);
    }

    @Test
    void createsRecordedTogetherApplyEachUnderItsOwnClaimAndNameTheOnesWhoseClaimWasLost() {
        Claim one = accept(valid("r-1")).claim();
        Claim two = accept(valid("r-2")).claim();
        Claim stale = claim("r-3", 5);
        accept(valid("r-3"));

        List<Ledger.Created> lost = ledger.recordCreated(List.of(
                new Ledger.Created(one, 1L, "t-1", clock.millis()),
                new Ledger.Created(stale, 3L, "t-3", clock.millis()),
                new Ledger.Created(two, 2L, "t-2", clock.millis())));

        assertThat(lost).extracting(c -> c.claim().requestId()).containsExactly("r-3");
        assertThat(record("r-1").taskId()).isEqualTo(1L);
        assertThat(record("r-2").state()).isEqualTo(LedgerState.SUBMITTED);
        assertThat(record("r-3").state()).isEqualTo(LedgerState.SUBMITTING);
    }

    @Test
    void recordCreatedUnderAClaimThatWasNeverHandedOutChangesNothing() {
        accept(valid("r-1"));

        assertThat(ledger.recordCreated(claim("r-1", 7), 42L, "task-42")).isFalse();

        assertThat(record("r-1").state()).isEqualTo(LedgerState.SUBMITTING);
        assertThat(record("r-1").taskId()).isNull();
    }

    @Test
    void aParkedRequestIsNotDueUntilItsNextAttemptOnTheDatabasesClock() throws Exception {
        long before = database.now();
        parked("r-1", 500, false);
        long after = database.now();

        LedgerRecord r = record("r-1");
        assertThat(r.state()).isEqualTo(LedgerState.RECEIVED);
        assertThat(r.lastError()).isEqualTo("OMS answered 503");
        assertThat(nextAttemptAt("r-1")).isBetween(before + 500, after + 500);
        // however far this node's clock moves, the database's decides
        clock.advance(Duration.ofHours(1));
        assertThat(ledger.dueForSubmit(10)).isEmpty();
        List<Claim> due = await().atMost(Duration.ofSeconds(10))
                .until(() -> ledger.dueForSubmit(10), claims -> !claims.isEmpty());
        assertThat(due).singleElement().satisfies(c -> {
            assertThat(c.requestId()).isEqualTo("r-1");
            assertThat(c.attempt()).isEqualTo(2);
            assertThat(c.reconcile()).isFalse();
        });
        assertThat(ledger.dueForSubmit(10)).as("claimed: not handed out twice").isEmpty();
    }

    @Test
    void aParkThatMayHaveLeftATaskMakesEveryLaterClaimSearchUntilTheTaskIsRecorded() {
        parked("r-1", 0, true);
        Claim second = ledger.dueForSubmit(10).get(0);
        // a later failure that certainly made nothing (a quota) does not clear the doubt of the earlier one
        ledger.park(second, "OMS.0075 quota", 0, false);
        Claim third = ledger.dueForSubmit(10).get(0);

        assertThat(second.reconcile()).isTrue();
        assertThat(third.reconcile()).isTrue();
        ledger.recordCreated(third, 42L, "task-42");
        assertThat(record("r-1").state()).isEqualTo(LedgerState.SUBMITTED);
    }

    @Test
    void aRequestWhoseSearchCannotBeCompletedIsHeldNeverPostedAndGivenUpAfterTheHoldTime() throws Exception {
        Claim first = parked("r-1", 0, true);
        Claim second = ledger.dueForSubmit(10).get(0);

        assertThat(ledger.hold(second, "OMS answered 403 to the list", 0, 60_000))
                .hasValueSatisfying(hold -> assertThat(hold.givenUp()).isFalse());
        LedgerRecord held = record("r-1");
        assertThat(held.state()).isEqualTo(LedgerState.RECEIVED);
        assertThat(held.lastError()).isEqualTo("held: OMS answered 403 to the list");
        assertThat(held.heldSince()).isNotNull();
        Claim third = ledger.dueForSubmit(10).get(0);
        assertThat(third.reconcile()).as("the next attempt searches again").isTrue();
        assertThat(third.searchFrom())
                .as("back to the attempt that may have posted")
                .isEqualTo(first.searchFrom());
        assertThat(ledger.hold(third, "again", 0, 60_000))
                .hasValueSatisfying(hold -> assertThat(hold.heldSince())
                        .as("held since the first hold")
                        .isEqualTo(held.heldSince()));
        assertThat(ledger.hold(first, "a stale claim", 0, 0))
                .as("not current: nothing changes")
                .isEmpty();

        Claim fourth = ledger.dueForSubmit(10).get(0);
        assertThat(ledger.hold(fourth, "still refused", 0, 0))
                .hasValueSatisfying(hold -> assertThat(hold.givenUp()).isTrue());
        assertThat(record("r-1").state()).isEqualTo(LedgerState.SUBMIT_FAILED);
        assertThat(record("r-1").heldSince()).isNull();
        assertThat(events("r-1")).singleElement().satisfies(e -> {
            assertThat(e.type()).isEqualTo("oms.request.submit-failed");
            assertThat(e.payload().path("data").path("error").path("code").asText())
                    .isEqualTo(Ledger.SEARCH_INCOMPLETE);
            assertThat(e.payload().path("data").path("error").path("message").asText())
                    .contains("still refused")
                    .contains("[oms-bridge:r-1");
        });
    }

    @Test
    void aSearchThatCompletesEndsTheHold() {
        parked("r-1", 0, true);
        ledger.hold(ledger.dueForSubmit(10).get(0), "OMS answered 503 to the list", 0, 60_000);

        ledger.recordCreated(ledger.dueForSubmit(10).get(0), 42L, "task-42");

        assertThat(record("r-1").heldSince()).isNull();
        assertThat(record("r-1").state()).isEqualTo(LedgerState.SUBMITTED);
    }

    @Test
    void theStateCountsTheTriggersKeepAgreeWithAFullCountAfterEveryKindOfChange() throws Exception {
        accept(valid("c-1"));
        Claim parked = parked("c-2", 0, false);
        ledger.recordCreated(accept(valid("c-3")).claim(), 3L, "t-3");
        ledger.submitFailed(accept(valid("c-4")).claim(), "OMS.0008", "bucket not found");
        accept(rejected("c-5", 99));
        // the same id again, valid this time: the rejected row is replaced (a delete and an insert)
        accept(valid("c-5"));
        ledger.hold(
                ledger.dueForSubmit(10).stream()
                        .filter(c -> c.requestId().equals(parked.requestId()))
                        .findFirst()
                        .orElseThrow(),
                "list refused",
                0,
                60_000);

        Map<LedgerState, Long> counted = new EnumMap<>(LedgerState.class);
        for (LedgerState state : LedgerState.values()) {
            counted.put(state, 0L);
        }
        counted.putAll(ledger.countByState());
        assertThat(new LedgerViews(database).counts()).isEqualTo(counted);
        assertThat(counted)
                .containsEntry(LedgerState.SUBMITTING, 2L)
                .containsEntry(LedgerState.RECEIVED, 1L)
                .containsEntry(LedgerState.SUBMITTED, 1L)
                .containsEntry(LedgerState.SUBMIT_FAILED, 1L)
                .containsEntry(LedgerState.REJECTED, 0L);
    }

    @Test
    void dueForSubmitHandsOutAtMostTheLimitLongestWaitingFirst() {
        for (int i = 0; i < 5; i++) {
            parked("r-" + i, 0, false);
        }

        assertThat(ledger.dueForSubmit(3)).extracting(Claim::requestId).containsExactly("r-0", "r-1", "r-2");
        assertThat(ledger.dueForSubmit(3)).extracting(Claim::requestId).containsExactly("r-3", "r-4");
    }

    @Test
    void submitFailedEndsTheRequestWithASubmitFailedEvent() throws Exception {
        Claim claim = accept(valid("r-1")).claim();

        ledger.submitFailed(claim, "OMS.0008", "bucket not found");

        LedgerRecord r = record("r-1");
        assertThat(r.state()).isEqualTo(LedgerState.SUBMIT_FAILED);
        assertThat(r.lastError()).isEqualTo("OMS.0008: bucket not found");
        assertThat(r.completedAt()).isNotNull();
        assertThat(secretsColumn("r-1")).isNull();
        assertThat(events("r-1")).singleElement().satisfies(e -> {
            assertThat(e.type()).isEqualTo("oms.request.submit-failed");
            JsonNode data = e.payload().path("data");
            assertThat(data.path("state").asText()).isEqualTo("SUBMIT_FAILED");
            assertThat(data.path("error").path("code").asText()).isEqualTo("OMS.0008");
            assertThat(data.path("project_id").asText()).isEqualTo(SeedRequests.PROJECT_ID);
            assertThat(data.path("source").path("bucket").asText()).isEqualTo("source_bucket");
            assertNoSecretIn(e.raw());
        });
    }

    @Test
    void submitFailedForARequestThatIsNotBeingSubmittedChangesNothing() throws Exception {
        Claim claim = parked("r-1", 60_000, false);

        ledger.submitFailed(claim, "OMS.0008", "bucket not found");

        assertThat(record("r-1").state()).isEqualTo(LedgerState.RECEIVED);
        assertThat(events("r-1")).isEmpty();
    }

    @Test
    void recoverOwnSubmissionsResetsOnlyThisNodesSubmittingRowsAndMakesThemSearchFirst() {
        accept(valid("mine"));
        ledgerOf("node-2").accept(List.of(valid("theirs")));
        parked("waiting", 60_000, false);

        int recovered = ledger.recoverOwnSubmissions();

        assertThat(recovered).isEqualTo(1);
        assertThat(record("mine").state()).isEqualTo(LedgerState.RECEIVED);
        assertThat(record("theirs").state()).isEqualTo(LedgerState.SUBMITTING);
        assertThat(record("waiting").state()).isEqualTo(LedgerState.RECEIVED);
        assertThat(ledger.dueForSubmit(10)).singleElement().satisfies(c -> {
            assertThat(c.requestId()).isEqualTo("mine");
            assertThat(c.reconcile()).isTrue();
        });
    }

    // --- secrets ---------------------------------------------------------------------------------------------

    @Test
    void theSecretsColumnNeverHoldsTheSkInClearYetOpensToIt() throws Exception {
        accept(valid("r-1"));

        String sealed = secretsColumn("r-1");

        assertThat(sealed).isNotBlank();
        assertNoSecretIn(sealed);
        assertThat(rawColumns("r-1")).filteredOn(v -> v != null).allSatisfy(LedgerContract::assertNoSecretIn);
        String opened = ledger.openSecrets(record("r-1"));
        JsonNode secrets = mapper.readTree(opened);
        assertThat(secrets.path("src_node").path("sk").asText()).isEqualTo(SeedRequests.SOURCE_SK);
        assertThat(secrets.path("dst_node").path("sk").asText()).isEqualTo(SeedRequests.DESTINATION_SK);
    }

    @Test
    void aV2RequestsLongestSecretsSecurityTokensAndAGoogleKeyFileAreSealedAndOpenAgain() throws Exception {
        InputReader v2 = new InputReader(
                new RequestReader(alias -> Optional.empty(), false, SeedRequests.PROJECT_ID, true), 1 << 20);
        String srcToken = "S".repeat(16_384);
        String dstToken = "D".repeat(16_384);
        String keyFile = "{\"type\": \"service_account\", \"private_key\": \"" + "k".repeat(65_000) + "\"}";
        ObjectNode body = mapper.createObjectNode().put("request_id", "v2-long");
        body.putObject("src_node")
                .put("cloud_type", "Google")
                .put("region", "us-east1")
                .put("bucket", "g")
                .put("json_auth_file", keyFile)
                .putArray("object_key")
                .add("");
        body.putObject("dst_node")
                .put("region", "cn-north-4")
                .put("bucket", "d")
                .put("ak", "DST_TEMP_AK")
                .put("sk", "DST_TEMP_SK")
                .put("security_token", dstToken);
        body.put("description", srcToken.substring(0, 10));
        ObjectNode withSrcToken = body.deepCopy();
        ((ObjectNode) withSrcToken.get("src_node"))
                .put("ak", "SRC_TEMP_AK")
                .put("sk", "SRC_TEMP_SK")
                .put("security_token", srcToken)
                .remove("json_auth_file");
        ((ObjectNode) withSrcToken.get("src_node")).put("cloud_type", "Aliyun");
        withSrcToken.put("request_id", "v2-long-2");

        accept(v2.fromText("v2-long", SeedRequests.json(body), RequestSource.EMBEDDED, "test"));
        accept(v2.fromText("v2-long-2", SeedRequests.json(withSrcToken), RequestSource.EMBEDDED, "test"));

        JsonNode google = mapper.readTree(ledger.openSecrets(record("v2-long")));
        JsonNode sts = mapper.readTree(ledger.openSecrets(record("v2-long-2")));
        assertThat(google.path("src_node").path("json_auth_file").asText()).isEqualTo(keyFile);
        assertThat(google.path("dst_node").path("security_token").asText()).isEqualTo(dstToken);
        assertThat(sts.path("src_node").path("security_token").asText()).isEqualTo(srcToken);
        assertThat(secretsColumn("v2-long")).doesNotContain("kkkkkkkk", "DDDDDDDD");
        assertThat(record("v2-long").body()).doesNotContain("kkkkkkkk", "DDDDDDDD", "DST_TEMP_AK");
    }

    @Test
    void aRequestNamingOnlyCredentialAliasesHasNoSealedSecrets() throws Exception {
        var body = SeedRequests.seed();
        for (String node : List.of("src_node", "dst_node")) {
            ObjectNode n = (ObjectNode) body.get(node);
            n.remove(List.of("ak", "sk"));
            n.put("credential", "known");
        }
        accept(intakes.fromText("alias-1", SeedRequests.json(body), RequestSource.EMBEDDED, "test"));

        assertThat(secretsColumn("alias-1")).isNull();
        assertThat(ledger.openSecrets(record("alias-1"))).isNull();
    }

    @Test
    void sealingTheSameSecretTwiceGivesDifferentTexts() {
        SecretBox box = SecretBox.open(KEY, null);

        String a = box.seal("SK-123", "r-1");
        String b = box.seal("SK-123", "r-1");

        assertThat(a).isNotEqualTo(b).doesNotContain("SK-123");
        assertThat(box.unseal(a, "r-1")).isEqualTo("SK-123");
        assertThat(box.unseal(b, "r-1")).isEqualTo("SK-123");
    }
}
