package io.omsbridge.bench;

import io.omsbridge.BridgeRun;
import io.omsbridge.KafkaBroker;
import io.omsbridge.Requests;
import io.omsbridge.config.Defaults;
import jakarta.jms.Connection;
import jakarta.jms.MessageProducer;
import jakarta.jms.Session;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.locks.LockSupport;
import java.util.stream.Collectors;
import java.util.stream.IntStream;
import org.apache.activemq.artemis.jms.client.ActiveMQConnectionFactory;
import org.apache.hc.client5.http.classic.methods.HttpPost;
import org.apache.hc.client5.http.impl.classic.CloseableHttpClient;
import org.apache.hc.client5.http.impl.classic.HttpClients;
import org.apache.hc.client5.http.impl.io.PoolingHttpClientConnectionManagerBuilder;
import org.apache.hc.core5.http.ContentType;
import org.apache.hc.core5.http.io.entity.EntityUtils;
import org.apache.hc.core5.http.io.entity.StringEntity;

/** The load the benchmark makes: request files, queue messages, and raw create POSTs for the reference. */
final class Load {

    static final String PROJECT = Defaults.SEED_PROJECT_ID;
    private static final HttpClient HTTP = HttpClient.newHttpClient();

    private Load() {}

    /**
     * Drops {@code n} request files {@code <prefix>-<i>.json} (write, then rename), at {@code perSecond} (0 = as fast
     * as possible); returns when each was written (id -> epoch ms).
     */
    static Map<String, Long> files(BridgeRun bridge, String prefix, int n, double perSecond) {
        Map<String, Long> written = new ConcurrentHashMap<>();
        long start = System.nanoTime();
        for (int i = 0; i < n; i++) {
            if (perSecond > 0) {
                LockSupport.parkNanos(start + (long) (i * 1e9 / perSecond) - System.nanoTime());
            }
            String id = prefix + "-" + i;
            bridge.drop(id + ".json", Requests.inline(id, prefix + "-bucket"));
            written.put(id, System.currentTimeMillis());
        }
        return written;
    }

    /** {@code n} requests in .jsonl files of 1,000 lines: the quick way to put many tasks in flight. */
    static void lines(BridgeRun bridge, String prefix, int n) {
        for (int from = 0; from < n; from += 1000) {
            int first = from;
            bridge.drop(
                    prefix + "-" + from + ".jsonl",
                    IntStream.range(first, Math.min(n, first + 1000))
                            .mapToObj(i -> Requests.inline(prefix + "-" + i, prefix + "-bucket"))
                            .collect(Collectors.joining("\n")));
        }
    }

    /** Publishes {@code n} request messages (header requestId {@code <prefix>-<i>}) in transacted batches. */
    static void messages(String brokerUrl, String prefix, int n) throws Exception {
        try (ActiveMQConnectionFactory factory = new ActiveMQConnectionFactory(brokerUrl);
                Connection connection = factory.createConnection()) {
            Session session = connection.createSession(true, Session.SESSION_TRANSACTED);
            MessageProducer producer = session.createProducer(session.createQueue("oms.migration.requests"));
            for (int i = 0; i < n; i++) {
                var message = session.createTextMessage(Requests.inline(null, prefix + "-bucket"));
                message.setStringProperty("requestId", prefix + "-" + i);
                producer.send(message);
                if (i % 500 == 499) {
                    session.commit();
                }
            }
            session.commit();
        }
    }

    /** Sends {@code n} request records to the Kafka request topic, keyed {@code <prefix>-<i>} (the request ids). */
    static void records(KafkaBroker kafka, String prefix, int n) {
        for (int from = 0; from < n; from += 1000) {
            kafka.send(
                    "oms.migration.requests",
                    IntStream.range(from, Math.min(n, from + 1000))
                            .mapToObj(i -> Map.entry(prefix + "-" + i, Requests.inline(null, prefix + "-bucket")))
                            .toList());
        }
    }

    /** {@code n} create POSTs from {@code connections} threads with a bare HttpClient 5; returns POSTs per second. */
    static double rawPosts(String baseUrl, String token, int n, int connections) throws Exception {
        String body = Requests.inline(null, "raw");
        try (CloseableHttpClient client = HttpClients.custom()
                .setConnectionManager(PoolingHttpClientConnectionManagerBuilder.create()
                        .setMaxConnTotal(connections)
                        .setMaxConnPerRoute(connections)
                        .build())
                .build()) {
            ExecutorService pool = Executors.newFixedThreadPool(connections);
            try {
                AtomicLong left = new AtomicLong(n);
                long start = System.nanoTime();
                List<Future<?>> all = new ArrayList<>();
                for (int t = 0; t < connections; t++) {
                    all.add(pool.submit(() -> {
                        while (left.decrementAndGet() >= 0) {
                            HttpPost post = new HttpPost(baseUrl + "/v1/" + PROJECT + "/objectstorage/task");
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
                return n / Probe.seconds(start);
            } finally {
                pool.shutdown();
            }
        }
    }

    /** One GET per task, one after the other, as the hand-written poller does; returns the wall time in ms. */
    static long showEach(String baseUrl, String token, List<Long> taskIds) throws Exception {
        long start = System.nanoTime();
        for (long id : taskIds) {
            HTTP.send(
                    HttpRequest.newBuilder(URI.create(baseUrl + "/v1/" + PROJECT + "/objectstorage/task/" + id))
                            .header("X-Auth-Token", token)
                            .build(),
                    HttpResponse.BodyHandlers.discarding());
        }
        return Math.round(Probe.seconds(start) * 1000);
    }

    /** An IAM token for the simulator's seed user, fetched the way the seed's quickstart does. */
    static String token(String baseUrl) throws Exception {
        String body = "{\"auth\":{\"identity\":{\"methods\":[\"password\"],\"password\":{\"user\":{\"name\":\""
                + Defaults.SIM_USER + "\",\"password\":\"" + Defaults.SIM_PASSWORD + "\",\"domain\":{\"name\":\""
                + Defaults.SIM_DOMAIN + "\"}}}},\"scope\":{\"project\":{\"id\":\"" + PROJECT + "\"}}}}";
        return HTTP.send(
                        HttpRequest.newBuilder(URI.create(baseUrl + "/v3/auth/tokens"))
                                .POST(HttpRequest.BodyPublishers.ofString(body))
                                .header("Content-Type", "application/json")
                                .build(),
                        HttpResponse.BodyHandlers.discarding())
                .headers()
                .firstValue("X-Subject-Token")
                .orElseThrow();
    }

    /** A plain write-then-rename into a directory: how fast the inbox's file system creates request files. */
    static double fileSystemRate(Path dir, int n) throws Exception {
        Files.createDirectories(dir);
        long start = System.nanoTime();
        for (int i = 0; i < n; i++) {
            Path tmp = dir.resolve(i + ".tmp");
            Files.writeString(tmp, "{}");
            Files.move(tmp, dir.resolve(i + ".json"), StandardCopyOption.ATOMIC_MOVE);
        }
        double rate = n / Probe.seconds(start);
        for (int i = 0; i < n; i++) {
            Files.delete(dir.resolve(i + ".json"));
        }
        Files.delete(dir);
        return rate;
    }
}
