package io.omsbridge.bench;

import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.omsbridge.BridgeRun;
import io.omsbridge.KafkaBroker;
import io.omsbridge.Requests;
import io.omsbridge.poll.PollCycle;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.atomic.AtomicLong;
import java.util.stream.Stream;
import org.apache.camel.Exchange;
import org.apache.camel.builder.RouteBuilder;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;

/**
 * The benchmark of issue 5 ({@code mvn -B -Pbench verify}, after the jar is built): the simulator runs in JVMs of its
 * own, the bridge in this one (and in its own JVM for the start-up and small-heap figures). Prints a table and writes
 * {@code target/bench/results.md} and {@code results.json}. Figures are reported, not asserted: the machine is shared.
 */
@Tag("bench")
class BenchmarkIT {

    private static final int FILES = Integer.getInteger("bench.files", 10_000);
    private static final int MESSAGES = Integer.getInteger("bench.messages", 10_000);
    /** The JIT needs tens of thousands of requests on two cores before the figures settle. */
    private static final int WARMUP = Integer.getInteger("bench.warmup", 15_000);

    private static final int CONNECTIONS = Integer.getInteger("bench.connections", 32);
    private static final List<Integer> IN_FLIGHT = Stream.of(
                    System.getProperty("bench.in-flight", "1000,10000,50000").split(","))
            .map(Integer::valueOf)
            .toList();
    private static final Set<String> PHASES = Set.of(
            System.getProperty("bench.phases", "reference,bridge,poll,naive,startup,small-heap,remote,completion")
                    .split(","));
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final Path OUT = Path.of("target", "bench");
    private static final long HOUR = 3_600_000;

    private final Results results = new Results();
    private double rawPostRate = Double.NaN;

    @Test
    void measure() throws Exception {
        Files.createDirectories(OUT);
        try (SimulatorProcess sim = SimulatorProcess.start(HOUR, HOUR, 16)) {
            if (PHASES.contains("reference")) {
                reference(sim);
            }
            if (PHASES.contains("bridge")) {
                bridge(sim);
            }
            if (PHASES.contains("naive")) {
                handWrittenRoute(sim);
            }
        }
        if (PHASES.contains("poll")) {
            try (SimulatorProcess sim = SimulatorProcess.start(HOUR, HOUR, 16)) {
                pollCycles(sim);
            }
        }
        if (PHASES.contains("startup")) {
            try (SimulatorProcess sim = SimulatorProcess.start(HOUR, HOUR, 16)) {
                startUp(sim);
            }
        }
        if (PHASES.contains("small-heap")) {
            try (SimulatorProcess sim = SimulatorProcess.start(HOUR, HOUR, 16)) {
                smallHeap(sim);
            }
        }
        if (PHASES.contains("remote")) {
            try (SimulatorProcess remote = SimulatorProcess.start(HOUR, HOUR, 256)) {
                remoteOms(remote);
            }
        }
        if (PHASES.contains("completion")) {
            try (SimulatorProcess quick = SimulatorProcess.start(300, 1_000, 16)) {
                completionLatency(quick);
            }
        }
        String machine = Runtime.getRuntime().availableProcessors() + " cores, "
                + Runtime.getRuntime().maxMemory() / (1 << 20) + " MiB max heap (bench JVM), "
                + System.getProperty("java.vm.name") + " " + System.getProperty("java.version") + ", "
                + System.getProperty("os.name") + " " + System.getProperty("os.arch");
        results.write(OUT, machine);
        System.out.println("\n" + results.markdown(machine));
    }

    /** The limits the bridge works against: raw create POSTs with the same connections, and the file system. */
    private void reference(SimulatorProcess sim) throws Exception {
        String token = Load.token(sim.baseUrl());
        Load.rawPosts(sim.baseUrl(), token, 10_000, CONNECTIONS);
        rawPostRate = Load.rawPosts(sim.baseUrl(), token, 20_000, CONNECTIONS);
        results.add(
                "reference",
                "raw create POSTs/s, bare HttpClient 5, " + CONNECTIONS + " connections (warm)",
                Results.format(rawPostRate));
        results.add(
                "reference",
                "file create+rename/s in the inbox's file system",
                Results.format(Load.fileSystemRate(OUT.resolve("fs-" + System.nanoTime()), 20_000)));
    }

    private void bridge(SimulatorProcess sim) throws Exception {
        long tokensBefore = sim.stat("tokenCalls");
        long createsBefore = sim.stat("creates");
        // a Kafka broker in this JVM, as the queue's embedded broker is: the Kafka inbox's row beside the queue's
        try (KafkaBroker kafka = KafkaBroker.start();
                BridgeRun bridge =
                        BridgeRun.start(withKafka(tuned(sim.baseUrl(), BridgeRun.newDataDir("bench")), kafka))) {
            long total = 0;
            // warm-up through every inbox, so the JIT has compiled the whole path before anything is counted
            Load.files(bridge, "warm", WARMUP, 0);
            Load.messages("vm://0", "warm-q", WARMUP / 3);
            Load.records(kafka, "warm-k", WARMUP / 3);
            total += WARMUP + 2 * (WARMUP / 3);
            Probe.awaitSubmitted(bridge, total);

            // inbox -> task created
            Probe.resetPeakRss();
            Map<String, Long> written = Load.files(bridge, "in", FILES, 0);
            long first = Collections.min(written.values());
            total += FILES;
            Probe.awaitSubmitted(bridge, total);
            List<Long> latencies = Probe.latencies(bridge, "in-", written);
            double rate = FILES / ((Probe.lastSubmitted(bridge, "in-") - first) / 1000.0);
            results.check("inbox -> task", FILES + " files: requests/s", rate, "/s", ">= 2000", rate >= 2000);
            results.add("inbox -> task", "ratio to the raw POST limit", ratio(rate));
            results.add(
                    "inbox -> task",
                    "latency file written -> task created p50 / p99 (at full load)",
                    Probe.percentile(latencies, 50) + " / " + Probe.percentile(latencies, 99) + " ms");
            results.add(
                    "footprint",
                    "the " + FILES + "-file run in the bench JVM: peak RSS / heap after GC (bridge" + " and harness)",
                    Probe.peakRssMiB() + " / " + Probe.heapAfterGcMiB() + " MiB");

            // queue -> task created: the queue is filled first (in transacted batches), then the route drains it
            bridge.context().getRouteController().stopRoute("inbox-queue");
            Load.messages("vm://0", "queue", MESSAGES);
            long drainStart = System.currentTimeMillis();
            bridge.context().getRouteController().startRoute("inbox-queue");
            total += MESSAGES;
            Probe.awaitSubmitted(bridge, total);
            double qRate = MESSAGES / ((Probe.lastSubmitted(bridge, "queue-") - drainStart) / 1000.0);
            results.check("queue -> task", MESSAGES + " messages: requests/s", qRate, "/s", ">= 2000", qRate >= 2000);
            results.add("queue -> task", "ratio to the raw POST limit", ratio(qRate));

            // Kafka -> task created: the topic is filled first, then the inbox drains it (batches, one ledger
            // transaction and one commit each)
            bridge.context().getRouteController().stopRoute("inbox-kafka");
            Load.records(kafka, "kafka", MESSAGES);
            long kafkaStart = System.currentTimeMillis();
            bridge.context().getRouteController().startRoute("inbox-kafka");
            total += MESSAGES;
            Probe.awaitSubmitted(bridge, total);
            double kRate = MESSAGES / ((Probe.lastSubmitted(bridge, "kafka-") - kafkaStart) / 1000.0);
            results.check(
                    "Kafka -> task",
                    MESSAGES + " records: requests/s",
                    kRate,
                    "/s",
                    ">= queue (" + Results.format(qRate) + "/s)",
                    kRate >= qRate);
            results.add("Kafka -> task", "ratio to the raw POST limit", ratio(kRate));

            // latency at half the measured rate
            Map<String, Long> paced = Load.files(bridge, "paced", 3_000, rate / 2);
            total += 3_000;
            Probe.awaitSubmitted(bridge, total);
            List<Long> pacedLatency = Probe.latencies(bridge, "paced-", paced);
            double p99 = Probe.percentile(pacedLatency, 99);
            results.check(
                    "inbox -> task",
                    "latency at half rate (" + Results.format(rate / 2) + "/s) p50 / p99",
                    p99,
                    "ms (p50 " + Probe.percentile(pacedLatency, 50) + ")",
                    "p99 < 50 ms",
                    p99 < 50);

            long tokenCalls = sim.stat("tokenCalls") - tokensBefore;
            results.check(
                    "IAM", "token calls for the run's " + total + " requests", tokenCalls, "", "1", tokenCalls == 1);

            // every token revoked with 64 requests in flight: one refresh for all of them
            sim.revokeTokens();
            long before = sim.stat("tokenCalls");
            Load.files(bridge, "revoked", 64, 0);
            total += 64;
            Probe.awaitSubmitted(bridge, total);
            long refreshes = sim.stat("tokenCalls") - before;
            results.check("IAM", "token refreshes after revocation, 64 in flight", refreshes, "", "1", refreshes == 1);

            long creates = sim.stat("creates") - createsBefore;
            results.check(
                    "exactly once",
                    "OMS creates for " + total + " requests",
                    creates,
                    "",
                    String.valueOf(total),
                    creates == total);
        }
    }

    /** Poll cycles with 1,000, 10,000 and 50,000 tasks in flight, ours beside one GET per task. */
    private void pollCycles(SimulatorProcess sim) throws Exception {
        try (BridgeRun bridge = BridgeRun.start(tuned(sim.baseUrl(), BridgeRun.newDataDir("poll")))) {
            String token = Load.token(sim.baseUrl());
            int inFlight = 0;
            for (int target : IN_FLIGHT) {
                Load.lines(bridge, "f" + target, target - inFlight);
                inFlight = target;
                Probe.awaitSubmitted(bridge, inFlight);
                PollCycle first = bridge.poller().cycle();
                Probe.resetPeakRss();
                long callsBefore = sim.stat("lists") + sim.stat("shows");
                PollCycle steady = bridge.poller().cycle();
                long calls = sim.stat("lists") + sim.stat("shows") - callsBefore;
                // a listing per in-flight status (0-3) ends at its first short page: about N/100 plus a few
                int bound = (inFlight + 99) / 100 + 3;
                results.add(
                        "poll",
                        String.format("%,d in flight: first cycle (every row written)", inFlight),
                        first.calls() + " calls, " + first.millis() + " ms");
                results.check(
                        "poll",
                        String.format("%,d in flight: steady cycle, OMS calls / wall time", inFlight),
                        calls,
                        "calls, " + steady.millis() + " ms",
                        "<= ceil(N/100)+3" + (inFlight == 10_000 ? ", < 1 s" : ""),
                        calls <= bound && (inFlight != 10_000 || steady.millis() < 1000));
                if (inFlight == IN_FLIGHT.get(IN_FLIGHT.size() - 1)) {
                    results.add(
                            "footprint",
                            String.format(
                                    "%,d in flight, over a steady poll cycle: peak RSS / heap"
                                            + " after GC (bench JVM, bridge and harness)",
                                    inFlight),
                            Probe.peakRssMiB() + " / " + Probe.heapAfterGcMiB() + " MiB");
                }
                List<Long> ids = taskIds(bridge, inFlight);
                long millis = Load.showEach(sim.baseUrl(), token, ids);
                results.add(
                        "hand-written poll",
                        String.format("%,d in flight: one GET per task", inFlight),
                        ids.size() + " calls, " + millis + " ms");
            }
        }
    }

    /** The obvious alternative: one plain route, a token per request, one consumer. */
    private void handWrittenRoute(SimulatorProcess sim) throws Exception {
        Path data = BridgeRun.newDataDir("naive");
        Path inbox = Files.createDirectories(data.resolve("naive-inbox"));
        long tokensBefore = sim.stat("tokenCalls");
        AtomicLong done = new AtomicLong();
        int n = 2_000;
        try (BridgeRun host = BridgeRun.start(tuned(sim.baseUrl(), data))) {
            host.context().addRoutes(new RouteBuilder() {
                @Override
                public void configure() {
                    from("file:" + inbox
                                    + "?antInclude=*.json&readLock=none&delete=true&delay=10&maxMessagesPerPoll=1000")
                            .routeId("hand-written")
                            .process(e -> e.getMessage().setHeader("X-Auth-Token", Load.token(sim.baseUrl())))
                            .setHeader(Exchange.HTTP_METHOD, constant("POST"))
                            .setHeader(Exchange.CONTENT_TYPE, constant("application/json"))
                            .to(sim.baseUrl() + "/v1/" + Load.PROJECT + "/objectstorage/task")
                            .process(e -> done.incrementAndGet());
                }
            });
            long start = System.nanoTime();
            for (int i = 0; i < n; i++) {
                host.drop("../naive-inbox/n" + i + ".json", Requests.inline("naive-" + i, "naive"));
            }
            await().atMost(Duration.ofMinutes(10)).until(() -> done.get() == n);
            results.add(
                    "hand-written route",
                    n + " files: requests/s (token per request, one consumer)",
                    Results.format(n / Probe.seconds(start)));
            results.add(
                    "hand-written route",
                    "IAM token calls for " + n + " requests",
                    String.valueOf(sim.stat("tokenCalls") - tokensBefore));
        }
    }

    /** Launch to ready of the jar as a user runs it, plain and with a class-data archive made by one earlier run. */
    private void startUp(SimulatorProcess sim) throws Exception {
        Path data = BridgeRun.newDataDir("startup").toAbsolutePath();
        Path archive = OUT.resolve("oms-bridge.jsa").toAbsolutePath();
        Map<String, String> settings = tuned(sim.baseUrl(), data);
        List<Long> plain = new ArrayList<>();
        for (int i = 0; i < 3; i++) {
            try (JarProcess bridge = JarProcess.start(List.of(), settings, OUT.resolve("startup-plain.log"))) {
                plain.add(bridge.readyMillis());
            }
        }
        Files.deleteIfExists(archive);
        try (JarProcess training = JarProcess.start(
                List.of("-XX:ArchiveClassesAtExit=" + archive), settings, OUT.resolve("startup-training.log"))) {
            training.readyMillis();
        }
        List<Long> shared = new ArrayList<>();
        for (int i = 0; i < 3; i++) {
            try (JarProcess bridge = JarProcess.start(
                    List.of("-XX:SharedArchiveFile=" + archive), settings, OUT.resolve("startup-cds.log"))) {
                shared.add(bridge.readyMillis());
            }
        }
        long best = Collections.min(plain);
        results.check(
                "footprint",
                "start-up to ready: java -jar (best of 3, all: " + plain + " ms)",
                best,
                "ms",
                "< 3000 ms",
                best < 3000);
        long bestShared = Collections.min(shared);
        results.check(
                "footprint",
                "start-up to ready: java -XX:SharedArchiveFile=... -jar (best of 3, all: " + shared + " ms)",
                bestShared,
                "ms",
                "< 3000 ms",
                bestShared < 3000);
    }

    /**
     * The jar in its own JVM with {@code -Xmx64m}: three batches of files go through, and the heap in use after a full
     * GC is read between batches (jcmd), so a leak shows as growth.
     */
    private void smallHeap(SimulatorProcess sim) throws Exception {
        int batch = Integer.getInteger("bench.small-heap-batch", FILES);
        Path data = BridgeRun.newDataDir("small-heap").toAbsolutePath();
        try (JarProcess bridge = JarProcess.start(
                List.of("-Xmx64m", "-XX:+UseSerialGC"),
                tuned(sim.baseUrl(), data),
                OUT.resolve("small-heap-bridge.log"))) {
            Path inbox = data.resolve("inbox");
            long createsBefore = sim.stat("creates");
            List<String> heaps = new ArrayList<>();
            for (int b = 0; b < 3; b++) {
                for (int i = 0; i < batch; i++) {
                    String id = "small-" + b + "-" + i;
                    Path tmp = inbox.resolve(id + ".tmp");
                    Files.writeString(tmp, Requests.inline(id, "small"));
                    Files.move(tmp, inbox.resolve(id + ".json"));
                }
                long expected = createsBefore + (long) (b + 1) * batch;
                await().atMost(Duration.ofMinutes(15))
                        .pollInterval(Duration.ofSeconds(1))
                        .until(() -> sim.stat("creates") >= expected);
                heaps.add(Probe.heapAfterGcMiB(bridge.pid()) + " MiB");
            }
            results.add(
                    "footprint",
                    "3 x " + batch + " files with -Xmx64m: heap after GC after each batch",
                    String.join(" / ", heaps));
            results.check(
                    "footprint",
                    "3 x " + batch + " files with -Xmx64m: every request created, bridge alive",
                    sim.stat("creates") - createsBefore,
                    "creates",
                    String.valueOf(3L * batch),
                    bridge.alive() && sim.stat("creates") - createsBefore == 3L * batch);
            results.add("footprint", "peak RSS of the -Xmx64m bridge", Probe.peakRssMiB(bridge.pid()) + " MiB");
        }
    }

    /** A remote OMS: 50 ms added to every call; throughput should reach 0.9 x connections / round trip. */
    private void remoteOms(SimulatorProcess remote) throws Exception {
        remote.faults("{\"latencyMs\":50}");
        int connections = 64;
        Map<String, String> props = tuned(remote.baseUrl(), BridgeRun.newDataDir("remote"));
        props.put("bridge.submit.consumers", String.valueOf(connections));
        props.put("camel.component.http.connections-per-route", String.valueOf(connections));
        int n = 6_000;
        try (BridgeRun bridge = BridgeRun.start(props)) {
            Load.files(bridge, "remote-warm", 2_000, 0);
            Probe.awaitSubmitted(bridge, 2_000);
            Map<String, Long> written = Load.files(bridge, "remote", n, 0);
            Probe.awaitSubmitted(bridge, 2_000 + n);
            double rate = n / ((Probe.lastSubmitted(bridge, "remote-") - Collections.min(written.values())) / 1000.0);
            double target = 0.9 * connections / 0.05;
            results.check(
                    "remote OMS (+50 ms)",
                    n + " files, " + connections + " connections: requests/s",
                    rate,
                    "/s",
                    ">= " + Results.format(target),
                    rate >= target);
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
            Load.files(bridge, "done", n, 0);
            await().atMost(Duration.ofMinutes(2))
                    .until(() -> outboxFiles(bridge).size() >= n);
            String token = Load.token(quick.baseUrl());
            List<Long> latencies = new ArrayList<>();
            for (Path f : outboxFiles(bridge)) {
                JsonNode event = JSON.readTree(f.toFile());
                JsonNode task =
                        quick.task(token, event.path("data").path("task_id").asLong());
                long ended = task.path("start_time").asLong()
                        + task.path("total_time").asLong();
                latencies.add(Files.getLastModifiedTime(f).toMillis() - ended);
            }
            results.add(
                    "completion",
                    "task ends in OMS -> event in outbox p50 / p99 (poll every 1 s)",
                    Probe.percentile(latencies, 50) + " / " + Probe.percentile(latencies, 99) + " ms");
        }
    }

    private String ratio(double rate) {
        return Double.isNaN(rawPostRate) ? "n/a (reference not run)" : String.format("%.2f", rate / rawPostRate);
    }

    /** The settings of every bench run: the shared test defaults, tuned for throughput as the README says. */
    private static Map<String, String> tuned(String simUrl, Path data) {
        Map<String, String> props = BridgeRun.defaults(simUrl, data);
        // writers rename into the inbox, so no read lock is needed; poll the directory often for latency
        props.put("bridge.inbox.read-lock", "none");
        props.put("bridge.inbox.poll-delay", "10");
        props.put("bridge.inbox.max-per-poll", "2000");
        // the figures drive the poll by hand; every in-flight task is due at every cycle
        props.put("bridge.poll-cron", "0 0 0 1 1 ? 2099");
        props.put("bridge.poll.min-interval", "PT0S");
        props.put("bridge.poll.max-interval", "PT0S");
        props.put("bridge.poll.batch", "100000");
        props.put("bridge.publish.interval", "100");
        props.put("bridge.submit.sweep-interval", "5000");
        props.put("bridge.submit.consumers", System.getProperty("bench.consumers", "32"));
        props.put("bridge.inbox.threads", System.getProperty("bench.inbox-threads", "4"));
        props.put("bridge.queue.consumers", System.getProperty("bench.queue-consumers", "8"));
        return props;
    }

    /** The Kafka inbox on, at its defaults, reading the broker the benchmark started. */
    private static Map<String, String> withKafka(Map<String, String> props, KafkaBroker kafka) {
        props.put("bridge.kafka.bootstrap-servers", kafka.bootstrapServers());
        return props;
    }

    private static List<Long> taskIds(BridgeRun bridge, int n) throws Exception {
        List<Long> ids =
                new ArrayList<>(bridge.taskLedger().watched(Load.PROJECT).keySet());
        return ids.subList(0, Math.min(n, ids.size()));
    }

    private static List<Path> outboxFiles(BridgeRun bridge) throws Exception {
        try (Stream<Path> files = Files.list(bridge.outbox())) {
            return files.filter(f -> f.getFileName().toString().endsWith(".json")
                            && !f.getFileName().toString().startsWith("."))
                    .toList();
        }
    }
}
