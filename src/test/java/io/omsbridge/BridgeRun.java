package io.omsbridge;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.omsbridge.config.BridgeConfiguration;
import io.omsbridge.config.Defaults;
import io.omsbridge.ledger.Ledger;
import io.omsbridge.ledger.LedgerDatabase;
import io.omsbridge.ledger.LedgerRecord;
import io.omsbridge.ledger.TaskLedger;
import io.omsbridge.poll.TaskPoller;
import io.omsbridge.simulator.OmsSimulator;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.ServerSocket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Clock;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.stream.Stream;
import org.apache.camel.CamelContext;
import org.apache.camel.main.Main;

/**
 * The real bridge (Camel Main, config/application.properties, routes/*.camel.yaml) started in the test JVM against a
 * simulator the test owns, so the simulator outlives restarts of the bridge. Settings are patched by override.
 */
public final class BridgeRun implements AutoCloseable {

    public static final ObjectMapper JSON = new ObjectMapper();
    /** The broker account of test runs whose embedded broker listens on a TCP port. */
    public static final String BROKER_USER = "bridge-test";

    public static final String BROKER_PASSWORD = "broker-test-password";

    private final Main main;
    private final Path dataDir;

    private BridgeRun(Main main, Path dataDir) {
        this.main = main;
        this.dataDir = dataDir;
    }

    /** A fresh data directory under target/ for one test. */
    public static Path newDataDir(String name) {
        try {
            return Files.createDirectories(Path.of("target", "it", name + "-" + System.nanoTime()));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static final int PORT_BLOCK = 4_000;
    private static final int PORT_BLOCK_START = Integer.getInteger("omsbridge.test.port-base", 12_000)
            + PORT_BLOCK * (Integer.getInteger("omsbridge.test.fork", 1) - 1);
    private static final int PORT_BLOCK_END = PORT_BLOCK_START + PORT_BLOCK;
    private static final AtomicInteger NEXT_PORT = new AtomicInteger(PORT_BLOCK_START);
    /** The first port the OS hands out for a port-0 bind or an outgoing connection (Linux's, else its default). */
    private static final int EPHEMERAL_START = ephemeralStart();

    /**
     * A TCP port nothing listens on at the moment, for a broker, a simulator or a black hole of a test's own. Never the
     * same one twice in a JVM (two ports asked of the OS one after the other can be the same: the first is closed
     * before the second is asked), and below the OS's ephemeral range, one block per surefire fork, so that neither
     * another fork nor a port-0 bind elsewhere takes it between this call and the bind it is meant for.
     */
    public static int freePort() {
        if (PORT_BLOCK_END > EPHEMERAL_START) {
            // a second suite beside another on -Dtest.port-base=40000 lost a broker port this way
            throw new IllegalStateException("test.port-base: this fork's ports " + PORT_BLOCK_START + "-"
                    + (PORT_BLOCK_END - 1) + " reach into the OS's ephemeral range (from " + EPHEMERAL_START
                    + "), where any port-0 bind can take a test's port; choose a lower -Dtest.port-base or fewer"
                    + " -Dtest.forks");
        }
        while (true) {
            int port = NEXT_PORT.getAndIncrement();
            if (port >= PORT_BLOCK_END) {
                throw new IllegalStateException(
                        "no free port left in this fork's block, which ends at " + PORT_BLOCK_END);
            }
            try (ServerSocket socket = new ServerSocket(port)) {
                return socket.getLocalPort();
            } catch (IOException taken) {
                // in use by something else: the next one
            }
        }
    }

    private static int ephemeralStart() {
        try {
            // readAllLines, not readString: on /proc (files of size 0) JDK 17's readString returned one character
            String range = Files.readAllLines(Path.of("/proc/sys/net/ipv4/ip_local_port_range"))
                    .get(0);
            return Integer.parseInt(range.trim().split("\\s+")[0]);
        } catch (IOException | RuntimeException notLinux) {
            return 32_768;
        }
    }

    /** The settings every test run shares: the simulator's endpoints and user, fast polls and retries. */
    public static Map<String, String> defaults(OmsSimulator sim, Path dataDir) {
        return defaults(sim.baseUrl(), dataDir);
    }

    /** The same, for a simulator reached by URL (in another process). */
    public static Map<String, String> defaults(String simulatorUrl, Path dataDir) {
        Map<String, String> p = new LinkedHashMap<>();
        p.put("bridge.data-dir", dataDir.toString());
        p.put("oms.endpoint", simulatorUrl);
        p.put("iam.endpoint", simulatorUrl);
        p.put("iam.username", Defaults.SIM_USER);
        p.put("iam.password", Defaults.SIM_PASSWORD);
        p.put("iam.domain", Defaults.SIM_DOMAIN);
        p.put("oms.project-id", Defaults.SEED_PROJECT_ID);
        p.put("broker.port", "0");
        // the API, the dashboard, health and metrics on ports of their own, so bridges of one test do not meet
        p.put("camel.server.port", String.valueOf(freePort()));
        p.put("camel.management.port", String.valueOf(freePort()));
        p.put("bridge.inbox.read-lock-min-age", "50");
        p.put("bridge.inbox.read-lock-check-interval", "20");
        p.put("bridge.inbox.poll-delay", "50");
        p.put("bridge.submit.retry-delay", "20");
        p.put("bridge.submit.retry-max-delay", "200");
        p.put("bridge.submit.park", "300");
        // the tests make thousands of tasks; CreateCapTest and the cap's pipeline test set a cap of their own
        p.put("bridge.submit.max-creates-per-window", "0");
        p.put("bridge.submit.sweep-interval", "200");
        p.put("bridge.poll-cron", "0/1 * * * * ?");
        p.put("bridge.publish.interval", "200");
        p.put("credentials.src.ak", "ALIAS_SRC_AK_123");
        p.put("credentials.src.sk", "ALIAS_SRC_SK_456");
        p.put("credentials.dst.ak", "ALIAS_DST_AK_789");
        p.put("credentials.dst.sk", "ALIAS_DST_SK_012");
        return p;
    }

    /** The shared defaults with {@code overrides} on top. */
    public static BridgeRun start(OmsSimulator sim, Path dataDir, Map<String, String> overrides) {
        Map<String, String> properties = defaults(sim, dataDir);
        properties.putAll(overrides);
        return start(properties);
    }

    public static BridgeRun start(Map<String, String> properties) {
        return start(properties, null);
    }

    /** The bridge with a clock of its own ({@code null}: the system's), as if its machine's clock were set so. */
    public static BridgeRun start(Map<String, String> properties, Clock clock) {
        Main main = new Main();
        if (clock != null) {
            main.bind(BridgeConfiguration.CLOCK_BEAN, clock);
        }
        main.configure().addConfiguration(BridgeConfiguration.class);
        main.configure().withRoutesIncludePattern("file:routes/*.camel.yaml,file:routes/http/*.yaml");
        main.setPropertyPlaceholderLocations("file:config/application.properties");
        properties.forEach(main::addOverrideProperty);
        try {
            main.start();
        } catch (Exception e) {
            throw new IllegalStateException("bridge did not start", e);
        }
        return new BridgeRun(main, Path.of(properties.get("bridge.data-dir")));
    }

    public CamelContext context() {
        return main.getCamelContext();
    }

    public <T> T bean(String name, Class<T> type) {
        return context().getRegistry().lookupByNameAndType(name, type);
    }

    public Ledger ledger() {
        return bean("ledger", Ledger.class);
    }

    public TaskLedger taskLedger() {
        return bean("taskLedger", TaskLedger.class);
    }

    public TaskPoller poller() {
        return bean("taskPoller", TaskPoller.class);
    }

    public LedgerRecord record(String requestId) {
        return ledger().find(requestId).orElse(null);
    }

    public Path inbox() {
        return dataDir.resolve("inbox");
    }

    public Path outbox() {
        return dataDir.resolve("outbox");
    }

    /** Drops a file the way a careful writer does: write a temporary name, then rename. */
    public Path drop(String fileName, String content) {
        return drop(fileName, content.getBytes(StandardCharsets.UTF_8));
    }

    public Path drop(String fileName, byte[] content) {
        try {
            Path tmp = inbox().resolve(fileName + ".tmp");
            Files.write(tmp, content);
            return Files.move(tmp, inbox().resolve(fileName), StandardCopyOption.ATOMIC_MOVE);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** Every complete event file in the outbox (temp files excluded). */
    public List<JsonNode> outboxEvents() throws IOException {
        List<JsonNode> events = new ArrayList<>();
        try (Stream<Path> files = Files.list(outbox())) {
            for (Path f : (Iterable<Path>) files::iterator) {
                String name = f.getFileName().toString();
                if (name.endsWith(".json") && !name.startsWith(".")) {
                    events.add(JSON.readTree(f.toFile()));
                }
            }
        }
        return events;
    }

    /** Outbox events about one request. */
    public List<JsonNode> outboxEvents(String requestId) throws IOException {
        return outboxEvents().stream()
                .filter(e -> requestId.equals(e.path("subject").asText()))
                .toList();
    }

    /** The ledger's outbox rows of one request: event id, type, published (or not). */
    public List<EventRow> eventRows(String requestId) throws SQLException {
        try (Connection c = bean("ledgerDatabase", LedgerDatabase.class)
                        .dataSource()
                        .getConnection();
                PreparedStatement ps = c.prepareStatement("select event_id, type, published_at from bridge_event"
                        + " where request_id = ? order by created_at")) {
            ps.setString(1, requestId);
            List<EventRow> rows = new ArrayList<>();
            try (ResultSet rs = ps.executeQuery()) {
                while (rs.next()) {
                    String id = rs.getString(1);
                    String type = rs.getString(2);
                    rs.getLong(3);
                    rows.add(new EventRow(id, type, !rs.wasNull()));
                }
            }
            return rows;
        }
    }

    public record EventRow(String id, String type, boolean published) {}

    @Override
    public void close() {
        main.stop();
    }
}
