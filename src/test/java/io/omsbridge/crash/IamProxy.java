package io.omsbridge.crash;

import static org.awaitility.Awaitility.await;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import io.omsbridge.BridgeRun;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.atomic.AtomicLong;

/** A door to the simulator's IAM that a test shuts (connection refused) and opens again: an outage of IAM alone. */
final class IamProxy implements AutoCloseable {

    private final String target;
    private final int port;
    private final HttpClient client =
            HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();
    private final ExecutorService executor = Executors.newFixedThreadPool(4, r -> {
        Thread t = new Thread(r, "iam-proxy");
        t.setDaemon(true);
        return t;
    });
    private final AtomicLong forwarded = new AtomicLong();
    private volatile HttpServer server;

    private IamProxy(String target, int port) {
        this.target = target;
        this.port = port;
    }

    /** A door to {@code targetBaseUrl} (the simulator's base URL), open. */
    static IamProxy to(String targetBaseUrl) {
        IamProxy proxy = new IamProxy(targetBaseUrl, BridgeRun.freePort());
        proxy.open();
        return proxy;
    }

    String url() {
        return "http://127.0.0.1:" + port;
    }

    /** Token calls that went through. */
    long forwarded() {
        return forwarded.get();
    }

    /** IAM is down: the port refuses connections (the simulator's fault knobs hit IAM and OMS alike). */
    void shut() {
        HttpServer s = server;
        server = null;
        if (s != null) {
            s.stop(0);
        }
    }

    /** IAM is back, on the same port (tried again while the old socket lingers). */
    void open() {
        await().atMost(Duration.ofSeconds(10)).ignoreExceptions().until(() -> {
            HttpServer s = HttpServer.create(new InetSocketAddress("127.0.0.1", port), 64);
            s.createContext("/", this::forward);
            s.setExecutor(executor);
            s.start();
            server = s;
            return true;
        });
    }

    private void forward(HttpExchange exchange) throws IOException {
        try (exchange) {
            byte[] body = exchange.getRequestBody().readAllBytes();
            HttpRequest.Builder request = HttpRequest.newBuilder(URI.create(target + exchange.getRequestURI()))
                    .method(exchange.getRequestMethod(), HttpRequest.BodyPublishers.ofByteArray(body));
            String type = exchange.getRequestHeaders().getFirst("Content-Type");
            if (type != null) {
                request.header("Content-Type", type);
            }
            HttpResponse<byte[]> answer = client.send(request.build(), HttpResponse.BodyHandlers.ofByteArray());
            answer.headers()
                    .firstValue("X-Subject-Token")
                    .ifPresent(t -> exchange.getResponseHeaders().set("X-Subject-Token", t));
            answer.headers()
                    .firstValue("Content-Type")
                    .ifPresent(t -> exchange.getResponseHeaders().set("Content-Type", t));
            exchange.sendResponseHeaders(answer.statusCode(), answer.body().length == 0 ? -1 : answer.body().length);
            exchange.getResponseBody().write(answer.body());
            forwarded.incrementAndGet();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IOException(e);
        }
    }

    @Override
    public void close() {
        shut();
        executor.shutdownNow();
    }
}
