package io.omsbridge.bench;

import static org.awaitility.Awaitility.await;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * The bridge as a user runs it: {@code java [jvm options] -jar target/oms-bridge.jar} from the project root, in a JVM
 * of its own, with settings as {@code -Dkey=value}. Knows when it is ready (its banner) and how long that took.
 */
final class JarProcess implements AutoCloseable {

    static final Path JAR = Path.of("target", "oms-bridge.jar");

    private final Process process;
    private final Path log;
    private final long readyMillis;

    private JarProcess(Process process, Path log, long readyMillis) {
        this.process = process;
        this.log = log;
        this.readyMillis = readyMillis;
    }

    /** Starts the jar and returns once it printed its banner; {@link #readyMillis()} is launch to banner. */
    static JarProcess start(List<String> jvmOptions, Map<String, String> settings, Path log, String... args)
            throws IOException {
        List<String> command = new ArrayList<>(
                List.of(Path.of(System.getProperty("java.home"), "bin", "java").toString()));
        command.addAll(jvmOptions);
        settings.forEach((k, v) -> command.add("-D" + k + "=" + v));
        command.addAll(List.of("-jar", JAR.toString()));
        command.addAll(List.of(args));
        long start = System.nanoTime();
        Process process = new ProcessBuilder(command)
                .redirectErrorStream(true)
                .redirectOutput(log.toFile())
                .start();
        await().atMost(Duration.ofMinutes(2))
                .pollInterval(Duration.ofMillis(10))
                .until(() -> {
                    if (!process.isAlive()) {
                        throw new IllegalStateException(
                                "the bridge exited with " + process.exitValue() + ", see " + log);
                    }
                    return Files.readString(log).contains("oms-bridge ready");
                });
        return new JarProcess(process, log, Math.round(Probe.seconds(start) * 1000));
    }

    long readyMillis() {
        return readyMillis;
    }

    long pid() {
        return process.pid();
    }

    boolean alive() {
        return process.isAlive();
    }

    Path log() {
        return log;
    }

    /** SIGTERM, then waits: Camel Main stops the routes and closes the ledger (and a CDS archive is written). */
    @Override
    public void close() throws InterruptedException {
        process.destroy();
        process.waitFor();
    }
}
