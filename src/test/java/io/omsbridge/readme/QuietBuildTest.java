package io.omsbridge.readme;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

/** The README's quiet build prints nothing at all: Maven 3.8's console library left colour resets even with -B -q. */
class QuietBuildTest {

    @Test
    void aQuietBatchBuildPrintsNoColourCodes() throws Exception {
        // -N -o validate: the project's own Maven settings (.mvn/jvm.config) at work, without building anything
        Process mvn = new ProcessBuilder("mvn", "-B", "-q", "-o", "-N", "validate")
                .directory(Path.of("").toAbsolutePath().toFile())
                .redirectErrorStream(true)
                .start();
        assertThat(mvn.waitFor(120, TimeUnit.SECONDS)).as("mvn validate ends").isTrue();
        String out = new String(mvn.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertThat(mvn.exitValue()).as("exit status; it printed: %s", out).isZero();
        assertThat(out).as("what mvn -B -q printed").doesNotContain("\u001b[");
    }
}
