package io.omsbridge.crash;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import io.omsbridge.BridgeRun;
import io.omsbridge.Tasks;
import io.omsbridge.settings.LedgerSettings;
import io.omsbridge.simulator.OmsSimulator;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import javax.sql.DataSource;
import org.assertj.core.api.SoftAssertions;
import org.awaitility.core.ConditionTimeoutException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.sqlite.SQLiteDataSource;

/** The end state every crash and fault run must reach, read from the simulator, the outbox files and the ledger. */
record EndState(
        Map<String, Long> tasksPerRequest,
        Map<String, Set<String>> terminalEventIds,
        Map<String, String> terminalTypes,
        Map<String, String> ledgerStates,
        Map<String, Long> ledgerTerminalEvents) {

    private static final Logger LOG = LoggerFactory.getLogger(EndState.class);
    static final Set<String> TERMINAL_TYPES =
            Set.of("oms.task.succeeded", "oms.task.failed", "oms.request.rejected", "oms.request.submit-failed");

    /** Reads everything; {@code ledger} may be the running bridge's data source or the SQLite file after it stopped. */
    static EndState read(OmsSimulator sim, Path outbox, DataSource ledger) {
        Map<String, Set<String>> ids = new TreeMap<>();
        Map<String, String> types = new TreeMap<>();
        for (JsonNode event : terminalEvents(outbox)) {
            String request = event.path("subject").asText();
            ids.computeIfAbsent(request, r -> new TreeSet<>())
                    .add(event.path("id").asText());
            types.put(request, event.path("type").asText());
        }
        Map<String, String> states = new TreeMap<>();
        Map<String, Long> eventRows = new TreeMap<>();
        try (Connection c = ledger.getConnection();
                Statement s = c.createStatement()) {
            try (ResultSet rs = s.executeQuery("select request_id, state from bridge_request")) {
                while (rs.next()) {
                    states.put(rs.getString(1), rs.getString(2));
                }
            }
            String terminal = TERMINAL_TYPES.stream().map(t -> "'" + t + "'").collect(Collectors.joining(","));
            try (ResultSet rs = s.executeQuery("select request_id, count(*) from bridge_event where type in ("
                    + terminal + ") group by request_id")) {
                while (rs.next()) {
                    eventRows.put(rs.getString(1), rs.getLong(2));
                }
            }
        } catch (SQLException e) {
            throw new IllegalStateException("cannot read the ledger", e);
        }
        return new EndState(new TreeMap<>(Tasks.perRequest(sim)), ids, types, states, eventRows);
    }

    /** The SQLite ledger a stopped bridge left under its data directory (the default {@code ledger.url}). */
    static DataSource sqliteLedger(Path dataDir) {
        SQLiteDataSource ds = new SQLiteDataSource();
        ds.setUrl("jdbc:sqlite:" + dataDir.resolve(LedgerSettings.FILE).toAbsolutePath());
        return ds;
    }

    /** Terminal events in the outbox directory ({@code <event-id>.json}; files still being written are skipped). */
    static List<JsonNode> terminalEvents(Path outbox) {
        return allEvents(outbox).stream()
                .filter(e -> TERMINAL_TYPES.contains(e.path("type").asText()))
                .toList();
    }

    /** Every event in the outbox directory, files still being written skipped. */
    static List<JsonNode> allEvents(Path outbox) {
        try (Stream<Path> files = Files.list(outbox)) {
            List<JsonNode> events = new ArrayList<>();
            for (Path f : (Iterable<Path>) files::iterator) {
                String name = f.getFileName().toString();
                if (name.endsWith(".json") && !name.startsWith(".")) {
                    events.add(BridgeRun.JSON.readTree(f.toFile()));
                }
            }
            return events;
        } catch (NoSuchFileException e) {
            return List.of();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /**
     * Waits until every expected request has a terminal event in the outbox; false when {@code atMost} passed first,
     * so the caller goes on to the end-state checks, which name what is missing.
     */
    static boolean awaitEnded(Path outbox, Set<String> expected, Duration atMost) {
        try {
            await().atMost(atMost)
                    .pollInterval(Duration.ofMillis(250))
                    .alias("every request has its terminal event in the outbox")
                    .until(() -> ended(outbox, expected), n -> n == expected.size());
            return true;
        } catch (ConditionTimeoutException e) {
            LOG.warn("{} of {} requests ended within {}", ended(outbox, expected), expected.size(), atMost);
            return false;
        }
    }

    /** How many of {@code expected} have a terminal event in the outbox: the figure a run waits on. */
    static long ended(Path outbox, Set<String> expected) {
        return terminalEvents(outbox).stream()
                .map(e -> e.path("subject").asText())
                .filter(expected::contains)
                .distinct()
                .count();
    }

    /**
     * Every expected request, and no other, has exactly one OMS task, exactly one terminal event id (in the outbox
     * and in the ledger) and a terminal ledger state; those whose source bucket says "fail" failed, the rest succeeded.
     */
    void assertEveryRequestExactlyOnce(Set<String> expected, Set<String> failing) {
        SoftAssertions soft = new SoftAssertions();
        soft.assertThat(tasksPerRequest.keySet())
                .as("requests with an OMS task")
                .containsExactlyInAnyOrderElementsOf(expected);
        soft.assertThat(duplicates(tasksPerRequest))
                .as("requests with more than one OMS task")
                .isEmpty();
        soft.assertThat(terminalEventIds.keySet())
                .as("requests with a terminal event in the outbox")
                .containsExactlyInAnyOrderElementsOf(expected);
        soft.assertThat(terminalEventIds.entrySet().stream()
                        .filter(e -> e.getValue().size() != 1)
                        .collect(Collectors.toMap(Map.Entry::getKey, Map.Entry::getValue)))
                .as("requests with two different terminal event ids")
                .isEmpty();
        soft.assertThat(ledgerStates.keySet())
                .as("requests in the ledger")
                .containsExactlyInAnyOrderElementsOf(expected);
        Map<String, String> wrongState = new HashMap<>();
        ledgerStates.forEach((id, state) -> {
            String want = failing.contains(id) ? "FAILED" : "SUCCEEDED";
            if (!state.equals(want)) {
                wrongState.put(id, state);
            }
        });
        soft.assertThat(wrongState)
                .as("requests not in their expected terminal ledger state")
                .isEmpty();
        Map<String, String> wrongType = new HashMap<>();
        terminalTypes.forEach((id, type) -> {
            String want = failing.contains(id) ? "oms.task.failed" : "oms.task.succeeded";
            if (!type.equals(want)) {
                wrongType.put(id, type);
            }
        });
        soft.assertThat(wrongType)
                .as("requests whose terminal event has the wrong type")
                .isEmpty();
        soft.assertThat(duplicates(ledgerTerminalEvents))
                .as("requests with two terminal events in the ledger")
                .isEmpty();
        soft.assertAll();
        assertThat(expected).isNotEmpty();
    }

    /** Requests with more than one OMS task: the figure that must stay 0. */
    long duplicateTasks() {
        return duplicates(tasksPerRequest).size();
    }

    private static Map<String, Long> duplicates(Map<String, Long> counts) {
        return counts.entrySet().stream()
                .filter(e -> e.getValue() > 1)
                .collect(Collectors.toMap(Map.Entry::getKey, Map.Entry::getValue));
    }
}
