package io.omsbridge.bench;

import java.lang.management.ManagementFactory;
import java.lang.management.MemoryPoolMXBean;
import java.lang.management.MemoryType;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.locks.LockSupport;
import java.util.stream.Stream;

import javax.sql.DataSource;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.omsbridge.BridgeRun;
import io.omsbridge.Requests;
import io.omsbridge.config.Defaults;
import io.omsbridge.ledger.LedgerState;
import io.omsbridge.poll.PollCycle;
import jakarta.jms.MessageProducer;
import jakarta.jms.Session;
import org.apache.activemq.artemis.jms.client.ActiveMQConnectionFactory;
import org.apache.camel.Exchange;
import org.apache.camel.builder.RouteBuilder;
import org.apache.hc.client5.http.classic.methods.HttpPost;
import org.apache.hc.client5.http.impl.classic.CloseableHttpClient;
import org.apache.hc.client5.http.impl.classic.HttpClients;
import org.apache.hc.client5.http.impl.io.PoolingHttpClientConnectionManagerBuilder;
import org.apache.hc.core5.http.ContentType;
import org.apache.hc.core5.http.io.entity.EntityUtils;
import org.apache.hc.core5.http.io.entity.StringEntity;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;

import static org.awaitility.Awaitility.await;

/**
 * The benchmark of issue 5 (off by default; {@code mvn -B -Pbench verify}): the simulator runs in its own JVM, the
 * bridge in this one. Prints a table and writes {@code target/bench/results.md} and {@code results.json}. Figures are
 * reported, not asserted: the machine is shared and noisy.
 */
@Tag("bench")
class BenchmarkTest {

    private static final int FILES = Integer.getInteger("bench.files", 10_000);
    private static final int MESSAGES = Integer.getInteger("bench.messages", 10_000);
    private static final int WARMUP = Integer.getInteger("bench.warmup", 1_000);
    private static final int CONNECTIONS = Integer.getInteger("bench.connections", 32);
    private static final String PROJECT = Defaults.SEED_PROJECT_ID;
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final Path OUT = Path.of("target", "bench");
    /** Which parts to run, e.g. {@code -Dbench.phases=bridge,poll} while working on one of them; default all. */
    private static final java.util.Set<String> PHASES = java.util.Set.of(System.getProperty("bench.phases",
            "reference,bridge,naive,small-heap,remote,completion").split(","));

    private final Results results = new Results();
    private final HttpClient http = HttpClient.newHttpClient();

    @Test
    void measure() throws Exception {
        Files.createDirectories(OUT);
        // tasks stay in flight for the whole run, so the poll figures see every one of them
        try (SimulatorProcess sim = SimulatorProcess.start(3_600_000, 3_600_000, 16)) {
            if (PHASES.contains("reference")) {
                rawPostLimit(sim);
                fileSystemRate();
            }
            if (PHASES.contains("bridge")) {
                bridgeRun(sim);
            }
            if (PHASES.contains("naive")) {
                handWrittenAlternative(sim);
            }
        }
        if (PHASES.contains("small-heap")) {
            try (SimulatorProcess small = SimulatorProcess.start(3_600_000, 3_600_000, 16)) {
                smallHeap(small);
            }
        }
        if (PHASES.contains("remote")) {
            try (SimulatorProcess remote = SimulatorProcess.start(3_600_000, 3_600_000, 256)) {
                remoteOms(remote);
            }
        }
        if (PHASES.contains("completion")) {
            try (SimulatorProcess quick = SimulatorProcess.start(300, 1_000, 16)) {
                completionLatency(quick);
            }
        }
        String machine = Runtime.getRuntime().availableProcessors() + " cores, "
                + Runtime.getRuntime().maxMemory() / (1 << 20) + " MiB max heap, " + System.getProperty("java.vm.name")
                + " " + System.getProperty("java.version") + ", " + System.getProperty("os.name");
        results.write(OUT, machine);
        System.out.println("\n" + results.markdown(machine));
    }

    /** The reference: create POSTs a bare HTTP client makes with the same connection count. */
    private void rawPostLimit(SimulatorProcess sim) throws Exception {
        String token = token(sim.baseUrl());
        int n = 20_000;
        String body = Requests.inline(null, "raw");
        try (CloseableHttpClient client = HttpClients.custom().setConnectionManager(
                PoolingHttpClientConnectionManagerBuilder.create().setMaxConnTotal(CONNECTIONS)
                        .setMaxConnPerRoute(CONNECTIONS).build()).build()) {
            ExecutorService pool = Executors.newFixedThreadPool(CONNECTIONS);
            AtomicLong left = new AtomicLong(n);
            long start = System.nanoTime();
            List<Future<?>> all = new ArrayList<>();
            for (int t = 0; t < CONNECTIONS; t++) {
                all.add(pool.submit(() -> {
                    while (left.decrementAndGet() >= 0) {
                        HttpPost post = new HttpPost(sim.baseUrl() + "/v1/" + PROJECT + "/objectstorage/task");
                        post.setHeader("X-Auth-Token", token);
                        post.setEntity(new StringEntity(body, ContentType.APPLICATION_JSON));
                        client.execute(post, response -> {
                            EntityUtils.consume(response.getEntity());
                            return response.getCode();
                        });
                    }
                    return null;
                }));
            }
            for (Future<?> f : all) {
                f.get();
            }
            double rate = n / seconds(start);
            rawPostRate = rate;
            results.add("reference", "raw create POSTs/s, bare HttpClient 5, " + CONNECTIONS + " connections",
                    Results.format(rate));
            pool.shutdown();
        }
    }

    private double rawPostRate;
    private double inboxRate;

    private void fileSystemRate() throws Exception {
        Path dir = Files.createDirectories(OUT.resolve("fs-" + System.nanoTime()));
        int n = 20_000;
        long start = System.nanoTime();
        for (int i = 0; i < n; i++) {
            Path tmp = dir.resolve(i + ".tmp");
            Files.writeString(tmp, "{}");
            Files.move(tmp, dir.resolve(i + ".json"), StandardCopyOption.ATOMIC_MOVE);
        }
        results.add("reference", "file create+rename/s in the inbox's file system", Results.format(n / seconds(start)));
    }

    private void bridgeRun(SimulatorProcess sim) throws Exception {
        Path data = BridgeRun.newDataDir("bench");
        Map<String, String> props = tuned(sim.baseUrl(), data);
        // the reference phase made tokens and tasks of its own: count the bridge's from here
        long tokensBefore = sim.stat("tokenCalls");
        long createsBefore = sim.stat("creates");
        long startNanos = System.nanoTime();
        resetPeaks();
        try (BridgeRun bridge = BridgeRun.start(props)) {
            double startup = seconds(startNanos);
            results.check("footprint", "start-up to ready (in-process, simulator already up)", startup * 1000, "ms",
                    "< 3000 ms", startup < 3);

            dropFiles(bridge, "warm", WARMUP, 0);
            awaitSubmitted(bridge, WARMUP);
            pollCycles(bridge, WARMUP);

            // inbox -> task created
            Map<String, Long> written = dropFiles(bridge, "in", FILES, 0);
            long first = Collections.min(written.values());
            awaitSubmitted(bridge, WARMUP + FILES);
            List<Long> latencies = latencies(bridge, "in-", written);
            double rate = FILES / ((lastSubmitted(bridge, "in-") - first) / 1000.0);
            inboxRate = rate;
            results.check("inbox -> task", FILES + " files: requests/s", rate, "/s", ">= 1500", rate >= 1500);
            results.add("inbox -> task", "ratio to the raw POST limit", String.format("%.2f", rate / rawPostRate));
            results.add("inbox -> task", "latency file written -> task created p50 / p99 (at full load)",
                    pct(latencies, 50) + " / " + pct(latencies, 99) + " ms");

            // queue -> task created: the queue is filled first (in transacted batches), then the route drains it
            bridge.context().getRouteController().stopRoute("inbox-queue");
            fillQueue(MESSAGES);
            long drainStart = System.currentTimeMillis();
            bridge.context().getRouteController().startRoute("inbox-queue");
            awaitSubmitted(bridge, WARMUP + FILES + MESSAGES);
            double qRate = MESSAGES / ((lastSubmitted(bridge, "queue-") - drainStart) / 1000.0);
            results.check("queue -> task", MESSAGES + " messages: requests/s", qRate, "/s", ">= 1500",
                    qRate >= 1500);
            results.add("queue -> task", "ratio to the raw POST limit", String.format("%.2f", qRate / rawPostRate));

            long tokenCalls = sim.stat("tokenCalls") - tokensBefore;
            results.check("IAM", "token calls for " + (WARMUP + FILES + MESSAGES) + " requests", tokenCalls, "",
                    "1", tokenCalls == 1);
            long creates = sim.stat("creates") - createsBefore;
            results.check("exactly once", "OMS creates / requests", creates, "",
                    String.valueOf(WARMUP + FILES + MESSAGES), creates == WARMUP + FILES + MESSAGES);

            // p99 at half the measured rate
            Map<String, Long> paced = dropFiles(bridge, "paced", 3_000, rate / 2);
            awaitSubmitted(bridge, WARMUP + FILES + MESSAGES + 3_000);
            List<Long> pacedLatency = latencies(bridge, "paced-", paced);
            double p99 = pct(pacedLatency, 99);
            results.check("inbox -> task", "latency at half rate (" + Results.format(rate / 2) + "/s) p50 / p99",
                    p99, "ms (p50 " + pct(pacedLatency, 50) + ")", "p99 < 50 ms", p99 < 50);

            // token revoked with 64 requests in flight
            sim.revokeTokens();
            long before = sim.stat("tokenCalls");
            dropFiles(bridge, "revoked", 64, 0);
            awaitSubmitted(bridge, WARMUP + FILES + MESSAGES + 3_000 + 64);
            long refreshes = sim.stat("tokenCalls") - before;
            results.check("IAM", "token refreshes after revocation, 64 in flight", refreshes, "", "1",
                    refreshes == 1);

            pollCycles(bridge, WARMUP + FILES + MESSAGES + 3_000 + 64);
            results.add("footprint", "peak heap during the run (bench JVM, bridge in-process)", peakHeapMiB() + " MiB");
            results.add("footprint", "peak RSS of the bench JVM (bridge + harness)", rssPeakMiB() + " MiB");
        }
    }

    /** The obvious alternative: one plain route, a token per request, one GET per task to poll. */
    private void handWrittenAlternative(SimulatorProcess sim) throws Exception {
        Path data = BridgeRun.newDataDir("naive");
        Path inbox = Files.createDirectories(data.resolve("naive-inbox"));
        long tokensBefore = sim.stat("tokenCalls");
        AtomicLong done = new AtomicLong();
        int n = 2_000;
        try (BridgeRun host = BridgeRun.start(tuned(sim.baseUrl(), data))) {
            host.context().addRoutes(new RouteBuilder() {
                @Override
                public void configure() {
                    from("file:" + inbox + "?readLock=none&delete=true&delay=10&maxMessagesPerPoll=1000")
                            .routeId("hand-written")
                            .process(e -> e.getMessage().setHeader("X-Auth-Token", token(sim.baseUrl())))
                            .setHeader(Exchange.HTTP_METHOD, constant("POST"))
                            .setHeader(Exchange.CONTENT_TYPE, constant("application/json"))
                            .to(sim.baseUrl() + "/v1/" + PROJECT + "/objectstorage/task")
                            .process(e -> done.incrementAndGet());
                }
            });
            long start = System.nanoTime();
            for (int i = 0; i < n; i++) {
                Path tmp = inbox.resolve("n" + i + ".tmp");
                Files.writeString(tmp, Requests.inline("naive-" + i, "naive"));
                Files.move(tmp, inbox.resolve("n" + i + ".json"), StandardCopyOption.ATOMIC_MOVE);
            }
            await().atMost(Duration.ofMinutes(10)).until(() -> done.get() == n);
            double rate = n / seconds(start);
            results.add("hand-written route", n + " files: requests/s (token per request, one consumer)",
                    Results.format(rate));
            results.add("hand-written route", "IAM token calls for " + n + " requests",
                    String.valueOf(sim.stat("tokenCalls") - tokensBefore));
        }
        // per-task GET polling over every task the simulator holds
        String token = token(sim.baseUrl());
        JsonNode stats = sim.stats();
        long tasks = stats.path("creates").asLong();
        List<Long> ids = taskIds(sim, token, (int) Math.min(tasks, 10_000));
        long start = System.nanoTime();
        for (long id : ids) {
            http.send(HttpRequest.newBuilder(URI.create(sim.baseUrl() + "/v1/" + PROJECT + "/objectstorage/task/" + id))
                    .header("X-Auth-Token", token).build(), HttpResponse.BodyHandlers.discarding());
        }
        results.add("hand-written poll", "GET per task: " + ids.size() + " in flight",
                ids.size() + " calls, " + Math.round(seconds(start) * 1000) + " ms");
    }

    /**
     * The bridge in its own JVM with {@code -Xmx64m}: three batches of files go through, and the heap in use after a
     * full GC is read between batches (jcmd), so a leak shows as growth.
     */
    private void smallHeap(SimulatorProcess sim) throws Exception {
        int batch = Integer.getInteger("bench.small-heap-batch", 10_000);
        Path data = BridgeRun.newDataDir("small-heap").toAbsolutePath();
        List<String> command = new ArrayList<>(List.of(Path.of(System.getProperty("java.home"), "bin", "java")
                .toString(), "-Xmx64m", "-XX:+UseSerialGC"));
        tuned(sim.baseUrl(), data).forEach((k, v) -> command.add("-D" + k + "=" + v));
        command.addAll(List.of("-cp", SimulatorProcess.classPath(), "io.omsbridge.OmsBridge"));
        long startNanos = System.nanoTime();
        Process bridge = new ProcessBuilder(command).redirectErrorStream(true)
                .redirectOutput(OUT.resolve("small-heap-bridge.log").toFile()).start();
        try {
            Path inbox = data.resolve("inbox");
            await().atMost(Duration.ofMinutes(1)).until(() -> Files.readString(OUT.resolve("small-heap-bridge.log"))
                    .contains("Routes startup"));
            results.check("footprint", "start-up to ready, own JVM, -Xmx64m", seconds(startNanos) * 1000, "ms",
                    "< 3000 ms", seconds(startNanos) < 3);
            long createsBefore = sim.stat("creates");
            List<String> heaps = new ArrayList<>();
            for (int b = 0; b < 3; b++) {
                for (int i = 0; i < batch; i++) {
                    String id = "small-" + b + "-" + i;
                    Path tmp = inbox.resolve(id + ".tmp");
                    Files.writeString(tmp, Requests.inline(id, "small"));
                    Files.move(tmp, inbox.resolve(id + ".json"), StandardCopyOption.ATOMIC_MOVE);
                }
                long expected = createsBefore + (long) (b + 1) * batch;
                await().atMost(Duration.ofMinutes(15)).pollInterval(Duration.ofSeconds(1))
                        .until(() -> sim.stat("creates") >= expected);
                heaps.add(heapAfterGcMiB(bridge.pid()) + " MiB");
            }
            boolean alive = bridge.isAlive();
            results.check("footprint", "3 x " + batch + " files with -Xmx64m: heap after GC per batch",
                    alive ? 1 : 0, String.join(" / ", heaps), "completes, flat", alive);
            results.add("footprint", "peak RSS of the -Xmx64m bridge", rssPeakMiB(bridge.pid()) + " MiB");
        } finally {
            bridge.destroy();
            bridge.waitFor();
        }
    }

    private static long heapAfterGcMiB(long pid) throws Exception {
        run("jcmd", String.valueOf(pid), "GC.run");
        String info = run("jcmd", String.valueOf(pid), "GC.heap_info");
        java.util.regex.Matcher m = java.util.regex.Pattern.compile("total (\\d+)K, used (\\d+)K").matcher(info);
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

    private static long rssPeakMiB(long pid) throws Exception {
        for (String line : Files.readAllLines(Path.of("/proc/" + pid + "/status"))) {
            if (line.startsWith("VmHWM:")) {
                return Long.parseLong(line.replaceAll("\\D", "")) / 1024;
            }
        }
        return -1;
    }

    /** A remote OMS: 50 ms added to every call; throughput should reach 0.85 x connections / round trip. */
    private void remoteOms(SimulatorProcess remote) throws Exception {
        remote.faults("{\"latencyMs\":50}");
        int connections = 64;
        Map<String, String> props = tuned(remote.baseUrl(), BridgeRun.newDataDir("remote"));
        props.put("bridge.submit.consumers", String.valueOf(connections));
        props.put("camel.component.http.connections-per-route", String.valueOf(connections));
        int n = 4_000;
        try (BridgeRun bridge = BridgeRun.start(props)) {
            Map<String, Long> written = dropFiles(bridge, "remote", n, 0);
            awaitSubmitted(bridge, n);
            double rate = n / ((lastSubmitted(bridge, "remote-") - Collections.min(written.values())) / 1000.0);
            double target = 0.85 * connections / 0.05;
            results.check("remote OMS (+50 ms)", n + " files, " + connections + " connections: requests/s", rate,
                    "/s", ">= " + Results.format(target), rate >= target);
        }
    }

    /** From a task ending in OMS to its event file in the outbox, with the poll every second. */
    private void completionLatency(SimulatorProcess quick) throws Exception {
        Map<String, String> props = tuned(quick.baseUrl(), BridgeRun.newDataDir("completion"));
        props.put("bridge.poll-cron", "0/1 * * * * ?");
        props.put("bridge.poll.min-interval", "PT1S");
        props.put("bridge.poll.max-interval", "PT1S");
        int n = 300;
        try (BridgeRun bridge = BridgeRun.start(props)) {
            dropFiles(bridge, "done", n, 0);
            await().atMost(Duration.ofMinutes(2)).until(() -> outboxFiles(bridge).size() >= n);
            String token = token(quick.baseUrl());
            List<Long> latencies = new ArrayList<>();
            for (Path f : outboxFiles(bridge)) {
                JsonNode event = JSON.readTree(f.toFile());
                JsonNode task = JSON.readTree(http.send(HttpRequest.newBuilder(URI.create(quick.baseUrl() + "/v1/"
                        + PROJECT + "/objectstorage/task/" + event.path("data").path("task_id").asLong()))
                        .header("X-Auth-Token", token).build(), HttpResponse.BodyHandlers.ofString()).body());
                long ended = task.path("start_time").asLong() + task.path("total_time").asLong();
                latencies.add(Files.getLastModifiedTime(f).toMillis() - ended);
            }
            results.add("completion", "task ends in OMS -> event in outbox p50 / p99 (poll every 1 s)",
                    pct(latencies, 50) + " / " + pct(latencies, 99) + " ms");
        }
    }

    private void pollCycles(BridgeRun bridge, int inFlight) {
        PollCycle first = bridge.poller().cycle();
        PollCycle steady = bridge.poller().cycle();
        int target = (inFlight + 99) / 100;
        results.add("poll", inFlight + " in flight, first cycle (every row written)",
                first.calls() + " calls (" + first.lists() + " list, " + first.shows() + " show), " + first.millis()
                        + " ms");
        results.check("poll", inFlight + " in flight, steady cycle: OMS calls", steady.calls(),
                "calls, " + steady.millis() + " ms", "~" + target + " (ceil N/100)", steady.calls() <= target + 4);
    }

    private Map<String, String> tuned(String simUrl, Path data) {
        Map<String, String> props = BridgeRun.defaults(simUrl, data);
        // writers rename into the inbox, so no read lock is needed; poll the directory often for latency
        props.put("bridge.inbox.read-lock", "none");
        props.put("bridge.inbox.poll-delay", "10");
        props.put("bridge.inbox.max-per-poll", "2000");
        props.put("bridge.queue.consumers", "8");
        // the figures drive the poll by hand; every in-flight task is due at every cycle
        props.put("bridge.poll-cron", "0 0 0 1 1 ? 2099");
        props.put("bridge.poll.min-interval", "PT0S");
        props.put("bridge.poll.max-interval", "PT0S");
        props.put("bridge.poll.batch", "100000");
        props.put("bridge.publish.interval", "100");
        return props;
    }

    private static Map<String, Long> dropFiles(BridgeRun bridge, String prefix, int n, double perSecond)
            throws Exception {
        Map<String, Long> written = new ConcurrentHashMap<>();
        long start = System.nanoTime();
        for (int i = 0; i < n; i++) {
            if (perSecond > 0) {
                long due = start + (long) (i * 1e9 / perSecond);
                LockSupport.parkNanos(due - System.nanoTime());
            }
            String id = prefix + "-" + i;
            bridge.drop(id + ".json", Requests.inline(id, prefix + "-bucket"));
            written.put(id, System.currentTimeMillis());
        }
        return written;
    }

    private static void fillQueue(int n) throws Exception {
        try (ActiveMQConnectionFactory factory = new ActiveMQConnectionFactory("vm://0");
                jakarta.jms.Connection connection = factory.createConnection()) {
            Session session = connection.createSession(true, Session.SESSION_TRANSACTED);
            MessageProducer producer = session.createProducer(session.createQueue("oms.migration.requests"));
            for (int i = 0; i < n; i++) {
                var message = session.createTextMessage(Requests.inline(null, "queue-bucket"));
                message.setStringProperty("requestId", "queue-" + i);
                producer.send(message);
                if (i % 500 == 499) {
                    session.commit();
                }
            }
            session.commit();
        }
    }

    private static void awaitSubmitted(BridgeRun bridge, long n) {
        await().atMost(Duration.ofMinutes(15)).pollInterval(Duration.ofMillis(100)).until(
                () -> bridge.ledger().countByState().getOrDefault(LedgerState.SUBMITTED, 0L) >= n);
    }

    private static long lastSubmitted(BridgeRun bridge, String prefix) throws Exception {
        try (Connection c = bridge.bean("ledgerDataSource", DataSource.class).getConnection();
                PreparedStatement ps = c.prepareStatement(
                        "select max(submitted_at) from bridge_request where request_id like ?")) {
            ps.setString(1, prefix + "%");
            try (ResultSet rs = ps.executeQuery()) {
                rs.next();
                return rs.getLong(1);
            }
        }
    }

    private static List<Long> latencies(BridgeRun bridge, String prefix, Map<String, Long> written)
            throws Exception {
        List<Long> out = new ArrayList<>();
        try (Connection c = bridge.bean("ledgerDataSource", DataSource.class).getConnection();
                PreparedStatement ps = c.prepareStatement(
                        "select request_id, submitted_at from bridge_request where request_id like ?")) {
            ps.setString(1, prefix + "%");
            try (ResultSet rs = ps.executeQuery()) {
                while (rs.next()) {
                    out.add(rs.getLong(2) - written.get(rs.getString(1)));
                }
            }
        }
        return out;
    }

    private List<Long> taskIds(SimulatorProcess sim, String token, int n) throws Exception {
        List<Long> ids = new ArrayList<>();
        for (int start = 0; ids.size() < n; start += 100) {
            JsonNode page = JSON.readTree(http.send(HttpRequest.newBuilder(URI.create(sim.baseUrl() + "/v1/" + PROJECT
                    + "/objectstorage/task?start=" + start + "&limit=100")).header("X-Auth-Token", token).build(),
                    HttpResponse.BodyHandlers.ofString()).body());
            if (page.size() == 0) {
                break;
            }
            page.forEach(t -> ids.add(t.path("id").asLong()));
        }
        return ids.subList(0, Math.min(n, ids.size()));
    }

    private static List<Path> outboxFiles(BridgeRun bridge) throws Exception {
        try (Stream<Path> files = Files.list(bridge.outbox())) {
            return files.filter(f -> f.getFileName().toString().endsWith(".json")
                    && !f.getFileName().toString().startsWith(".")).toList();
        }
    }

    private String token(String baseUrl) throws Exception {
        String body = "{\"auth\":{\"identity\":{\"methods\":[\"password\"],\"password\":{\"user\":{\"name\":\""
                + Defaults.SIM_USER + "\",\"password\":\"" + Defaults.SIM_PASSWORD + "\",\"domain\":{\"name\":\""
                + Defaults.SIM_DOMAIN + "\"}}}},\"scope\":{\"project\":{\"id\":\"" + PROJECT + "\"}}}}";
        return http.send(HttpRequest.newBuilder(URI.create(baseUrl + "/v3/auth/tokens"))
                .POST(HttpRequest.BodyPublishers.ofString(body)).header("Content-Type", "application/json").build(),
                HttpResponse.BodyHandlers.discarding()).headers().firstValue("X-Subject-Token").orElseThrow();
    }

    private static long pct(List<Long> values, int percentile) {
        List<Long> sorted = new ArrayList<>(values);
        Collections.sort(sorted);
        return sorted.isEmpty() ? -1 : sorted.get(Math.min(sorted.size() - 1,
                (int) Math.ceil(percentile / 100.0 * sorted.size()) - 1));
    }

    private static double seconds(long startNanos) {
        return (System.nanoTime() - startNanos) / 1e9;
    }

    private static void resetPeaks() {
        ManagementFactory.getMemoryPoolMXBeans().forEach(MemoryPoolMXBean::resetPeakUsage);
    }

    private static long peakHeapMiB() {
        long peak = 0;
        for (MemoryPoolMXBean pool : ManagementFactory.getMemoryPoolMXBeans()) {
            if (pool.getType() == MemoryType.HEAP) {
                peak += pool.getPeakUsage().getUsed();
            }
        }
        return peak / (1 << 20);
    }

    private static long rssPeakMiB() throws Exception {
        return rssPeakMiB(ProcessHandle.current().pid());
    }
}
