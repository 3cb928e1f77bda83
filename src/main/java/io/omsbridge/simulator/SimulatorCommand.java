package io.omsbridge.simulator;

import java.time.Duration;
import java.util.concurrent.Callable;
import java.util.concurrent.CountDownLatch;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/** {@code simulator}: runs only the OMS/IAM simulator until the JVM is stopped. */
@Command(name = "simulator", mixinStandardHelpOptions = true,
        description = "Run the Huawei Cloud IAM + OMS v1 simulator on one HTTP port until stopped.")
public final class SimulatorCommand implements Callable<Integer> {

    @Option(names = "--port", defaultValue = "8090", description = "Port to listen on; 0 = a free port (default ${DEFAULT-VALUE}).")
    int port;

    @Option(names = "--host", defaultValue = "127.0.0.1", description = "Address to bind (default ${DEFAULT-VALUE}).")
    String host;

    @Option(names = "--wait-ms", defaultValue = "2000", description = "Time a new task stays waiting (status 1), ms (default ${DEFAULT-VALUE}).")
    long waitMs;

    @Option(names = "--run-ms", defaultValue = "5000", description = "Time a task runs (status 2), ms (default ${DEFAULT-VALUE}).")
    long runMs;

    @Option(names = "--token-ttl", defaultValue = "PT24H", converter = DurationConverter.class,
            description = "Token lifetime: ISO-8601 duration (PT1H) or plain seconds (3600) (default ${DEFAULT-VALUE}).")
    Duration tokenTtl;

    @Option(names = "--fail-pattern", defaultValue = "fail",
            description = "Tasks whose source bucket contains this end failed (status 4); empty = never (default ${DEFAULT-VALUE}).")
    String failPattern;

    @Option(names = "--max-creates-24h", defaultValue = "200", description = "Creates per project per 24 h, <=0 = unlimited (default ${DEFAULT-VALUE}).")
    int maxCreates;

    @Option(names = "--max-waiting", defaultValue = "50", description = "Tasks waiting per project, <=0 = unlimited (default ${DEFAULT-VALUE}).")
    int maxWaiting;

    @Option(names = "--error-rate", defaultValue = "0", description = "Share of calls answered 500/503, 0..1 (default ${DEFAULT-VALUE}).")
    double errorRate;

    @Option(names = "--throttle-rate", defaultValue = "0", description = "Share of calls answered 429, 0..1 (default ${DEFAULT-VALUE}).")
    double throttleRate;

    @Option(names = "--latency-ms", defaultValue = "0", description = "Delay added before every answer, ms (default ${DEFAULT-VALUE}).")
    long latencyMs;

    @Option(names = "--drop-after-create-rate", defaultValue = "0",
            description = "Share of creates whose connection is closed unanswered, 0..1 (default ${DEFAULT-VALUE}).")
    double dropAfterCreateRate;

    @Option(names = "--threads", defaultValue = "8", description = "HTTP worker threads (default ${DEFAULT-VALUE}).")
    int threads;

    /** Accepts "PT30M" or a plain number of seconds. */
    static final class DurationConverter implements CommandLine.ITypeConverter<Duration> {
        @Override
        public Duration convert(String value) {
            String v = value.trim();
            return v.chars().allMatch(Character::isDigit) && !v.isEmpty() ? Duration.ofSeconds(Long.parseLong(v)) : Duration.parse(v);
        }
    }

    SimulatorSettings settings() {
        return SimulatorSettings.builder()
                .host(host)
                .port(port)
                .waitTime(Duration.ofMillis(waitMs))
                .runTime(Duration.ofMillis(runMs))
                .tokenTtl(tokenTtl)
                .failWhenSourceBucketContains(failPattern)
                .maxCreatesPer24h(maxCreates)
                .maxWaitingTasks(maxWaiting)
                .errorRate(errorRate)
                .throttleRate(throttleRate)
                .latency(Duration.ofMillis(latencyMs))
                .dropAfterCreateRate(dropAfterCreateRate)
                .threads(threads)
                .build();
    }

    /** The one line printed at start: where to call and as whom (never the password). */
    static String banner(OmsSimulator simulator, SimulatorSettings settings) {
        SimUser u = settings.defaultUser();
        return "OMS/IAM simulator at " + simulator.baseUrl() + " (IAM " + simulator.baseUrl() + "/v3/auth/tokens) - user "
                + u.name() + " in domain " + u.domain() + ", project " + u.projectId() + " (" + u.projectName() + ")";
    }

    @Override
    public Integer call() throws InterruptedException {
        SimulatorSettings settings = settings();
        OmsSimulator simulator = OmsSimulator.start(settings);
        CountDownLatch stopped = new CountDownLatch(1);
        Runtime.getRuntime().addShutdownHook(new Thread(() -> {
            simulator.close();
            stopped.countDown();
        }, "oms-simulator-shutdown"));
        System.out.println(banner(simulator, settings));
        stopped.await();
        return 0;
    }

    public static void main(String[] args) {
        System.exit(new CommandLine(new SimulatorCommand()).execute(args));
    }
}
