package io.omsbridge.simulator;

import java.io.UncheckedIOException;
import java.time.Duration;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import java.util.concurrent.CountDownLatch;
import picocli.CommandLine;
import picocli.CommandLine.ArgGroup;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Model.OptionSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.Spec;

/** {@code simulator}: runs only the OMS/IAM simulator until the JVM is stopped. */
@Command(
        name = "simulator",
        mixinStandardHelpOptions = true,
        description = "Run the Huawei Cloud IAM + OMS v1/v2 simulator on one HTTP port until stopped.")
public final class SimulatorCommand implements Callable<Integer> {

    @Option(
            names = "--port",
            defaultValue = "8090",
            description = "Port to listen on; 0 = a free port (default ${DEFAULT-VALUE}).")
    int port;

    @Option(names = "--host", defaultValue = "127.0.0.1", description = "Address to bind (default ${DEFAULT-VALUE}).")
    String host;

    @Option(
            names = "--wait-ms",
            defaultValue = "2000",
            description = "Time a new task stays waiting (status 1), ms (default ${DEFAULT-VALUE}).")
    long waitMs;

    @Option(
            names = "--run-ms",
            defaultValue = "5000",
            description = "Time a task runs (status 2), ms (default ${DEFAULT-VALUE}).")
    long runMs;

    @Option(
            names = "--pausing-ms",
            defaultValue = "0",
            description =
                    "Time a stopped task shows pausing (status 7) before stopped (3), ms (default ${DEFAULT-VALUE}).")
    long pausingMs;

    @Option(
            names = "--token-ttl",
            defaultValue = "PT24H",
            converter = DurationConverter.class,
            description =
                    "Token lifetime: ISO-8601 duration (PT1H) or plain seconds (3600) (default ${DEFAULT-VALUE}).")
    Duration tokenTtl;

    @Option(
            names = "--fail-pattern",
            defaultValue = "fail",
            description =
                    "Tasks whose source bucket contains this end failed (status 4); empty = never (default ${DEFAULT-VALUE}).")
    String failPattern;

    @Option(
            names = "--max-creates-24h",
            defaultValue = "200",
            description = "Creates per project per 24 h, <=0 = unlimited (default ${DEFAULT-VALUE}).")
    int maxCreates;

    @Option(
            names = "--max-waiting",
            defaultValue = "50",
            description = "Tasks waiting per project, <=0 = unlimited (default ${DEFAULT-VALUE}).")
    int maxWaiting;

    @Option(
            names = "--max-running",
            defaultValue = "5",
            description = "Tasks running at once per project (one account in one region), as OMS; the others wait in"
                    + " status 1, HIGH priority first; <=0 = unlimited (default ${DEFAULT-VALUE}).")
    int maxRunning;

    @Option(
            names = "--error-rate",
            defaultValue = "0",
            description = "Share of calls answered 500/503, 0..1 (default ${DEFAULT-VALUE}).")
    double errorRate;

    @Option(
            names = "--throttle-rate",
            defaultValue = "0",
            description = "Share of calls answered 429, 0..1 (default ${DEFAULT-VALUE}).")
    double throttleRate;

    @Option(
            names = "--latency-ms",
            defaultValue = "0",
            description = "Delay added before every answer, ms (default ${DEFAULT-VALUE}).")
    long latencyMs;

    @Option(
            names = "--drop-after-create-rate",
            defaultValue = "0",
            description = "Share of creates whose connection is closed unanswered, 0..1 (default ${DEFAULT-VALUE}).")
    double dropAfterCreateRate;

    @Option(
            names = "--trickle-creates-ms",
            defaultValue = "0",
            description =
                    "Answer each successful create a byte at a time over this long, ms (default ${DEFAULT-VALUE}).")
    long trickleCreatesMs;

    @Option(names = "--threads", defaultValue = "8", description = "HTTP worker threads (default ${DEFAULT-VALUE}).")
    int threads;

    @Option(
            names = "--region",
            description = "The region this endpoint is, e.g. cn-north-4: creates for another"
                    + " destination region are refused, as each region's OMS does (default: any region).")
    String region;

    @Option(
            names = "--aksk",
            paramLabel = "AK:SK",
            description = "Also accept calls signed (SDK-HMAC-SHA256) with this access key and secret key; repeatable.")
    List<String> accessKeys = new ArrayList<>();

    @ArgGroup(
            exclusive = false,
            multiplicity = "0..*",
            heading = "Extra IAM users, five options each, repeatable (the seed's example user stays the default):%n")
    List<UserOptions> extraUsers = new ArrayList<>();

    @Spec
    CommandSpec spec;

    /** One more IAM user and the project its tokens may be scoped to. */
    static final class UserOptions {
        @Option(names = "--user", required = true, description = "IAM user name.")
        String name;

        @Option(names = "--password", required = true, description = "Its password.")
        String password;

        @Option(names = "--domain", required = true, description = "Its account (domain) name.")
        String domain;

        @Option(names = "--project-id", required = true, description = "The project id its tokens may be scoped to.")
        String projectId;

        @Option(names = "--project-name", required = true, description = "That project's name, e.g. cn-east-3.")
        String projectName;
    }

    // the builder's names of the user fields, for naming the option in an error
    private static final Map<String, String> USER_OPTIONS = Map.of(
            "name",
            "--user",
            "password",
            "--password",
            "domain",
            "--domain",
            "projectId",
            "--project-id",
            "projectName",
            "--project-name");

    /** Accepts "PT30M" or a plain number of seconds. */
    static final class DurationConverter implements CommandLine.ITypeConverter<Duration> {
        @Override
        public Duration convert(String value) {
            String v = value.trim();
            try {
                return v.chars().allMatch(Character::isDigit) && !v.isEmpty()
                        ? Duration.ofSeconds(Long.parseLong(v))
                        : Duration.parse(v);
            } catch (DateTimeParseException | NumberFormatException | ArithmeticException e) {
                throw new CommandLine.TypeConversionException(
                        "'" + value + "' is neither an ISO-8601 duration (PT30M) nor a number of seconds");
            }
        }
    }

    /** The settings the options say; a value out of range is a ParameterException naming the option and the rule. */
    SimulatorSettings settings() {
        SimulatorSettings.Builder b = SimulatorSettings.builder().host(host);
        check("--port", port, () -> b.port(port));
        check("--wait-ms", waitMs, () -> b.waitTime(Duration.ofMillis(waitMs)));
        check("--run-ms", runMs, () -> b.runTime(Duration.ofMillis(runMs)));
        check("--pausing-ms", pausingMs, () -> b.pausingTime(Duration.ofMillis(pausingMs)));
        check("--token-ttl", tokenTtl, () -> b.tokenTtl(tokenTtl));
        b.failWhenSourceBucketContains(failPattern).maxCreatesPer24h(maxCreates).maxWaitingTasks(maxWaiting);
        b.maxRunningTasks(maxRunning);
        check("--error-rate", errorRate, () -> b.errorRate(errorRate));
        check("--throttle-rate", throttleRate, () -> b.throttleRate(throttleRate));
        check("--latency-ms", latencyMs, () -> b.latency(Duration.ofMillis(latencyMs)));
        check("--drop-after-create-rate", dropAfterCreateRate, () -> b.dropAfterCreateRate(dropAfterCreateRate));
        check("--trickle-creates-ms", trickleCreatesMs, () -> b.trickleCreates(Duration.ofMillis(trickleCreatesMs)));
        check("--threads", threads, () -> b.threads(threads));
        check("--region", region, () -> b.region(region));
        SimUser seed = SimulatorSettings.DEFAULT_USER;
        b.user(seed.domain(), seed.name(), seed.password(), seed.projectId(), seed.projectName());
        for (String pair : accessKeys == null ? List.<String>of() : accessKeys) {
            int colon = pair.indexOf(':');
            if (colon <= 0 || colon == pair.length() - 1) {
                // never the value: it holds a secret key, or is one that lost its AK
                throw invalid("--aksk", "must be AK:SK with neither part empty", null);
            }
            try {
                b.accessKey(pair.substring(0, colon), pair.substring(colon + 1));
            } catch (InvalidSettingException e) {
                String problem =
                        e.setting().equals("accessKeyId") ? "the access key " + e.rule() : "the secret key " + e.rule();
                throw invalid("--aksk", problem, e);
            }
        }
        for (UserOptions u : extraUsers == null ? List.<UserOptions>of() : extraUsers) {
            try {
                b.user(u.domain, u.name, u.password, u.projectId, u.projectName);
            } catch (InvalidSettingException e) {
                // never echo a password, so name the option and the rule only
                throw invalid(USER_OPTIONS.getOrDefault(e.setting(), "--user"), e.rule(), e);
            }
        }
        return b.build();
    }

    private void check(String option, Object value, Runnable setter) {
        try {
            setter.run();
        } catch (InvalidSettingException e) {
            throw invalid(option, "'" + typed(option, value) + "' " + e.rule(), e);
        }
    }

    /** The value as typed on the command line (2, not 2.0), else as parsed. */
    private String typed(String option, Object value) {
        OptionSpec o = spec == null ? null : spec.findOption(option);
        List<String> typed = o == null ? List.of() : o.originalStringValues();
        return typed.isEmpty() ? String.valueOf(value) : typed.get(typed.size() - 1);
    }

    private RuntimeException invalid(String option, String problem, InvalidSettingException cause) {
        if (spec == null) {
            return cause != null ? cause : new IllegalArgumentException(option + " " + problem);
        }
        return new ParameterException(
                spec.commandLine(), "Invalid value for option '" + option + "': " + problem, cause);
    }

    /** The one line printed at start: where to call and as whom (never a password or a secret key). */
    static String banner(OmsSimulator simulator, SimulatorSettings settings) {
        SimUser u = settings.defaultUser();
        int more = settings.users().size() - 1;
        List<String> aks = settings.accessKeyIds();
        return "OMS/IAM simulator at " + simulator.baseUrl() + " (IAM " + simulator.baseUrl()
                + "/v3/auth/tokens) - user "
                + u.name() + " in domain " + u.domain() + ", project " + u.projectId() + " (" + u.projectName() + ")"
                + (more > 0 ? " and " + more + " more user" + (more > 1 ? "s" : "") : "")
                + (aks.isEmpty() ? "" : "; AK/SK signing for " + String.join(", ", aks));
    }

    @Override
    public Integer call() throws InterruptedException {
        SimulatorSettings settings = settings();
        OmsSimulator simulator;
        try {
            simulator = OmsSimulator.start(settings);
        } catch (UncheckedIOException e) {
            // a busy port or an unknown host: one line, not a stack trace
            spec.commandLine().getErr().println(e.getMessage() + ": " + e.getCause());
            return 1;
        }
        CountDownLatch stopped = new CountDownLatch(1);
        Runtime.getRuntime()
                .addShutdownHook(new Thread(
                        () -> {
                            simulator.close();
                            stopped.countDown();
                        },
                        "oms-simulator-shutdown"));
        System.out.println(banner(simulator, settings));
        stopped.await();
        return 0;
    }

    public static void main(String[] args) {
        System.exit(new CommandLine(new SimulatorCommand()).execute(args));
    }
}
