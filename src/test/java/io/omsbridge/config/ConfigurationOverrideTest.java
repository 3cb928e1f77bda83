package io.omsbridge.config;

import static org.assertj.core.api.Assertions.assertThat;

import io.omsbridge.OmsBridge;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import org.apache.camel.impl.DefaultCamelContext;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import picocli.CommandLine;

/** Settings come from the file, are overridden by -D and by the environment, and missing ones stop the start. */
class ConfigurationOverrideTest {

    @Test
    void anEnvironmentVariableInUpperCaseWithUnderscoresOverridesTheFile() throws Exception {
        try (DefaultCamelContext context = new DefaultCamelContext()) {
            // surefire sets OMS_BRIDGE_ENV_PROBE=from-environment for this JVM
            context.getPropertiesComponent().addInitialProperty("oms-bridge.env-probe", "from-file");
            assertThat(context.getPropertiesComponent().resolveProperty("oms-bridge.env-probe"))
                    .hasValue("from-environment");
        }
    }

    @Test
    void aJvmSystemPropertyOfTheSameNameOverridesTheFile() throws Exception {
        System.setProperty("bridge.submit.consumers", "7");
        try (DefaultCamelContext context = new DefaultCamelContext()) {
            context.getPropertiesComponent().addInitialProperty("bridge.submit.consumers", "32");
            assertThat(context.getPropertiesComponent().resolveProperty("bridge.submit.consumers"))
                    .hasValue("7");
        } finally {
            System.clearProperty("bridge.submit.consumers");
        }
    }

    @Test
    void startingWithoutTheRequiredSettingsPrintsOneLinePerMissingKeyAndExitsWithTwo(@TempDir Path config)
            throws Exception {
        Files.writeString(
                config.resolve("application.properties"),
                "bridge.data-dir=" + config.resolve("data") + "\nbroker.port=0\n");
        ByteArrayOutputStream err = new ByteArrayOutputStream();
        PrintStream original = System.err;
        int exit;
        try {
            System.setErr(new PrintStream(err, true, StandardCharsets.UTF_8));
            exit = new CommandLine(new OmsBridge()).execute("--config-dir", config.toString());
        } finally {
            System.setErr(original);
        }

        assertThat(exit).isEqualTo(2);
        assertThat(err.toString(StandardCharsets.UTF_8))
                .contains("oms-bridge cannot start:")
                .contains("  - oms.endpoint: required")
                .contains("  - oms.project-id: required")
                .contains("  - iam.endpoint: required")
                .contains("  - iam.username: required")
                .contains("  - iam.password: required")
                .contains("  - iam.domain: required")
                .contains("OMS_ENDPOINT");
    }
}
