package io.omsbridge.config;

import io.omsbridge.settings.BridgeSettings;
import io.omsbridge.settings.ClusterSettings;
import io.omsbridge.settings.ConfigurationException;
import io.omsbridge.settings.HttpSettings;
import io.omsbridge.settings.LedgerSettings;
import io.omsbridge.settings.PollSettings;
import io.omsbridge.settings.PublishSettings;
import io.omsbridge.settings.SettingsReader;
import io.omsbridge.settings.SubmitSettings;
import io.omsbridge.simulator.SimulatorSettings;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Supplier;
import org.apache.camel.spi.PropertiesComponent;

/**
 * Every setting the beans need, read and checked together so one start lists every problem; bound in the registry
 * as {@link #BEAN} for the configuration classes of each capability.
 */
public record AllSettings(
        BridgeSettings bridge,
        SubmitSettings submit,
        PollSettings poll,
        PublishSettings publish,
        LedgerSettings ledger,
        HttpSettings http,
        int maxDeliveryAttempts,
        SimulatorSettings simulator,
        ClusterSettings cluster) {

    /** The registry name the capability configurations inject. */
    public static final String BEAN = "omsBridgeAllSettings";

    /** Reads every group of settings, collecting the problems of all of them before refusing to start. */
    public static AllSettings read(PropertiesComponent properties) {
        List<String> problems = new ArrayList<>();
        BridgeSettings bridge = collect(problems, () -> BridgeSettings.read(properties));
        long deadline = bridge != null ? bridge.oms().deadlineMillis() : 0;
        SubmitSettings submit = collect(problems, () -> SubmitSettings.read(properties, deadline));
        PollSettings poll = collect(problems, () -> PollSettings.read(properties));
        Path outbox = bridge != null ? bridge.outbox() : Path.of("data", "outbox");
        PublishSettings publish = collect(problems, () -> PublishSettings.read(properties, outbox));
        Path dataDir = bridge != null ? bridge.dataDir() : Path.of("data");
        LedgerSettings ledger = collect(problems, () -> LedgerSettings.read(properties, dataDir));
        HttpSettings http = collect(problems, () -> HttpSettings.read(properties));
        ClusterSettings cluster = collect(problems, () -> ClusterSettings.read(properties, dataDir));
        SettingsReader in = new SettingsReader(properties);
        int deliveries = in.integer("broker.max-delivery-attempts", 10, 1, 10_000);
        SimulatorSettings simulator = null;
        if (bridge != null && bridge.simulatorEnabled()) {
            simulator = simulatorSettings(bridge, in);
        }
        problems.addAll(in.problems());
        if (!problems.isEmpty()) {
            throw new ConfigurationException(problems);
        }
        return new AllSettings(bridge, submit, poll, publish, ledger, http, deliveries, simulator, cluster);
    }

    /** This node's name in the ledger's claims and leases: the configured one, else one kept in the data directory. */
    String nodeId() {
        return bridge.nodeId() != null ? bridge.nodeId() : NodeId.of(bridge.dataDir());
    }

    /** The in-process simulator: the seed's IAM user, and the AK/SK pairs of {@code simulator.aksk} (AK:SK,...). */
    private static SimulatorSettings simulatorSettings(BridgeSettings bridge, SettingsReader in) {
        SimulatorSettings.Builder simulator = SimulatorSettings.builder()
                .port(bridge.simulatorPort())
                .user(
                        Defaults.SIM_DOMAIN,
                        Defaults.SIM_USER,
                        Defaults.SIM_PASSWORD,
                        bridge.projectId(),
                        Defaults.SIM_PROJECT_NAME);
        long wait = in.millis("simulator.wait-ms", 2000);
        long run = in.millis("simulator.run-ms", 5000);
        int creates = in.integer("simulator.max-creates-24h", 0, 0, Integer.MAX_VALUE);
        int waiting = in.integer("simulator.max-waiting", 0, 0, Integer.MAX_VALUE);
        int running = in.integer("simulator.max-running", 5, 0, Integer.MAX_VALUE);
        for (String pair : in.string("simulator.aksk", "").split(",")) {
            if (pair.isBlank()) {
                continue;
            }
            int colon = pair.indexOf(':');
            if (colon <= 0 || colon == pair.trim().length() - 1) {
                // never echoes the pair: its second half is a secret key
                in.problem("simulator.aksk: must be a comma list of AK:SK pairs");
                continue;
            }
            simulator.accessKey(
                    pair.trim().substring(0, colon).trim(),
                    pair.trim().substring(colon + 1).trim());
        }
        try {
            return simulator
                    .waitTime(Duration.ofMillis(wait))
                    .runTime(Duration.ofMillis(run))
                    .maxCreatesPer24h(creates)
                    .maxWaitingTasks(waiting)
                    .maxRunningTasks(running)
                    .build();
        } catch (IllegalArgumentException e) {
            in.problem("simulator.*: " + e.getMessage());
            return null;
        }
    }

    private static <T> T collect(List<String> problems, Supplier<T> read) {
        try {
            return read.get();
        } catch (ConfigurationException e) {
            problems.addAll(e.problems());
            return null;
        }
    }
}
