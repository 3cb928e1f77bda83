package io.omsbridge.readme;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * Every shell block of the README runs as a newcomer pastes it, against {@code target/oms-bridge.jar}: the demo and
 * its API calls, then a real start pointed at a separately started simulator with the README's own rehearsal values.
 *
 * <p>Blocks are marked in the README by an HTML comment right above the fence, which GitHub does not show:
 * <ul>
 *   <li>{@code <!-- readme-test: SCENE start "TEXT" -->}: started in the background, ready once its output holds TEXT;
 *       stopped (SIGTERM, as Ctrl-C) when the scene ends;</li>
 *   <li>{@code <!-- readme-test: SCENE run -->}: run once, must exit 0;</li>
 *   <li>{@code <!-- readme-test: SCENE run expect "TEXT" -->}: run until it exits 0 with TEXT in its output, as a
 *       reader waits for what the README says will appear;</li>
 *   <li>{@code <!-- readme-test: SCENE settings -->}: a properties block the reader types into the file their
 *       {@code $EDITOR} opens in that scene;</li>
 *   <li>{@code <!-- readme-test: build -->}: the build commands that run this very test.</li>
 * </ul>
 * Each scene runs in a directory of its own laid out like the repository (config, routes, examples, the jar), with the
 * default ports the README names. A variable a block assigns ({@code API=...}) stays set for the blocks after it, as in
 * the reader's shell; {@code mvn} is the build that already ran, so it is a no-op here.
 */
class ReadmeCommandsIT {

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final Path ROOT = Path.of("").toAbsolutePath();
    private static final Duration START = Duration.ofSeconds(90);
    private static final Duration EXPECT = Duration.ofSeconds(90);

    private final List<Process> background = new ArrayList<>();

    record Block(int line, String scene, String kind, String quoted, String lang, String text) {}

    @Test
    void everyShellBlockOfTheReadmeIsMarkedForThisTest() {
        List<Block> blocks = ReadmeBlocks.read(ROOT.resolve("README.md"));
        List<String> fences = ReadmeBlocks.unmarkedShellFences(ROOT.resolve("README.md"));
        assertThat(fences)
                .as("```bash blocks without a readme-test marker (README line numbers)")
                .isEmpty();
        // the build block only names commands the scenes run too, so nothing in it goes untried
        String tested = String.join(
                "\n",
                blocks.stream()
                        .filter(b -> !b.kind().equals("build"))
                        .map(Block::text)
                        .toList());
        blocks.stream()
                .filter(b -> b.kind().equals("build"))
                .flatMap(b -> b.text().lines())
                .map(String::strip)
                .filter(l -> !l.isEmpty() && !l.startsWith("#"))
                .flatMap(l -> Stream.of(l.split("&&")))
                .map(String::strip)
                .filter(command -> !command.startsWith("mvn "))
                .forEach(command -> assertThat(tested)
                        .as("the build block's command is tried by a scene")
                        .contains(command));
    }

    @Test
    void theDemoAndARehearsedRealStartRunAsWritten() throws Exception {
        Path jar = ROOT.resolve("target/oms-bridge.jar");
        assertThat(jar)
                .as("the README's commands need the packaged jar (this test runs after `package`)")
                .exists();
        List<Block> blocks = ReadmeBlocks.read(ROOT.resolve("README.md"));
        LinkedHashSet<String> scenes = new LinkedHashSet<>();
        blocks.stream().filter(b -> !b.kind().equals("build")).forEach(b -> scenes.add(b.scene()));
        assertThat(scenes).contains("demo", "real");
        for (String scene : scenes) {
            Path dir = Files.createDirectories(ROOT.resolve("target/readme/" + scene));
            Scene run = new Scene(
                    scene,
                    layOut(dir, jar),
                    blocks.stream().filter(b -> b.scene().equals(scene)).toList());
            try {
                run.play();
            } finally {
                stopAll();
            }
            if (scene.equals("demo")) {
                theSampleEventHasTheFieldsTheDemoWrote(dir.resolve("data/demo/outbox"));
            }
        }
    }

    /**
     * The sample event the README links to (docs/reference.md, "An event in full") is one the bridge writes today: the
     * same fields, at every level, as the demo's.
     */
    private static void theSampleEventHasTheFieldsTheDemoWrote(Path outbox) throws IOException {
        String reference = Files.readString(ROOT.resolve("docs/reference.md"));
        int start = reference.indexOf("```json\n{\"specversion\"");
        assertThat(start).as("docs/reference.md shows a sample event").isNotNegative();
        JsonNode sample = JSON.readTree(reference.substring(start + 8, reference.indexOf("```", start + 8)));
        List<JsonNode> written = new ArrayList<>();
        try (Stream<Path> files = Files.list(outbox)) {
            for (Path file : files.filter(f -> f.toString().endsWith(".json")).toList()) {
                written.add(JSON.readTree(file.toFile()));
            }
        }
        JsonNode same = written.stream()
                .filter(e -> e.path("type").equals(sample.path("type"))
                        && e.path("subject").equals(sample.path("subject")))
                .findFirst()
                .orElseThrow(() -> new AssertionError(
                        "the demo wrote no " + sample.path("type") + " event for " + sample.path("subject")));
        assertThat(fieldPaths(sample, ""))
                .as("the README's sample event's fields")
                .containsExactlyInAnyOrderElementsOf(fieldPaths(same, ""));
    }

    private static List<String> fieldPaths(JsonNode node, String prefix) {
        List<String> paths = new ArrayList<>();
        node.fields().forEachRemaining(field -> {
            paths.add(prefix + field.getKey());
            if (field.getValue().isObject()) {
                paths.addAll(fieldPaths(field.getValue(), prefix + field.getKey() + "."));
            }
        });
        return paths;
    }

    @AfterEach
    void stopAll() {
        // newest first, as a reader closes terminals: the bridge before the simulator it talks to
        for (int i = background.size() - 1; i >= 0; i--) {
            stop(background.get(i));
        }
        background.clear();
    }

    /** A clean copy of what the README's commands touch: config (without anyone's credentials), routes, examples. */
    private static Path layOut(Path dir, Path jar) throws IOException {
        deleteTree(dir);
        Files.createDirectories(dir.resolve("target"));
        for (String folder : List.of("config", "routes", "examples")) {
            copyTree(ROOT.resolve(folder), dir.resolve(folder));
        }
        Files.deleteIfExists(dir.resolve("config/credentials.properties"));
        Files.createSymbolicLink(dir.resolve("target/oms-bridge.jar"), jar);
        return dir;
    }

    private final class Scene {
        private final String name;
        private final Path dir;
        private final List<Block> blocks;

        Scene(String name, Path dir, List<Block> blocks) {
            this.name = name;
            this.dir = dir;
            this.blocks = blocks;
        }

        void play() throws IOException {
            Path env = dir.resolve(".readme-env");
            Files.writeString(env, "");
            Path editor = dir.resolve(".readme-editor");
            String settings = blocks.stream()
                    .filter(b -> b.kind().equals("settings"))
                    .map(Block::text)
                    .reduce("", String::concat);
            // the reader's edit: the README's settings for this scene, typed at the end of the file the editor opens
            Path typed = dir.resolve(".readme-settings");
            Files.writeString(typed, settings);
            Files.writeString(editor, "#!/bin/sh\ncat '" + typed + "' >> \"$1\"\n");
            editor.toFile().setExecutable(true);
            for (Block block : blocks) {
                switch (block.kind()) {
                    case "start" -> start(block);
                    case "run" -> run(block);
                    case "settings" -> {}
                    default ->
                        throw new IllegalStateException(
                                "README line " + block.line() + ": unknown kind " + block.kind());
                }
                block.text()
                        .lines()
                        .filter(l -> l.matches("^(export )?[A-Za-z_][A-Za-z0-9_]*=.*"))
                        .forEach(assignment -> append(env, assignment + "\n"));
            }
        }

        private String script(Block block) {
            return "set -eo pipefail\n"
                    + "mvn() { echo \"(mvn $*: the build running this test made target/oms-bridge.jar)\"; }\n"
                    + ". ./.readme-env\n"
                    + block.text();
        }

        private ProcessBuilder bash(Block block, Path log) {
            ProcessBuilder builder = new ProcessBuilder("bash", "-c", script(block))
                    .directory(dir.toFile())
                    .redirectErrorStream(true)
                    .redirectOutput(log.toFile());
            builder.environment().put("EDITOR", dir.resolve(".readme-editor").toString());
            return builder;
        }

        private void start(Block block) throws IOException {
            Path log = dir.resolve("start-" + block.line() + ".log");
            Process process = bash(block, log).start();
            background.add(process);
            String ready = block.quoted();
            await("README line " + block.line() + " (" + name + ") prints \"" + ready + "\"")
                    .atMost(START)
                    .pollInterval(Duration.ofMillis(250))
                    .until(() -> {
                        String out = Files.readString(log);
                        if (!process.isAlive() && !out.contains(ready)) {
                            throw new AssertionError("README line " + block.line() + " ended (exit "
                                    + process.exitValue() + ") before \"" + ready + "\":\n" + out);
                        }
                        return out.contains(ready);
                    });
        }

        private void run(Block block) {
            Path log = dir.resolve("run-" + block.line() + ".log");
            String expected = block.quoted();
            if (expected == null) {
                int exit = runOnce(block, log);
                assertThat(exit)
                        .as("README line %d (%s) exits 0; it printed:%n%s", block.line(), name, read(log))
                        .isZero();
                return;
            }
            await("README line " + block.line() + " (" + name + ") prints \"" + expected + "\"")
                    .atMost(EXPECT)
                    .pollInterval(Duration.ofSeconds(1))
                    .untilAsserted(() -> {
                        int exit = runOnce(block, log);
                        String out = read(log);
                        assertThat(exit).as("exit status; it printed:%n%s", out).isZero();
                        assertThat(out).contains(expected);
                    });
        }

        private int runOnce(Block block, Path log) {
            try {
                Process process = bash(block, log).start();
                if (!process.waitFor(60, TimeUnit.SECONDS)) {
                    process.destroyForcibly();
                    throw new AssertionError("README line " + block.line() + " did not end within 60 s");
                }
                return process.exitValue();
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new IllegalStateException(e);
            }
        }
    }

    /** SIGTERM to the java under the shell (Ctrl-C's clean stop), then to the shell; forced only if it hangs. */
    private static void stop(Process shell) {
        List<ProcessHandle> tree = new ArrayList<>(shell.descendants().toList());
        tree.forEach(ProcessHandle::destroy);
        shell.destroy();
        for (ProcessHandle handle : tree) {
            try {
                handle.onExit().get(30, TimeUnit.SECONDS);
            } catch (Exception hung) {
                handle.destroyForcibly();
            }
        }
        try {
            if (!shell.waitFor(10, TimeUnit.SECONDS)) {
                shell.destroyForcibly();
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    private static String read(Path file) {
        try {
            return Files.readString(file, StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static void append(Path file, String text) {
        try {
            Files.writeString(file, text, StandardOpenOption.APPEND);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static void copyTree(Path from, Path to) throws IOException {
        try (Stream<Path> paths = Files.walk(from)) {
            for (Path path : paths.toList()) {
                Path target = to.resolve(from.relativize(path).toString());
                if (Files.isDirectory(path)) {
                    Files.createDirectories(target);
                } else {
                    Files.copy(path, target);
                }
            }
        }
    }

    private static void deleteTree(Path dir) throws IOException {
        if (!Files.exists(dir)) {
            return;
        }
        try (Stream<Path> paths = Files.walk(dir)) {
            for (Path path :
                    paths.sorted((a, b) -> b.getNameCount() - a.getNameCount()).toList()) {
                Files.delete(path);
            }
        }
    }
}
