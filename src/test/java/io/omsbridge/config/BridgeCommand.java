package io.omsbridge.config;

import io.omsbridge.OmsBridge;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

/**
 * {@code java io.omsbridge.OmsBridge} in a JVM of its own, as a user starts it (-D settings, the project's config/),
 * its console kept apart: what it printed, how it ended, and how long it took.
 */
final class BridgeCommand {

    /** How a run ended: exit status, its stdout and stderr lines, and the time from start to exit. */
    record Ended(int status, List<String> out, List<String> err, Duration took) {

        /** Every line of the console, stdout then stderr. */
        List<String> console() {
            List<String> all = new ArrayList<>(out);
            all.addAll(err);
            return all;
        }
    }

    private BridgeCommand() {}

    /** Runs the bridge with {@code settings} and waits at most {@code limit} for it to end (then kills it). */
    static Ended run(Map<String, String> settings, Path logs, Duration limit) {
        List<String> command = new ArrayList<>(List.of(
                Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "-Xmx256m",
                "-XX:+UseSerialGC",
                "-XX:TieredStopAtLevel=1",
                // javac's and Maven Central's classes need no bytecode verification: a start loads ~25 % faster
                "-XX:+UnlockDiagnosticVMOptions",
                "-XX:-BytecodeVerificationRemote"));
        settings.forEach((key, value) -> command.add("-D" + key + "=" + value));
        command.add(OmsBridge.class.getName());
        try {
            Files.createDirectories(logs);
            Path out = logs.resolve("stdout.log");
            Path err = logs.resolve("stderr.log");
            ProcessBuilder builder = new ProcessBuilder(command)
                    .directory(Path.of(System.getProperty("basedir", System.getProperty("user.dir")))
                            .toFile())
                    .redirectOutput(out.toFile())
                    .redirectError(err.toFile());
            builder.environment().put("CLASSPATH", classPath());
            long started = System.nanoTime();
            Process process = builder.start();
            boolean ended = process.waitFor(limit.toMillis(), TimeUnit.MILLISECONDS);
            Duration took = Duration.ofNanos(System.nanoTime() - started);
            if (!ended) {
                process.destroyForcibly().waitFor();
                throw new AssertionError("the bridge was still running after " + limit + "; its output: "
                        + Files.readString(out) + Files.readString(err));
            }
            return new Ended(
                    process.exitValue(),
                    Files.readAllLines(out, StandardCharsets.UTF_8),
                    Files.readAllLines(err, StandardCharsets.UTF_8),
                    took);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot start the bridge process", e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }

    /** Under surefire {@code java.class.path} is often only the booter's manifest jar: its own property is preferred.
     * */
    private static String classPath() {
        String surefire = System.getProperty("surefire.test.class.path");
        return surefire != null && !surefire.isBlank() ? surefire : System.getProperty("java.class.path");
    }
}
