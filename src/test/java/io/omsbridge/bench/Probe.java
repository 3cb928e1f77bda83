package io.omsbridge.bench;

import static org.awaitility.Awaitility.await;

import io.omsbridge.BridgeRun;
import io.omsbridge.ledger.LedgerDatabase;
import io.omsbridge.ledger.LedgerViews;
import io.omsbridge.model.LedgerState;
import java.lang.management.ManagementFactory;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/** What the benchmark reads back: the ledger's times, percentiles, and the memory of this JVM or another. */
final class Probe {

    private Probe() {}

    /**
     * Waits until the ledger holds at least {@code n} requests with a task (SUBMITTED). Rates come from the ledger's
     * own times, so the count is asked only twice a second: it scans the index, and the bench must not load the bridge.
     */
    static void awaitSubmitted(BridgeRun bridge, long n) {
        // the trigger-kept counts, as the gauges read them: a count over the whole table twice a second took CPU the
        // bridge under measurement needed
        LedgerViews views = new LedgerViews(bridge.bean("ledgerDatabase", LedgerDatabase.class));
        await().atMost(Duration.ofMinutes(15))
                .pollInterval(Duration.ofMillis(500))
                .until(() -> views.counts().get(LedgerState.SUBMITTED) >= n);
    }

    /** When the last request whose id starts with {@code prefix} got its task (epoch ms). */
    static long lastSubmitted(BridgeRun bridge, String prefix) throws Exception {
        try (Connection c = bridge.bean("ledgerDatabase", LedgerDatabase.class)
                        .dataSource()
                        .getConnection();
                PreparedStatement ps =
                        c.prepareStatement("select max(submitted_at) from bridge_request where request_id like ?")) {
            ps.setString(1, prefix + "%");
            try (ResultSet rs = ps.executeQuery()) {
                rs.next();
                return rs.getLong(1);
            }
        }
    }

    /** Per request of {@code written} (id -> when its file was written): ms until its task was created. */
    static List<Long> latencies(BridgeRun bridge, String prefix, Map<String, Long> written) throws Exception {
        List<Long> out = new ArrayList<>();
        try (Connection c = bridge.bean("ledgerDatabase", LedgerDatabase.class)
                        .dataSource()
                        .getConnection();
                PreparedStatement ps = c.prepareStatement(
                        "select request_id, submitted_at from bridge_request where request_id like ?")) {
            ps.setString(1, prefix + "%");
            try (ResultSet rs = ps.executeQuery()) {
                while (rs.next()) {
                    Long at = written.get(rs.getString(1));
                    if (at != null) {
                        out.add(rs.getLong(2) - at);
                    }
                }
            }
        }
        return out;
    }

    static long percentile(List<Long> values, int percentile) {
        List<Long> sorted = new ArrayList<>(values);
        Collections.sort(sorted);
        return sorted.isEmpty()
                ? -1
                : sorted.get(Math.min(sorted.size() - 1, (int) Math.ceil(percentile / 100.0 * sorted.size()) - 1));
    }

    static double seconds(long startNanos) {
        return (System.nanoTime() - startNanos) / 1e9;
    }

    /** Starts counting this JVM's peak RSS afresh (Linux: writing 5 to clear_refs resets VmHWM). */
    static void resetPeakRss() {
        try {
            Files.writeString(Path.of("/proc/self/clear_refs"), "5");
        } catch (Exception notLinux) {
            // the RSS figure then covers the whole JVM's life
        }
    }

    /** Heap in use in this JVM right after a full GC: what the bridge holds, not what it has not collected yet. */
    static long heapAfterGcMiB() {
        System.gc();
        return ManagementFactory.getMemoryMXBean().getHeapMemoryUsage().getUsed() / (1 << 20);
    }

    static long peakRssMiB() throws Exception {
        return peakRssMiB(ProcessHandle.current().pid());
    }

    static long peakRssMiB(long pid) throws Exception {
        for (String line : Files.readAllLines(Path.of("/proc/" + pid + "/status"))) {
            if (line.startsWith("VmHWM:")) {
                return Long.parseLong(line.replaceAll("\\D", "")) / 1024;
            }
        }
        return -1;
    }

    /** Heap in use right after a full GC in another JVM (jcmd): what a leak would make grow. */
    static long heapAfterGcMiB(long pid) throws Exception {
        run("jcmd", String.valueOf(pid), "GC.run");
        Matcher m = Pattern.compile("total (\\d+)K, used (\\d+)K")
                .matcher(run("jcmd", String.valueOf(pid), "GC.heap_info"));
        long usedK = 0;
        while (m.find()) {
            usedK += Long.parseLong(m.group(2));
        }
        return usedK / 1024;
    }

    private static String run(String... command) throws Exception {
        Process p = new ProcessBuilder(command).redirectErrorStream(true).start();
        String out = new String(p.getInputStream().readAllBytes());
        p.waitFor();
        return out;
    }
}
