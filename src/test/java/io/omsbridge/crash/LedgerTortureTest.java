package io.omsbridge.crash;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.ObjectMapper;
import io.omsbridge.BridgeRun;
import io.omsbridge.event.EventFactory;
import io.omsbridge.ledger.EventOutbox;
import io.omsbridge.ledger.Ledger;
import io.omsbridge.ledger.LedgerDatabase;
import io.omsbridge.ledger.SecretBox;
import io.omsbridge.ledger.TaskLedger;
import io.omsbridge.model.Claim;
import io.omsbridge.settings.PollSettings;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.Set;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.sqlite.SQLiteConfig;

/**
 * The ledger's own code, driven hard from several threads in a child JVM that is SIGKILLed again and again, leaves a
 * ledger SQLite calls intact, in which every row is found by the very queries the poll, the submit sweep and the
 * publisher use, and which holds every request whose accept had returned.
 */
class LedgerTortureTest {

    private static final Logger LOG = LoggerFactory.getLogger(LedgerTortureTest.class);
    private static final int KILLS = 12;

    @Test
    void aLedgerKilledTwelveTimesMidWriteStaysIntactAndEveryRowIsFoundByTheQueriesThatUseIt() throws Exception {
        Path dir = BridgeRun.newDataDir("ledger-torture");
        Path db = dir.resolve("ledger.db").toAbsolutePath();
        Path acked = dir.resolve("acked.log");
        Path log = dir.resolve("torture.log");
        Random random = new Random(20261202L);
        List<String> rounds = new ArrayList<>();

        for (int kill = 1; kill <= KILLS; kill++) {
            Process child = start(db, acked, log, "r" + kill);
            int started = kill;
            await().atMost(Duration.ofSeconds(60))
                    .pollInterval(Duration.ofMillis(20))
                    .until(() -> !child.isAlive() || countReady(log) >= started);
            assertThat(child.isAlive())
                    .as("torture child %d is running (see %s)", kill, log)
                    .isTrue();
            // killed after a number of acknowledged writes, not a time: on a loaded machine a time may see none
            int before = acknowledged(acked).size();
            int writes = 20 + random.nextInt(80);
            await().atMost(Duration.ofSeconds(90))
                    .pollInterval(Duration.ofMillis(10))
                    .until(() -> !child.isAlive() || acknowledged(acked).size() >= before + writes);
            assertThat(child.isAlive())
                    .as("torture child %d is still writing (see %s)", kill, log)
                    .isTrue();
            child.destroyForcibly();
            await().atMost(Duration.ofSeconds(15)).until(() -> !child.isAlive());

            assertThat(integrityCheck(db))
                    .as("integrity_check after kill %d", kill)
                    .containsExactly("ok");
            Consistency seen = consistency(db, dir.resolve("copy-" + kill));
            Set<String> acknowledged = acknowledged(acked);
            assertThat(seen.missingAcknowledged(acknowledged))
                    .as("acknowledged requests missing after kill %d", kill)
                    .isEmpty();
            assertThat(seen.problems())
                    .as("rows the ledger's own queries do not find after kill %d", kill)
                    .isEmpty();
            rounds.add("kill %d after %d writes: %d requests (%d acknowledged), %d watched, %d pending events"
                    .formatted(
                            kill, writes, seen.requests(), acknowledged.size(), seen.watched(), seen.pendingEvents()));
            LOG.info(rounds.get(rounds.size() - 1));
        }

        String output = Files.readString(log);
        // a step that failed says so in these words; "ended FAILED" lines of the request log are tasks the torture
        // failed
        assertThat(output)
                .as("the child's log")
                .doesNotContain("TORTURE STEP FAILED")
                .doesNotContainIgnoringCase("database is locked");
        assertThat(rounds).hasSize(KILLS);
        assertThat(acknowledged(acked)).as("requests accepted over all runs").hasSizeGreaterThan(KILLS * 20);
    }

    private static long countReady(Path log) throws IOException {
        return Files.readAllLines(log).stream()
                .filter(LedgerTorture.READY::equals)
                .count();
    }

    private static Process start(Path db, Path acked, Path log, String run) throws IOException {
        List<String> command = List.of(
                Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "-Xmx256m",
                "-XX:+UseSerialGC",
                "-XX:TieredStopAtLevel=1",
                LedgerTorture.class.getName(),
                db.toString(),
                acked.toString(),
                run);
        ProcessBuilder builder = new ProcessBuilder(command)
                .redirectErrorStream(true)
                .redirectOutput(ProcessBuilder.Redirect.appendTo(log.toFile()));
        builder.environment().put("CLASSPATH", BridgeProcess.classPath());
        return builder.start();
    }

    private static Connection raw(Path db) throws SQLException {
        return new SQLiteConfig().createConnection("jdbc:sqlite:" + db);
    }

    private static List<String> integrityCheck(Path db) throws SQLException {
        try (Connection c = raw(db);
                Statement s = c.createStatement();
                ResultSet rs = s.executeQuery("PRAGMA integrity_check")) {
            List<String> result = new ArrayList<>();
            while (rs.next()) {
                result.add(rs.getString(1));
            }
            return result;
        }
    }

    private static Set<String> acknowledged(Path acked) throws IOException {
        if (!Files.exists(acked)) {
            return Set.of();
        }
        // the last line may be cut by the kill: a request is acknowledged once its whole line is there
        return Files.readAllLines(acked).stream()
                .filter(l -> l.endsWith(" ACCEPTED") || l.endsWith(" REJECTED"))
                .map(l -> l.substring(0, l.indexOf(' ')))
                .collect(Collectors.toSet());
    }

    /** What the full scans hold, and which rows the production queries miss. */
    record Consistency(int requests, int watched, int pendingEvents, Set<String> inLedger, List<String> problems) {

        Set<String> missingAcknowledged(Set<String> acknowledged) {
            Set<String> missing = new HashSet<>(acknowledged);
            missing.removeAll(inLedger);
            return missing;
        }
    }

    /**
     * Full scans ({@code NOT INDEXED}) against the queries the bridge runs, which use the indexes: the poll's due and
     * watched tasks, the sweep's due claims, the publisher's pending events per endpoint, and index scans per state.
     * The production queries run on a copy, since the sweep's claims write.
     */
    private static Consistency consistency(Path db, Path copyDir) throws Exception {
        List<String> problems = new ArrayList<>();
        Map<String, String> states = new HashMap<>();
        Set<String> watched = new HashSet<>();
        Set<String> dueForSweep = new HashSet<>();
        Map<String, Set<String>> missingAt = new HashMap<>();
        try (Connection c = raw(db);
                Statement s = c.createStatement()) {
            try (ResultSet rs = s.executeQuery("select request_id, state, task_id, next_poll_at, next_attempt_at,"
                    + " lease_until from bridge_request not indexed")) {
                while (rs.next()) {
                    String id = rs.getString(1);
                    String state = rs.getString(2);
                    states.put(id, state);
                    rs.getLong(3);
                    boolean hasTask = !rs.wasNull();
                    rs.getLong(4);
                    boolean hasPoll = !rs.wasNull();
                    if (hasTask
                            && hasPoll
                            && Set.of("SUBMITTED", "RUNNING", "STOPPED").contains(state)) {
                        watched.add(id);
                    }
                    rs.getLong(5);
                    if (state.equals("RECEIVED") && !rs.wasNull()) {
                        dueForSweep.add(id);
                    }
                    if (state.equals("SUBMITTING")) {
                        // a crashed node's claims: the sweep takes them over once their lease ran out
                        dueForSweep.add(id);
                    }
                }
            }
            for (String endpoint : LedgerTorture.ENDPOINTS) {
                Set<String> missing = new HashSet<>();
                try (ResultSet rs = s.executeQuery("select e.event_id from bridge_event e not indexed where"
                        + " e.published_at is null and not exists (select 1 from bridge_event_delivery d not indexed"
                        + " where d.event_id = e.event_id and d.endpoint = '" + endpoint + "')")) {
                    while (rs.next()) {
                        missing.add(rs.getString(1));
                    }
                }
                missingAt.put(endpoint, missing);
            }
            for (String index : List.of("bridge_request_due", "bridge_request_poll")) {
                for (String state : Set.copyOf(states.values())) {
                    long scanned =
                            states.values().stream().filter(state::equals).count();
                    try (ResultSet rs = s.executeQuery("select count(*) from bridge_request indexed by " + index
                            + " where state = '" + state + "'")) {
                        rs.next();
                        if (rs.getLong(1) != scanned) {
                            problems.add(index + ": " + rs.getLong(1) + " rows in state " + state + ", a full scan has "
                                    + scanned);
                        }
                    }
                }
            }
        }

        Files.createDirectories(copyDir);
        for (String suffix : List.of("", "-wal")) {
            Path from = Path.of(db + suffix);
            if (Files.exists(from)) {
                Files.copy(from, copyDir.resolve("ledger.db" + suffix), StandardCopyOption.REPLACE_EXISTING);
            }
        }
        ObjectMapper mapper = new ObjectMapper();
        // far in the future, so every lease has run out and every task is due
        Clock future = Clock.offset(Clock.systemUTC(), Duration.ofDays(3650));
        EventFactory events = new EventFactory(mapper, future);
        try (LedgerDatabase copy = LedgerDatabase.open(LedgerDatabase.Options.of(
                "jdbc:sqlite:" + copyDir.resolve("ledger.db").toAbsolutePath(), 2))) {
            TaskLedger tasks = new TaskLedger(copy, mapper, events, future, new PollSettings(0, 0, 20, 1_000_000, 0));
            Set<String> polled = new HashSet<>();
            Set<String> listed = new HashSet<>();
            for (TaskLedger.ProjectDue project : tasks.dueByProject(future.millis())) {
                tasks.dueForPoll(project.projectId(), future.millis(), 1_000_000)
                        .forEach(t -> polled.add(t.requestId()));
                tasks.watched(project.projectId()).values().forEach(t -> listed.add(t.requestId()));
            }
            compare(problems, "poll: due tasks", watched, polled);
            compare(problems, "poll: watched tasks of a listed project", watched, listed);

            // leases and attempt times are on the database's clock, which no test clock moves: every one is made due
            // now, through the sweep's own index, so a row that index lost stays lost (and is reported below)
            copy.write(c -> {
                try (Statement s = c.createStatement()) {
                    s.executeUpdate("update bridge_request indexed by bridge_request_due set lease_until = 0"
                            + " where state = 'SUBMITTING'");
                    return s.executeUpdate("update bridge_request indexed by bridge_request_due set next_attempt_at"
                            + " = 0 where state = 'RECEIVED'");
                }
            });
            Ledger ledger = new Ledger(
                    copy, mapper, events, SecretBox.open(LedgerTorture.KEY, null), future, "checker", 60_000);
            Set<String> swept = new HashSet<>();
            for (List<Claim> due = ledger.dueForSubmit(10_000); !due.isEmpty(); due = ledger.dueForSubmit(10_000)) {
                due.forEach(claim -> swept.add(claim.requestId()));
            }
            compare(problems, "submit sweep: due claims", dueForSweep, swept);

            EventOutbox outbox = new EventOutbox(copy, mapper, events, future);
            for (String endpoint : LedgerTorture.ENDPOINTS) {
                Set<String> pending = outbox.pendingEvents(endpoint, 1_000_000).stream()
                        .map(EventOutbox.PendingEvent::eventId)
                        .collect(Collectors.toSet());
                compare(problems, "publisher: events " + endpoint + " lacks", missingAt.get(endpoint), pending);
            }
        }
        int pending = missingAt.values().stream().mapToInt(Set::size).max().orElse(0);
        return new Consistency(states.size(), watched.size(), pending, states.keySet(), problems);
    }

    private static void compare(List<String> problems, String what, Set<String> scanned, Set<String> found) {
        Set<String> missing = new HashSet<>(scanned);
        missing.removeAll(found);
        Set<String> extra = new HashSet<>(found);
        extra.removeAll(scanned);
        if (!missing.isEmpty() || !extra.isEmpty()) {
            problems.add(what + ": " + missing.size() + " rows a full scan has are not found (e.g. "
                    + missing.stream().limit(3).toList() + "), " + extra.size() + " found that it lacks");
        }
    }
}
