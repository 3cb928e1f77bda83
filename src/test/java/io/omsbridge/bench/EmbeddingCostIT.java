package io.omsbridge.bench;

import static org.awaitility.Awaitility.await;

import io.omsbridge.BridgeRun;
import io.omsbridge.config.Defaults;
import java.io.File;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;

/**
 * What embedding the bridge costs a host Camel context: its threads, heap after GC and start-up, as (the host with the
 * bridge) minus (the same host without it), idle and with requests in flight, each case in a JVM of its own.
 * {@code mvn -B -Pbench verify -Dit.test=EmbeddingCostIT}; figures in {@code target/bench/embedding/results.md}.
 */
class EmbeddingCostIT {

    private static final Path OUT = Path.of("target", "bench", "embedding");
    private static final long HOUR = 3_600_000;
    private static final int IN_FLIGHT = Integer.getInteger("bench.embedding.in-flight", 10_000);
    private static final long MIB = 1 << 20;

    @Test
    void theBridgesRoutesAddFewThreadsAndLittleHeapToTheirHost() throws Exception {
        Files.createDirectories(OUT);
        Results results = new Results();
        // tasks that never end while measured: every request stays in flight
        try (SimulatorProcess sim = SimulatorProcess.start(HOUR, HOUR, 16)) {
            Map<String, String> host = measure("host", 0, sim);
            Map<String, String> idle = measure("bridge", 0, sim);
            Map<String, String> busy = measure("bridge", IN_FLIGHT, sim);

            long threadsIdle = number(idle, "threads") - number(host, "threads");
            long threadsBusy = number(busy, "threads") - number(host, "threads");
            long heapIdle = number(idle, "heap-after-gc-bytes") - number(host, "heap-after-gc-bytes");
            long heapBusy = number(busy, "heap-after-gc-bytes") - number(host, "heap-after-gc-bytes");
            results.add(
                    "host alone",
                    "threads / heap after GC / start (context)",
                    number(host, "threads") + " / " + mib(number(host, "heap-after-gc-bytes")) + " / "
                            + number(host, "start-ms") + " ms");
            results.check("embedded, idle", "threads added", threadsIdle, "", "<= 64", threadsIdle <= 64);
            results.add("embedded, idle", "heap after GC added", mib(heapIdle));
            results.add(
                    "embedded, idle",
                    "start-up added (context start, best of the two bridge runs)",
                    (Math.min(number(idle, "start-ms"), number(busy, "start-ms")) - number(host, "start-ms")) + " ms");
            results.add(
                    "embedded, idle",
                    "JVM uptime at context started: host / with the bridge",
                    number(host, "uptime-at-started-ms") + " / " + number(idle, "uptime-at-started-ms") + " ms");
            String busyLabel = "embedded, " + IN_FLIGHT + " in flight";
            results.add(
                    busyLabel, "requests accepted / tasks created", busy.get("accepted") + " / " + busy.get("created"));
            results.check(busyLabel, "threads added", threadsBusy, "", "<= 64", threadsBusy <= 64);
            results.check(
                    busyLabel,
                    "heap after GC added",
                    heapBusy / (double) MIB,
                    "MiB",
                    "<= 64 MiB",
                    heapBusy <= 64 * MIB);
            Files.writeString(OUT.resolve("threads.md"), threadGroups(host, idle, busy));
            String machine = Runtime.getRuntime().availableProcessors() + " cores, "
                    + System.getProperty("java.vm.name") + " " + System.getProperty("java.version")
                    + ", each case -Xmx512m in its own JVM; the host's settings beside the required ones: "
                    + System.getProperty("bench.embedding.settings", "none");
            results.write(OUT, machine);
            System.out.println("\n" + results.markdown(machine) + "\n" + threadGroups(host, idle, busy));
        }
    }

    /** One case in a JVM of its own: starts, sends, waits for the tasks and one poll over them, measures, stops. */
    private static Map<String, String> measure(String kind, int requests, SimulatorProcess sim) throws Exception {
        Path log = OUT.resolve(kind + "-" + requests + ".log");
        List<String> command = new ArrayList<>(List.of(
                Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "-Xmx512m",
                "-Dlogback.configurationFile=io/omsbridge/logback.xml",
                "-cp",
                classPath(),
                EmbeddingHost.class.getName(),
                kind,
                String.valueOf(requests)));
        command.addAll(settings(sim));
        long createsBefore = sim.stat("creates");
        Process process = new ProcessBuilder(command)
                .redirectErrorStream(true)
                .redirectOutput(log.toFile())
                .start();
        try (OutputStream commands = process.getOutputStream()) {
            await().atMost(Duration.ofMinutes(10))
                    .pollInterval(Duration.ofMillis(100))
                    .until(() -> {
                        if (!process.isAlive()) {
                            throw new IllegalStateException(
                                    "the host exited with " + process.exitValue() + ", see " + log);
                        }
                        return Files.readString(log).contains("cost.ready");
                    });
            long created = 0;
            if (requests > 0) {
                // every request a task in OMS, then one whole poll cycle over them (a list call per 100 tasks)
                await().atMost(Duration.ofMinutes(5)).until(() -> sim.stat("creates") - createsBefore >= requests);
                created = sim.stat("creates") - createsBefore;
                long listsBefore = sim.stat("lists");
                await().atMost(Duration.ofMinutes(2))
                        .until(() -> sim.stat("lists") - listsBefore >= 2L * requests / 100);
            }
            commands.write("measure\n".getBytes(StandardCharsets.UTF_8));
            commands.flush();
            await().atMost(Duration.ofMinutes(1))
                    .until(() -> Files.readString(log).contains("cost.measured"));
            if (requests > 0) {
                histogram(process.pid(), OUT.resolve(kind + "-" + requests + "-histogram.txt"));
            }
            Map<String, String> figures = figures(log);
            figures.put("created", String.valueOf(created));
            return figures;
        } finally {
            process.destroy();
            process.waitFor();
        }
    }

    /** The bench's class path without its empty entries: one would put the project's own routes/ on it again. */
    private static String classPath() {
        return Arrays.stream(SimulatorProcess.classPath().split(File.pathSeparator))
                .filter(entry -> !entry.isBlank())
                .collect(Collectors.joining(File.pathSeparator));
    }

    /** What the host sets: the required keys as embed-main sets them, and none of the optional servers. */
    private static List<String> settings(SimulatorProcess sim) throws IOException {
        Path dataDir = BridgeRun.newDataDir("embedding-cost");
        Map<String, String> s = new TreeMap<>();
        s.put("bridge.data-dir", dataDir.toString());
        s.put("oms.endpoint", sim.baseUrl());
        s.put("iam.endpoint", sim.baseUrl());
        s.put("iam.username", Defaults.SIM_USER);
        s.put("iam.password", Defaults.SIM_PASSWORD);
        s.put("iam.domain", Defaults.SIM_DOMAIN);
        s.put("oms.project-id", Defaults.SEED_PROJECT_ID);
        s.put("credentials.src.ak", "ALIAS_SRC_AK_123");
        s.put("credentials.src.sk", "ALIAS_SRC_SK_456");
        s.put("credentials.dst.ak", "ALIAS_DST_AK_789");
        s.put("credentials.dst.sk", "ALIAS_DST_SK_012");
        s.put("events.endpoints", "seda:esb-migration-events");
        s.put("broker.port", "0");
        // 10,000 creates at once: OMS's own cap (200 per window by default) would keep most of them waiting
        s.put("bridge.submit.max-creates-per-window", "0");
        // the bench's class path has the optional HTTP server and Prometheus; a host that did not add them has neither
        s.put("camel.server.enabled", "false");
        s.put("camel.management.enabled", "false");
        s.put("camel.metrics.enabled", "false");
        // an embedder's own sizing on top, as key=value,key=value (-Dbench.embedding.settings=...)
        for (String kv : System.getProperty("bench.embedding.settings", "").split(",")) {
            if (kv.contains("=")) {
                s.put(
                        kv.substring(0, kv.indexOf('=')).trim(),
                        kv.substring(kv.indexOf('=') + 1).trim());
            }
        }
        List<String> args = new ArrayList<>();
        s.forEach((k, v) -> args.add(k + "=" + v));
        return args;
    }

    private static Map<String, String> figures(Path log) throws IOException {
        Map<String, String> figures = new TreeMap<>();
        for (String line : Files.readAllLines(log)) {
            if (line.startsWith("cost.") && line.contains("=")) {
                String[] kv = line.substring("cost.".length()).split("=", 2);
                figures.put(kv[0], kv[1]);
            }
        }
        return figures;
    }

    /** The heap's biggest classes, for when the heap figure needs explaining. */
    private static void histogram(long pid, Path to) throws Exception {
        Path jcmd = Path.of(System.getProperty("java.home"), "bin", "jcmd");
        Process p = new ProcessBuilder(jcmd.toString(), String.valueOf(pid), "GC.class_histogram")
                .redirectErrorStream(true)
                .redirectOutput(to.toFile())
                .start();
        p.waitFor();
    }

    /** The threads by name prefix in each case, so an added thread can be traced to its pool. */
    private static String threadGroups(Map<String, String> host, Map<String, String> idle, Map<String, String> busy) {
        TreeSet<String> names = new TreeSet<>();
        for (Map<String, String> m : List.of(host, idle, busy)) {
            m.keySet().stream().filter(k -> k.startsWith("thread-group.")).forEach(names::add);
        }
        StringBuilder md = new StringBuilder("| threads named | host | + bridge, idle | + bridge, in flight |\n");
        md.append("|---|---|---|---|\n");
        for (String name : names) {
            md.append("| ")
                    .append(name.substring("thread-group.".length()).replace("|", "/"))
                    .append(" | ")
                    .append(host.getOrDefault(name, "0"))
                    .append(" | ")
                    .append(idle.getOrDefault(name, "0"))
                    .append(" | ")
                    .append(busy.getOrDefault(name, "0"))
                    .append(" |\n");
        }
        return md.toString();
    }

    private static long number(Map<String, String> figures, String key) {
        String value = figures.get(key);
        if (value == null) {
            throw new IllegalStateException("the host printed no cost." + key);
        }
        return Long.parseLong(value.trim());
    }

    private static String mib(long bytes) {
        return Results.format(bytes / (double) MIB) + " MiB";
    }
}
