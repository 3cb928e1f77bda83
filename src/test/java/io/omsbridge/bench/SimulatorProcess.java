package io.omsbridge.bench;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.omsbridge.BridgeRun;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.awaitility.Awaitility;

/** The OMS/IAM simulator in a JVM of its own ({@code oms-bridge simulator}), so it does not share the bench's heap. */
final class SimulatorProcess implements AutoCloseable {

    private static final ObjectMapper JSON = new ObjectMapper();
    private final Process process;
    private final int port;
    private final HttpClient http = HttpClient.newHttpClient();

    private SimulatorProcess(Process process, int port) {
        this.process = process;
        this.port = port;
    }

    static SimulatorProcess start(long waitMs, long runMs, int threads) throws IOException {
        int port = BridgeRun.freePort();
        List<String> command = new ArrayList<>(List.of(
                Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "-Xmx1g",
                "-Dsun.net.httpserver.nodelay=true",
                "-cp",
                classPath(),
                "io.omsbridge.OmsBridge",
                "simulator",
                "--port",
                String.valueOf(port),
                "--wait-ms",
                String.valueOf(waitMs),
                "--run-ms",
                String.valueOf(runMs),
                "--max-creates-24h",
                "0",
                "--max-waiting",
                "0",
                "--max-running",
                "0",
                "--threads",
                String.valueOf(threads)));
        Process process = new ProcessBuilder(command)
                .redirectErrorStream(true)
                .redirectOutput(
                        Path.of("target", "bench", "simulator-" + port + ".log").toFile())
                .start();
        SimulatorProcess sim = new SimulatorProcess(process, port);
        Awaitility.await().atMost(Duration.ofSeconds(30)).ignoreExceptions().until(() -> sim.stats() != null);
        return sim;
    }

    static String classPath() {
        String surefire = System.getProperty("surefire.test.class.path");
        return surefire != null && !surefire.isBlank() ? surefire : System.getProperty("java.class.path");
    }

    String baseUrl() {
        return "http://127.0.0.1:" + port;
    }

    JsonNode stats() throws Exception {
        HttpResponse<String> r = http.send(
                HttpRequest.newBuilder(URI.create(baseUrl() + "/_simulator/stats"))
                        .build(),
                HttpResponse.BodyHandlers.ofString());
        return JSON.readTree(r.body());
    }

    long stat(String name) throws Exception {
        return stats().path(name).asLong();
    }

    void faults(String json) throws Exception {
        http.send(
                HttpRequest.newBuilder(URI.create(baseUrl() + "/_simulator/faults"))
                        .PUT(HttpRequest.BodyPublishers.ofString(json))
                        .header("Content-Type", "application/json")
                        .build(),
                HttpResponse.BodyHandlers.discarding());
    }

    /** {@code GET /v1/{project}/objectstorage/task/{id}}: what OMS shows for one task. */
    JsonNode task(String token, long id) throws Exception {
        return JSON.readTree(http.send(
                        HttpRequest.newBuilder(
                                        URI.create(baseUrl() + "/v1/" + Load.PROJECT + "/objectstorage/task/" + id))
                                .header("X-Auth-Token", token)
                                .build(),
                        HttpResponse.BodyHandlers.ofString())
                .body());
    }

    void revokeTokens() throws Exception {
        http.send(
                HttpRequest.newBuilder(URI.create(baseUrl() + "/_simulator/tokens/revoke"))
                        .POST(HttpRequest.BodyPublishers.noBody())
                        .build(),
                HttpResponse.BodyHandlers.discarding());
    }

    @Override
    public void close() {
        process.destroy();
        try {
            process.waitFor();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
