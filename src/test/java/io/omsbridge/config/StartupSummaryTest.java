package io.omsbridge.config;

import static org.assertj.core.api.Assertions.assertThat;

import io.omsbridge.BridgeRun;
import io.omsbridge.simulator.OmsSimulator;
import io.omsbridge.simulator.SimulatorSettings;
import java.io.ByteArrayOutputStream;
import java.io.OutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** What a start prints names the addresses the servers are bound to, never an address they are not. */
class StartupSummaryTest {

    @Test
    void aBridgeBoundToLoopbackNamesLoopbackAddressesAndNever0000() {
        PrintStream console = System.out;
        ByteArrayOutputStream printed = new ByteArrayOutputStream();
        try (OmsSimulator sim = OmsSimulator.start(SimulatorSettings.builder()
                .waitTime(Duration.ofMillis(100))
                .runTime(Duration.ofMillis(300))
                .build())) {
            Map<String, String> settings = BridgeRun.defaults(sim, BridgeRun.newDataDir("summary"));
            settings.put("camel.server.host", "127.0.0.1");
            settings.put("camel.management.host", "127.0.0.1");
            // the banner and Camel's summaries are printed (and logged to the console) as the context starts
            System.setOut(new PrintStream(new TeeStream(console, printed), true, StandardCharsets.UTF_8));
            BridgeRun.start(settings).close();
            System.setOut(console);

            String output = printed.toString(StandardCharsets.UTF_8);
            assertThat(output)
                    .contains("oms-bridge ready")
                    .contains("http://127.0.0.1:" + settings.get("camel.server.port") + "/api/migrations")
                    .contains("http://127.0.0.1:" + settings.get("camel.management.port") + "/observe/health")
                    .doesNotContain("0.0.0.0");
        } finally {
            System.setOut(console);
        }
    }

    /** Writes to the console and keeps a copy. */
    private static final class TeeStream extends OutputStream {

        private final PrintStream console;
        private final ByteArrayOutputStream copy;

        TeeStream(PrintStream console, ByteArrayOutputStream copy) {
            this.console = console;
            this.copy = copy;
        }

        @Override
        public synchronized void write(int b) {
            console.write(b);
            copy.write(b);
        }

        @Override
        public synchronized void write(byte[] b, int off, int len) {
            console.write(b, off, len);
            copy.write(b, off, len);
        }
    }
}
