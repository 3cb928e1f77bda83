package io.omsbridge.ledger;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.omsbridge.MutableClock;
import io.omsbridge.api.LastHour;
import io.omsbridge.event.EventFactory;
import io.omsbridge.model.Claim;
import io.omsbridge.model.ReceivedRequest;
import io.omsbridge.model.RequestSource;
import io.omsbridge.poll.TaskStatusRules;
import io.omsbridge.request.InputReader;
import io.omsbridge.request.SeedRequests;
import io.omsbridge.settings.PollSettings;
import java.nio.charset.StandardCharsets;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.Statement;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** Proves the dashboard's last hour per database: tasks created and ended per minute, zero-filled, read by index. */
abstract class LastHourContract extends DatabaseContract {

    private static final String KEY =
            Base64.getEncoder().encodeToString("0123456789abcdef0123456789abcdef".getBytes(StandardCharsets.US_ASCII));

    private final ObjectMapper mapper = new ObjectMapper();
    private final InputReader intakes = new InputReader(SeedRequests.reader(), 1 << 20);
    private MutableClock clock;
    private Ledger ledger;
    private TaskLedger tasks;
    private long nextTask = 1;

    LastHourContract(Kind kind) {
        super(kind);
    }

    @BeforeEach
    void emptyLedger() {
        execute("delete from bridge_event_delivery", "delete from bridge_event", "delete from bridge_request");
        clock = new MutableClock(Instant.parse("2026-11-25T09:00:10Z"));
        EventFactory events = new EventFactory(mapper, clock);
        ledger = new Ledger(database, mapper, events, SecretBox.open(KEY, null), clock, "node-1", 5_000);
        tasks = new TaskLedger(database, mapper, events, clock, new PollSettings(0, 0, 20, 10_000, 0));
    }

    @Test
    void eachMinuteOfTheHourCountsTheTasksCreatedAndEndedInItAndTheQuietOnesAreZero() throws Exception {
        // an hour and more ago: neither its creation nor its end is in the hour
        created("old");
        at("09:00:40");
        ended("old", 5, 111);
        at("09:05:59");
        created("edge-before");
        at("09:06:00");
        ended("edge-before", 5, 7);
        created("edge-at");
        at("10:00:00");
        created("a");
        created("b");
        at("10:03:10");
        ended("a", 5, 2048);
        at("10:03:50");
        ended("b", 4, 100);
        at("10:04:00");
        // requests that never became tasks did not end a task
        ledger.accept(List.of(intake("refused", 99)));
        ledger.submitFailed(
                ledger.accept(List.of(intake("unsubmittable", 10))).get(0).claim(), "OMS.0008", "bucket not found");
        at("10:05:19");
        ended("edge-at", 5, 5);
        at("10:05:20");

        List<LedgerViews.Minute> hour = new LedgerViews(database).lastHour(clock.millis());

        assertThat(hour).hasSize(60);
        for (int i = 0; i < 60; i++) {
            assertThat(hour.get(i).start())
                    .as("minute %d", i)
                    .isEqualTo(Instant.parse("2026-11-25T09:06:00Z")
                            .plus(Duration.ofMinutes(i))
                            .toEpochMilli());
        }
        Map<Integer, LedgerViews.Minute> busy = Map.of(
                0, minute(hour, 0, 1, 1, 1, 0, 7),
                54, minute(hour, 54, 2, 0, 0, 0, 0),
                57, minute(hour, 57, 0, 2, 1, 1, 2148),
                59, minute(hour, 59, 0, 1, 1, 0, 5));
        for (int i = 0; i < 60; i++) {
            assertThat(hour.get(i)).as("minute %d", i).isEqualTo(busy.getOrDefault(i, minute(hour, i, 0, 0, 0, 0, 0)));
        }
    }

    @Test
    void theApiAnswersEveryMinuteWithItsStartAndTheHoursTotals() throws Exception {
        created("a");
        at("09:02:30");
        ended("a", 5, 4096);
        created("b");
        at("09:10:00");

        JsonNode json = mapper.readTree(new LastHour(new LedgerViews(database), mapper, clock).json());

        assertThat(json.path("from").asText()).isEqualTo("2026-11-25T08:11:00Z");
        assertThat(json.path("to").asText()).isEqualTo("2026-11-25T09:11:00Z");
        JsonNode minutes = json.path("minutes");
        assertThat(minutes).hasSize(60);
        assertThat(minutes.get(0).path("start").asText()).isEqualTo("2026-11-25T08:11:00Z");
        assertThat(minutes.get(59).path("start").asText()).isEqualTo("2026-11-25T09:10:00Z");
        assertThat(minutes.get(49).toString())
                .isEqualTo("{\"start\":\"2026-11-25T09:00:00Z\",\"created\":1,"
                        + "\"finished\":0,\"succeeded\":0,\"failed\":0,\"bytes\":0}");
        assertThat(minutes.get(51).toString())
                .isEqualTo("{\"start\":\"2026-11-25T09:02:00Z\",\"created\":1,"
                        + "\"finished\":1,\"succeeded\":1,\"failed\":0,\"bytes\":4096}");
        assertThat(minutes.get(58).path("created").asLong()).isZero();
        assertThat(json.path("totals").toString())
                .isEqualTo("{\"created\":2,\"finished\":1,\"succeeded\":1," + "\"failed\":0,\"bytes\":4096}");
    }

    @Test
    void bothCountsReadTheHourThroughAnIndexNotTheWholeHistory() {
        LedgerViews views = new LedgerViews(database);
        assertThat(plan(LedgerViews.CREATED_PER_MINUTE)).contains("bridge_request_submitted");
        assertThat(plan(views.finishedPerMinute)).contains("bridge_request_completed");
    }

    // --- helpers ---------------------------------------------------------------------------------------------

    private void at(String time) {
        clock.advance(Duration.between(clock.instant(), Instant.parse("2026-11-25T" + time + "Z")));
    }

    private ReceivedRequest intake(String id, int threadNum) {
        return intakes.fromText(
                id,
                SeedRequests.json(SeedRequests.seed().put("thread_num", threadNum)),
                RequestSource.EMBEDDED,
                "test");
    }

    /** Accepted and its OMS task created now. */
    private void created(String id) {
        Claim claim = ledger.accept(List.of(intake(id, 10))).get(0).claim();
        assertThat(ledger.recordCreated(claim, nextTask++, "task-" + id)).isTrue();
    }

    /** OMS shows the task ended now: status 5 (succeeded) or 4 (failed), having migrated {@code bytes}. */
    private void ended(String id, int status, long bytes) {
        long taskId = ledger.find(id).orElseThrow().taskId();
        JsonNode view = mapper.createObjectNode()
                .put("id", taskId)
                .put("status", status)
                .put("progress", 1.0)
                .put("total_size", bytes * 2)
                .put("complete_size", bytes);
        assertThat(tasks.applyTaskView(id, clock.millis(), new TaskStatusRules(0).transitionFor(view)))
                .isEqualTo(TaskLedger.Applied.STATE_CHANGED);
    }

    private static LedgerViews.Minute minute(
            List<LedgerViews.Minute> hour,
            int i,
            long created,
            long finished,
            long succeeded,
            long failed,
            long bytes) {
        return new LedgerViews.Minute(hour.get(i).start(), created, finished, succeeded, failed, bytes);
    }

    /** The database's plan for {@code sql} over the hour, with sequential scans ruled out where it could choose one. */
    private String plan(String sql) {
        return database.write(c -> {
            boolean sqlite = database.kind() == LedgerDatabase.Kind.SQLITE;
            if (!sqlite) {
                try (Statement s = c.createStatement()) {
                    // a near-empty table is cheaper to scan: ask whether an index can serve the range at all
                    s.execute("set local enable_seqscan = off");
                }
            }
            List<String> lines = new ArrayList<>();
            try (PreparedStatement ps = c.prepareStatement((sqlite ? "explain query plan " : "explain ") + sql)) {
                ps.setLong(1, clock.millis() - 3_600_000);
                ps.setLong(2, clock.millis());
                try (ResultSet rs = ps.executeQuery()) {
                    while (rs.next()) {
                        lines.add(rs.getString(sqlite ? 4 : 1));
                    }
                }
            }
            return String.join("\n", lines);
        });
    }
}
