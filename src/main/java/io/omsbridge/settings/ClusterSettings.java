package io.omsbridge.settings;

import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;
import org.apache.camel.spi.PropertiesComponent;

/**
 * Which cluster service elects the leader of each duty ({@code bridge.cluster}) and its settings, read once at start:
 * {@code ledger} (the default: a lease in the ledger, {@code bridge.duty-lease}), {@code kubernetes} (a Lease object
 * per duty, {@code bridge.cluster.kubernetes.*}) or {@code file} (a lock file per duty in a shared directory,
 * {@code bridge.cluster.file.*}).
 */
public record ClusterSettings(Kind kind, Kubernetes kubernetes, File file) {

    /** The cluster services the bridge offers (not ZooKeeper: camel-zookeeper 4.18.0 can elect two leaders). */
    public enum Kind {
        ledger,
        kubernetes,
        file
    }

    /**
     * camel-kubernetes' KubernetesClusterService on {@code coordination.k8s.io} Leases named {@code
     * <leaseName>-<duty>}.
     * {@code namespace}, {@code masterUrl}, {@code podName}: null for the client's and the pod's own (HOSTNAME);
     * {@code labels}: the pods that take part (only running, ready ones lead).
     */
    public record Kubernetes(
            String namespace,
            String masterUrl,
            String leaseName,
            String podName,
            Map<String, String> labels,
            long leaseDurationMillis,
            long renewDeadlineMillis,
            long retryPeriodMillis) {}

    /** Camel's FileLockClusterService: a lock file per duty under {@code root}, tried every {@code acquireMillis}. */
    public record File(Path root, long acquireMillis) {}

    public static ClusterSettings read(PropertiesComponent properties, Path dataDir) {
        SettingsReader in = new SettingsReader(properties);
        String name = in.string("bridge.cluster", "ledger").trim();
        Kind kind = null;
        try {
            kind = Kind.valueOf(name);
        } catch (IllegalArgumentException e) {
            in.problem("bridge.cluster: must be ledger, kubernetes or file, got '" + name + "'");
        }
        String k8s = "bridge.cluster.kubernetes.";
        Kubernetes kubernetes = new Kubernetes(
                in.optional(k8s + "namespace").orElse(null),
                in.optional(k8s + "master-url").orElse(null),
                in.string(k8s + "lease-name", "oms-bridge"),
                in.optional(k8s + "pod-name").orElse(null),
                labels(in, k8s + "labels"),
                in.millis(k8s + "lease-duration", 15_000),
                in.millis(k8s + "renew-deadline", 10_000),
                in.millis(k8s + "retry-period", 2_000));
        if (kind == Kind.kubernetes && in.problems().isEmpty()) {
            check(in, kubernetes);
        }
        File file = new File(
                Path.of(in.string(
                        "bridge.cluster.file.root", dataDir.resolve("cluster").toString())),
                in.millis("bridge.cluster.file.acquire-interval", 10_000));
        if (kind == Kind.file && file.acquireMillis() < 1_000) {
            in.problem("bridge.cluster.file.acquire-interval: must be at least 1 s (PT1S), got " + file.acquireMillis()
                    + " ms");
        }
        if (!in.problems().isEmpty()) {
            throw new ConfigurationException(in.problems());
        }
        return new ClusterSettings(kind, kubernetes, file);
    }

    /** Camel's own rules for a Kubernetes lock, in the bridge's words (it would refuse to start the view otherwise). */
    private static void check(SettingsReader in, Kubernetes k) {
        String k8s = "bridge.cluster.kubernetes.";
        if (k.retryPeriodMillis() <= 0) {
            in.problem(k8s + "retry-period: must be a positive duration, e.g. PT2S");
        } else if (k.renewDeadlineMillis() < 1_000 || k.renewDeadlineMillis() <= 1.2 * k.retryPeriodMillis()) {
            in.problem(k8s + "renew-deadline: must be at least 1 s and more than 1.2 x retry-period ("
                    + k.retryPeriodMillis() + " ms), got " + k.renewDeadlineMillis() + " ms");
        } else if (k.leaseDurationMillis() < 1_000 || k.leaseDurationMillis() <= k.renewDeadlineMillis()) {
            in.problem(k8s + "lease-duration: must be at least 1 s and longer than renew-deadline ("
                    + k.renewDeadlineMillis() + " ms), got " + k.leaseDurationMillis() + " ms");
        }
        if (k.leaseName().isBlank()) {
            in.problem(k8s + "lease-name: must not be empty");
        }
    }

    /** {@code app=oms-bridge,tier=ops}: the labels of the pods that take part. */
    private static Map<String, String> labels(SettingsReader in, String key) {
        Map<String, String> labels = new LinkedHashMap<>();
        for (String pair : in.string(key, "").split(",")) {
            if (pair.isBlank()) {
                continue;
            }
            int eq = pair.indexOf('=');
            if (eq <= 0) {
                in.problem(key + ": must be a comma list of name=value pairs, got '" + pair.trim() + "'");
                continue;
            }
            labels.put(pair.substring(0, eq).trim(), pair.substring(eq + 1).trim());
        }
        return labels;
    }
}
