package io.omsbridge.simulator;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import org.junit.jupiter.api.Test;
import picocli.CommandLine;

/** Proves the picocli command turns its options into settings and prints a banner without the password. */
class SimulatorCommandTest {

    @Test
    void defaultsMatchTheSettingsDefaultsExceptThePort() {
        SimulatorCommand command = new SimulatorCommand();
        new CommandLine(command).parseArgs();

        SimulatorSettings s = command.settings();

        assertThat(s.port()).isEqualTo(8090);
        assertThat(s.host()).isEqualTo("127.0.0.1");
        assertThat(s.waitTime()).isEqualTo(Duration.ofSeconds(2));
        assertThat(s.runTime()).isEqualTo(Duration.ofSeconds(5));
        assertThat(s.tokenTtl()).isEqualTo(Duration.ofHours(24));
        assertThat(s.maxCreatesPer24h()).isEqualTo(200);
        assertThat(s.maxWaitingTasks()).isEqualTo(50);
        assertThat(s.threads()).isEqualTo(8);
        assertThat(s.failWhenSourceBucketContains()).isEqualTo("fail");
    }

    @Test
    void everyOptionReachesTheSettings() {
        SimulatorCommand command = new SimulatorCommand();
        new CommandLine(command).parseArgs("--port", "0", "--host", "0.0.0.0", "--wait-ms", "10", "--run-ms", "20",
                "--token-ttl", "90", "--fail-pattern", "bad", "--max-creates-24h", "0", "--max-waiting", "-1",
                "--error-rate", "0.1", "--throttle-rate", "0.2", "--latency-ms", "30",
                "--drop-after-create-rate", "0.3", "--threads", "4");

        SimulatorSettings s = command.settings();

        assertThat(s.port()).isZero();
        assertThat(s.host()).isEqualTo("0.0.0.0");
        assertThat(s.waitTime()).isEqualTo(Duration.ofMillis(10));
        assertThat(s.runTime()).isEqualTo(Duration.ofMillis(20));
        assertThat(s.tokenTtl()).isEqualTo(Duration.ofSeconds(90));
        assertThat(s.failWhenSourceBucketContains()).isEqualTo("bad");
        assertThat(s.maxCreatesPer24h()).isZero();
        assertThat(s.maxWaitingTasks()).isEqualTo(-1);
        assertThat(s.errorRate()).isEqualTo(0.1);
        assertThat(s.throttleRate()).isEqualTo(0.2);
        assertThat(s.latency()).isEqualTo(Duration.ofMillis(30));
        assertThat(s.dropAfterCreateRate()).isEqualTo(0.3);
        assertThat(s.threads()).isEqualTo(4);
    }

    @Test
    void tokenTtlAcceptsAnIsoDuration() {
        SimulatorCommand command = new SimulatorCommand();
        new CommandLine(command).parseArgs("--token-ttl", "PT30M");

        assertThat(command.settings().tokenTtl()).isEqualTo(Duration.ofMinutes(30));
    }

    @Test
    void theBannerNamesTheUrlAndTheUserButNotThePassword() {
        SimulatorSettings settings = SimulatorSettings.defaults();
        try (OmsSimulator simulator = OmsSimulator.start(settings)) {
            String banner = SimulatorCommand.banner(simulator, settings);

            assertThat(banner).contains(simulator.baseUrl(), "testname", SimClient.PROJECT).doesNotContain("Password");
        }
    }
}
