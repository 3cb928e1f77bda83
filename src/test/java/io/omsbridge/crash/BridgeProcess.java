package io.omsbridge.crash;

import static org.awaitility.Awaitility.await;

import io.omsbridge.BridgeRun;
import io.omsbridge.OmsBridge;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;

/** The bridge in a JVM of its own ({@code java io.omsbridge.OmsBridge} in the project root), to be SIGKILLed. */
final class BridgeProcess implements AutoCloseable {

    private static final Duration START = Duration.ofSeconds(60);

    private final Process process;
    private final int brokerPort;

    private BridgeProcess(Process process, int brokerPort) {
        this.process = process;
        this.brokerPort = brokerPort;
    }

    /**
     * Starts {@code java -cp <test class path> io.omsbridge.OmsBridge} with every setting as {@code -Dkey=value}, the
     * embedded broker on a fresh TCP port, output appended to {@code log}; returns once the broker accepts connections.
     */
    static BridgeProcess start(Map<String, String> settings, Path log) {
        return start(settings, Map.of(), log);
    }

    /** The same, with {@code environment} added to the process's environment. */
    static BridgeProcess start(Map<String, String> settings, Map<String, String> environment, Path log) {
        int port = BridgeRun.freePort();
        List<String> command = new ArrayList<>(List.of(
                Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "-Xmx256m",
                "-XX:+UseSerialGC",
                "-XX:TieredStopAtLevel=1",
                // javac's and Maven Central's classes need no bytecode verification: a start loads ~25 % faster
                "-XX:+UnlockDiagnosticVMOptions",
                "-XX:-BytecodeVerificationRemote",
                "-Dsun.net.httpserver.nodelay=true"));
        settings.forEach((key, value) -> command.add("-D" + key + "=" + value));
        command.add("-Dbroker.port=" + port);
        command.add("-Dbroker.username=" + BridgeRun.BROKER_USER);
        command.add("-Dbroker.password=" + BridgeRun.BROKER_PASSWORD);
        command.add(OmsBridge.class.getName());
        ProcessBuilder builder = new ProcessBuilder(command)
                .directory(projectRoot().toFile())
                .redirectErrorStream(true)
                .redirectOutput(ProcessBuilder.Redirect.appendTo(log.toFile()));
        // the class path goes through the environment: one long -cp argument would only clutter ps and the logs
        builder.environment().put("CLASSPATH", classPath());
        builder.environment().putAll(environment);
        try {
            BridgeProcess bridge = new BridgeProcess(builder.start(), port);
            try {
                bridge.awaitBrokerUp();
            } catch (RuntimeException | Error notUp) {
                // a bridge that did not come up in time must not outlive the test (orphans slowed later runs down)
                bridge.close();
                throw notUp;
            }
            return bridge;
        } catch (IOException e) {
            throw new UncheckedIOException("cannot start the bridge process", e);
        }
    }

    /**
     * The test class path (classes, test classes, dependencies). Under surefire {@code java.class.path} is often only a
     * manifest jar of the booter, so surefire's own {@code surefire.test.class.path} is preferred when it is set.
     */
    static String classPath() {
        String surefire = System.getProperty("surefire.test.class.path");
        return surefire != null && !surefire.isBlank() ? surefire : System.getProperty("java.class.path");
    }

    String brokerUrl() {
        return "tcp://127.0.0.1:" + brokerPort;
    }

    long pid() {
        return process.pid();
    }

    boolean alive() {
        return process.isAlive();
    }

    /** SIGKILL after {@code delay} (no shutdown hook runs, nothing is flushed); returns once the process is gone. */
    void killAfter(Duration delay) {
        CompletableFuture.runAsync(
                process::destroyForcibly, CompletableFuture.delayedExecutor(delay.toMillis(), TimeUnit.MILLISECONDS));
        await().atMost(delay.plusSeconds(15))
                .pollInterval(Duration.ofMillis(20))
                .until(() -> !process.isAlive());
    }

    /** SIGTERM: Camel Main stops the routes and closes the ledger; returns once the process has exited. */
    void stop() {
        process.destroy();
        await().atMost(Duration.ofSeconds(40)).until(() -> !process.isAlive());
    }

    @Override
    public void close() {
        if (process.isAlive()) {
            process.destroyForcibly();
            await().atMost(Duration.ofSeconds(15)).until(() -> !process.isAlive());
        }
    }

    private void awaitBrokerUp() {
        await().atMost(START)
                .pollInterval(Duration.ofMillis(50))
                .alias("bridge process listens on " + brokerPort)
                .until(() -> {
                    if (!process.isAlive()) {
                        throw new IllegalStateException("the bridge process exited with " + process.exitValue());
                    }
                    try (Socket socket = new Socket()) {
                        socket.connect(new InetSocketAddress("127.0.0.1", brokerPort), 200);
                        return true;
                    } catch (IOException notYet) {
                        return false;
                    }
                });
    }

    private static Path projectRoot() {
        return Path.of(System.getProperty("basedir", System.getProperty("user.dir")));
    }
}
