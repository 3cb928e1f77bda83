package io.omsbridge.simulator;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.PrintWriter;
import java.io.StringWriter;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
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
        assertThat(s.pausingTime()).isZero();
        assertThat(s.trickleCreates()).isZero();
    }

    @Test
    void everyOptionReachesTheSettings() {
        SimulatorCommand command = new SimulatorCommand();
        new CommandLine(command)
                .parseArgs(
                        "--port",
                        "0",
                        "--host",
                        "0.0.0.0",
                        "--wait-ms",
                        "10",
                        "--run-ms",
                        "20",
                        "--token-ttl",
                        "90",
                        "--fail-pattern",
                        "bad",
                        "--max-creates-24h",
                        "0",
                        "--max-waiting",
                        "-1",
                        "--error-rate",
                        "0.1",
                        "--throttle-rate",
                        "0.2",
                        "--latency-ms",
                        "30",
                        "--drop-after-create-rate",
                        "0.3",
                        "--threads",
                        "4",
                        "--pausing-ms",
                        "40",
                        "--trickle-creates-ms",
                        "700");

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
        assertThat(s.pausingTime()).isEqualTo(Duration.ofMillis(40));
        assertThat(s.trickleCreates()).isEqualTo(Duration.ofMillis(700));
    }

    @Test
    void tokenTtlAcceptsAnIsoDuration() {
        SimulatorCommand command = new SimulatorCommand();
        new CommandLine(command).parseArgs("--token-ttl", "PT30M");

        assertThat(command.settings().tokenTtl()).isEqualTo(Duration.ofMinutes(30));
    }

    @Test
    void withoutUserOptionsTheSeedsExampleUserIsTheOnlyOne() {
        SimulatorCommand command = new SimulatorCommand();
        new CommandLine(command).parseArgs();

        assertThat(command.settings().users()).containsExactly(SimulatorSettings.DEFAULT_USER);
    }

    @Test
    void userOptionsAddUsersAfterTheSeedsExampleUserWhichStaysTheDefault() {
        SimulatorCommand command = new SimulatorCommand();
        new CommandLine(command)
                .parseArgs(
                        "--user",
                        "alice",
                        "--password",
                        "Secret-1",
                        "--domain",
                        "acme",
                        "--project-id",
                        "aaaa1111",
                        "--project-name",
                        "cn-east-3",
                        "--port",
                        "0",
                        "--project-name",
                        "ap-southeast-1",
                        "--user",
                        "bob",
                        "--domain",
                        "acme",
                        "--password",
                        "Secret-2",
                        "--project-id",
                        "bbbb2222");

        SimulatorSettings s = command.settings();

        assertThat(s.defaultUser()).isEqualTo(SimulatorSettings.DEFAULT_USER);
        assertThat(s.users())
                .containsExactly(
                        SimulatorSettings.DEFAULT_USER,
                        new SimUser("acme", "alice", "Secret-1", "aaaa1111", "cn-east-3"),
                        new SimUser("acme", "bob", "Secret-2", "bbbb2222", "ap-southeast-1"));
    }

    @Test
    void anExtraUserGetsATokenForItsProjectFromTheSimulatorTheCommandConfigures() {
        SimulatorCommand command = new SimulatorCommand();
        new CommandLine(command)
                .parseArgs(
                        "--port",
                        "0",
                        "--user",
                        "alice",
                        "--password",
                        "Secret-1",
                        "--domain",
                        "acme",
                        "--project-id",
                        "aaaa1111",
                        "--project-name",
                        "cn-east-3");
        SimulatorSettings settings = command.settings();

        try (OmsSimulator simulator = OmsSimulator.start(settings)) {
            SimClient client = new SimClient(simulator);
            client.token(SimClient.tokenBody("acme", "alice", "Secret-1", "{\"project\":{\"name\":\"cn-east-3\"}}"));
            client.token();

            assertThat(SimulatorCommand.banner(simulator, settings))
                    .contains("testname", "1 more user")
                    .doesNotContain("Secret-1", "Password");
        }
    }

    @Test
    void aUserWithoutAllFiveOptionsIsRefusedWithExit2() {
        StringWriter err = new StringWriter();

        int exit = execute(err, "--user", "alice", "--password", "Secret-1", "--domain", "acme");

        assertThat(exit).isEqualTo(2);
        assertThat(firstLine(err)).contains("Missing required argument", "--project-id", "--project-name");
    }

    @Test
    void anEmptyUserFieldNamesItsOptionButNeverThePassword() {
        StringWriter err = new StringWriter();

        int exit = execute(
                err,
                "--user",
                "alice",
                "--password",
                "",
                "--domain",
                "acme",
                "--project-id",
                "p1",
                "--project-name",
                "cn-east-3");

        assertThat(exit).isEqualTo(2);
        assertThat(firstLine(err)).isEqualTo("Invalid value for option '--password': must not be empty");
    }

    @ParameterizedTest(name = "{0} {1} is refused: {2}")
    @CsvSource(
            delimiter = '|',
            value = {
                "--error-rate             | 2     | Invalid value for option '--error-rate': '2' must be within 0..1",
                "--throttle-rate          | -0.5  | Invalid value for option '--throttle-rate': '-0.5' must be within 0..1",
                "--drop-after-create-rate | 1.01  | Invalid value for option '--drop-after-create-rate': '1.01' must be within 0..1",
                "--wait-ms                | -1    | Invalid value for option '--wait-ms': '-1' must not be negative",
                "--run-ms                 | -5    | Invalid value for option '--run-ms': '-5' must not be negative",
                "--pausing-ms             | -2    | Invalid value for option '--pausing-ms': '-2' must not be negative",
                "--trickle-creates-ms     | -3    | Invalid value for option '--trickle-creates-ms': '-3' must not be negative",
                "--latency-ms             | -10   | Invalid value for option '--latency-ms': '-10' must not be negative",
                "--threads                | 0     | Invalid value for option '--threads': '0' must be at least 1",
                "--port                   | 70000 | Invalid value for option '--port': '70000' must be 0..65535",
                "--token-ttl              | -PT1S | Invalid value for option '--token-ttl': '-PT1S' must not be negative"
            })
    void aBadOptionValueIsOneLineNamingTheOptionAndTheRuleAndExit2(String option, String value, String message) {
        StringWriter err = new StringWriter();

        int exit = execute(err, option, value);

        assertThat(exit).isEqualTo(2);
        assertThat(firstLine(err)).isEqualTo(message);
        assertThat(err.toString()).doesNotContain("Exception", "\tat ");
    }

    @Test
    void aTokenTtlThatIsNoDurationIsRefusedWithTheAcceptedForms() {
        StringWriter err = new StringWriter();

        int exit = execute(err, "--token-ttl", "soon");

        assertThat(exit).isEqualTo(2);
        assertThat(firstLine(err))
                .startsWith("Invalid value for option '--token-ttl'")
                .contains("'soon' is neither an ISO-8601 duration (PT30M) nor a number of seconds");
        assertThat(err.toString()).doesNotContain("Exception");
    }

    private static int execute(StringWriter err, String... args) {
        CommandLine commandLine = new CommandLine(new SimulatorCommand());
        commandLine.setErr(new PrintWriter(err, true));
        commandLine.setOut(new PrintWriter(new StringWriter(), true));
        return commandLine.execute(args);
    }

    private static String firstLine(StringWriter err) {
        List<String> lines = err.toString().lines().toList();
        assertThat(lines).as("stderr").isNotEmpty();
        return lines.get(0);
    }

    @Test
    void akskOptionsAddAccessKeyPairsAndASecretKeyMayHoldAColon() {
        SimulatorCommand command = new SimulatorCommand();
        new CommandLine(command).parseArgs("--aksk", "AK1:first-secret", "--aksk", "AK2:se:cret");

        SimulatorSettings s = command.settings();

        assertThat(s.accessKeyIds()).containsExactly("AK1", "AK2");
        assertThat(s.accessKeys()).containsEntry("AK1", "first-secret").containsEntry("AK2", "se:cret");
    }

    @ParameterizedTest(name = "--aksk {0} is refused: {1}")
    @CsvSource(
            delimiter = '|',
            value = {
                "onlyasecretkey    | must be AK:SK with neither part empty",
                ":lonesecret       | must be AK:SK with neither part empty",
                "AKWITHOUTSECRET:  | must be AK:SK with neither part empty",
                "A K:blanksecret   | the access key must not contain commas, colons or blanks",
                "A,K:commasecret   | the access key must not contain commas, colons or blanks"
            })
    void aMalformedAkskIsOneLineNamingTheOptionAndTheRuleButNeverTheSecret(String value, String rule) {
        StringWriter err = new StringWriter();

        int exit = execute(err, "--aksk", value);

        assertThat(exit).isEqualTo(2);
        assertThat(firstLine(err)).isEqualTo("Invalid value for option '--aksk': " + rule);
        String secret = value.substring(value.indexOf(':') + 1);
        assertThat(err.toString())
                .doesNotContain(secret.isEmpty() ? value : secret)
                .doesNotContain("Exception");
    }

    @Test
    void anAccessKeyGivenTwiceIsRefused() {
        StringWriter err = new StringWriter();

        int exit = execute(err, "--aksk", "AK1:one-secret", "--aksk", "AK1:other-secret");

        assertThat(exit).isEqualTo(2);
        assertThat(firstLine(err)).isEqualTo("Invalid value for option '--aksk': the access key is given twice");
        assertThat(err.toString()).doesNotContain("one-secret", "other-secret");
    }

    @Test
    void theBannerNamesTheAccessKeysButNotTheirSecrets() {
        SimulatorCommand command = new SimulatorCommand();
        new CommandLine(command).parseArgs("--port", "0", "--aksk", "AK1:first-secret", "--aksk", "AK2:second-secret");
        SimulatorSettings settings = command.settings();

        try (OmsSimulator simulator = OmsSimulator.start(settings)) {
            assertThat(SimulatorCommand.banner(simulator, settings))
                    .endsWith("; AK/SK signing for AK1, AK2")
                    .doesNotContain("first-secret", "second-secret");
        }
    }

    @Test
    void theBannerNamesTheUrlAndTheUserButNotThePassword() {
        SimulatorSettings settings = SimulatorSettings.defaults();
        try (OmsSimulator simulator = OmsSimulator.start(settings)) {
            String banner = SimulatorCommand.banner(simulator, settings);

            assertThat(banner)
                    .contains(simulator.baseUrl(), "testname", SimClient.PROJECT)
                    .doesNotContain("Password");
        }
    }
}
