package io.omsbridge.simulator;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.AtomicLongArray;

/**
 * Measures the simulator's request rate: N create POSTs then N show GETs from K threads (java.net.http, HTTP/1.1).
 * Usage, after {@code mvn -B -q test-compile} and, once, writing the classpath with
 * {@code mvn -q dependency:build-classpath -Dmdep.outputFile=target/cp.txt -Dmdep.includeScope=test}:
 * {@code java -cp target/classes:target/test-classes:$(cat target/cp.txt) io.omsbridge.simulator.SimulatorLoad [N] [K]
 * [serverThreads]}
 */
public final class SimulatorLoad {

    private SimulatorLoad() {}

    public static void main(String[] args) throws Exception {
        int n = args.length > 0 ? Integer.parseInt(args[0]) : 20_000;
        int k = args.length > 1 ? Integer.parseInt(args[1]) : 8;
        int serverThreads = args.length > 2 ? Integer.parseInt(args[2]) : 8;
        try (OmsSimulator simulator = OmsSimulator.start(SimulatorSettings.builder()
                .threads(serverThreads)
                .waitTime(Duration.ofMinutes(10))
                .maxCreatesPer24h(0)
                .maxWaitingTasks(0)
                .maxRunningTasks(0)
                .build())) {
            HttpClient http =
                    HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).build();
            String token = token(http, simulator.baseUrl());
            String taskUrl = simulator.baseUrl() + "/v1/" + SimClient.PROJECT + "/objectstorage/task";
            AtomicLongArray ids = new AtomicLongArray(n);

            run("warm-up create", Math.min(n, 5_000), k, i -> create(http, taskUrl, token));
            double creates = run("create", n, k, i -> ids.set(i, create(http, taskUrl, token)));
            double shows = run("show", n, k, i -> show(http, taskUrl + "/" + ids.get(i), token));
            System.out.printf(
                    "RESULT creates/s=%.0f shows/s=%.0f (N=%d, client threads=%d, server threads=%d, tasks=%d)%n",
                    creates, shows, n, k, serverThreads, simulator.tasks().size());
        }
    }

    /** One measured call per index. */
    private interface Call {
        void run(int i) throws Exception;
    }

    private static double run(String what, int n, int k, Call call) throws Exception {
        ExecutorService pool = Executors.newFixedThreadPool(k);
        AtomicLong next = new AtomicLong();
        long t0 = System.nanoTime();
        List<Future<?>> futures = new ArrayList<>();
        for (int t = 0; t < k; t++) {
            futures.add(pool.submit(() -> {
                for (long i = next.getAndIncrement(); i < n; i = next.getAndIncrement()) {
                    call.run((int) i);
                }
                return null;
            }));
        }
        for (Future<?> f : futures) {
            f.get();
        }
        double seconds = (System.nanoTime() - t0) / 1e9;
        pool.shutdown();
        double rate = n / seconds;
        System.out.printf("%-15s %7d requests in %6.2f s = %8.0f requests/s%n", what, n, seconds, rate);
        return rate;
    }

    private static String token(HttpClient http, String baseUrl) throws Exception {
        HttpResponse<String> r = http.send(
                HttpRequest.newBuilder(URI.create(baseUrl + "/v3/auth/tokens"))
                        .header("Content-Type", "application/json")
                        .POST(HttpRequest.BodyPublishers.ofString(SimClient.SEED_TOKEN_BODY))
                        .build(),
                HttpResponse.BodyHandlers.ofString());
        return r.headers().firstValue("X-Subject-Token").orElseThrow();
    }

    private static long create(HttpClient http, String url, String token) throws Exception {
        HttpResponse<String> r = http.send(
                HttpRequest.newBuilder(URI.create(url))
                        .header("Content-Type", "application/json;charset=UTF-8")
                        .header("X-Auth-Token", token)
                        .POST(HttpRequest.BodyPublishers.ofString(SimClient.SEED_CREATE_BODY))
                        .build(),
                HttpResponse.BodyHandlers.ofString());
        if (r.statusCode() != 200) {
            throw new IllegalStateException("create answered " + r.statusCode() + ": " + r.body());
        }
        String body = r.body();
        int start = body.indexOf(':') + 1;
        return Long.parseLong(body.substring(start, body.indexOf(',', start)).trim());
    }

    private static void show(HttpClient http, String url, String token) throws Exception {
        HttpResponse<String> r = http.send(
                HttpRequest.newBuilder(URI.create(url))
                        .header("X-Auth-Token", token)
                        .GET()
                        .build(),
                HttpResponse.BodyHandlers.ofString());
        if (r.statusCode() != 200) {
            throw new IllegalStateException("show answered " + r.statusCode() + ": " + r.body());
        }
    }
}
