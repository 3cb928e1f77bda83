package io.omsbridge.readme;

import static org.assertj.core.api.Assertions.assertThat;

import io.fabric8.kubernetes.api.model.Container;
import io.fabric8.kubernetes.api.model.ContainerPort;
import io.fabric8.kubernetes.api.model.EnvVar;
import io.fabric8.kubernetes.api.model.HTTPGetAction;
import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.api.model.apps.Deployment;
import io.fabric8.kubernetes.api.model.rbac.PolicyRule;
import io.fabric8.kubernetes.api.model.rbac.Role;
import io.fabric8.kubernetes.api.model.rbac.RoleBinding;
import io.fabric8.kubernetes.client.utils.Serialization;
import io.omsbridge.settings.ClusterSettings;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Properties;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;

/**
 * The Kubernetes example of docs/deploy.md, parsed as Kubernetes reads it, matches the bridge's configuration: probes
 * on the management server's health paths and port, reachable from the kubelet, the Lease RBAC, secrets from a Secret.
 */
class DeployManifestsTest {

    private static final Path DEPLOY = Path.of("docs", "deploy.md");
    private static final Pattern YAML = Pattern.compile("(?ms)^```yaml\\n(.*?)^```");

    private final List<HasMetadata> manifests = manifests();
    private final Deployment deployment = only(Deployment.class);
    private final Container bridge =
            deployment.getSpec().getTemplate().getSpec().getContainers().get(0);
    /** config/application.properties with the container's plain environment on top, as the bridge reads it. */
    private final Map<String, String> effective = effective();

    @Test
    void theProbesAskTheManagementServersLiveAndReadyPathsOnItsPort() {
        String health = effective.getOrDefault("camel.management.health-path", "/observe/health");
        int port = Integer.parseInt(effective.get("camel.management.port"));

        HTTPGetAction live = bridge.getLivenessProbe().getHttpGet();
        HTTPGetAction ready = bridge.getReadinessProbe().getHttpGet();

        assertThat(live.getPath()).isEqualTo(health + "/live");
        assertThat(ready.getPath()).isEqualTo(health + "/ready");
        assertThat(containerPort(live)).as("liveness port").isEqualTo(port);
        assertThat(containerPort(ready)).as("readiness port").isEqualTo(port);
        assertThat(effective.get("camel.management.host"))
                .as("the kubelet probes the pod's address")
                .isEqualTo("0.0.0.0");
        assertThat(containerPort("api")).isEqualTo(Integer.parseInt(effective.get("camel.server.port")));
    }

    @Test
    void twoReplicasShareAPostgresLedgerAndElectTheirDutiesOnKubernetesLeases() {
        assertThat(deployment.getSpec().getReplicas()).isEqualTo(2);
        assertThat(effective.get("ledger.url")).startsWith("jdbc:postgresql://");
        assertThat(ClusterSettings.Kind.valueOf(effective.get("bridge.cluster")))
                .isEqualTo(ClusterSettings.Kind.kubernetes);
        // the pods that take part are the Deployment's own
        assertThat(effective.get("bridge.cluster.kubernetes.labels")).isEqualTo("app=oms-bridge");
        assertThat(deployment.getSpec().getTemplate().getMetadata().getLabels()).containsEntry("app", "oms-bridge");
        assertThat(env("BRIDGE_CLUSTER_KUBERNETES_POD_NAME")
                        .getValueFrom()
                        .getFieldRef()
                        .getFieldPath())
                .isEqualTo("metadata.name");
    }

    @Test
    void theServiceAccountMayReadAndWriteLeasesAndListThePods() {
        Role role = only(Role.class);
        RoleBinding binding = only(RoleBinding.class);

        assertThat(binding.getRoleRef().getName()).isEqualTo(role.getMetadata().getName());
        assertThat(binding.getSubjects())
                .anySatisfy(s -> assertThat(s.getName())
                        .isEqualTo(deployment.getSpec().getTemplate().getSpec().getServiceAccountName()));
        assertThat(rule(role, "coordination.k8s.io", "leases").getVerbs()).contains("get", "create", "update");
        assertThat(rule(role, "", "pods").getVerbs()).contains("list");
    }

    @Test
    void everySecretComesFromTheSecretNeverFromAPlainValue() {
        for (String name : new String[] {"LEDGER_PASSWORD", "BRIDGE_SECRET_KEY", "IAM_PASSWORD", "BRIDGE_API_TOKEN"}) {
            EnvVar secret = env(name);
            assertThat(secret.getValue()).as(name).isNull();
            assertThat(secret.getValueFrom().getSecretKeyRef().getName())
                    .as(name)
                    .isEqualTo("oms-bridge");
        }
    }

    private static List<HasMetadata> manifests() {
        try {
            Matcher block = YAML.matcher(Files.readString(DEPLOY));
            StringBuilder all = new StringBuilder();
            while (block.find()) {
                all.append(block.group(1)).append("---\n");
            }
            InputStream in = new ByteArrayInputStream(all.toString().getBytes(StandardCharsets.UTF_8));
            return Serialization.unmarshal(in);
        } catch (IOException e) {
            throw new IllegalStateException(e);
        }
    }

    private <T> T only(Class<T> kind) {
        List<T> found =
                manifests.stream().filter(kind::isInstance).map(kind::cast).toList();
        assertThat(found).as(kind.getSimpleName() + " in " + DEPLOY).hasSize(1);
        return found.get(0);
    }

    private Map<String, String> effective() {
        Properties file = new Properties();
        try (InputStream in = Files.newInputStream(Path.of("config", "application.properties"))) {
            file.load(in);
        } catch (IOException e) {
            throw new IllegalStateException(e);
        }
        Map<String, String> settings = new HashMap<>();
        file.forEach((key, value) -> settings.put((String) key, (String) value));
        // an environment variable overrides the key it names in upper case, with '.' and '-' as '_'
        Map<String, String> byEnv = new HashMap<>();
        settings.keySet().forEach(key -> byEnv.put(envName(key), key));
        for (EnvVar var : bridge.getEnv()) {
            if (var.getValue() != null) {
                // a key the file does not set (without dashes, so the variable names it one way)
                settings.put(
                        byEnv.getOrDefault(
                                var.getName(),
                                var.getName().toLowerCase(Locale.ROOT).replace('_', '.')),
                        var.getValue());
            }
        }
        return settings;
    }

    private static String envName(String key) {
        return key.toUpperCase(Locale.ROOT).replace('.', '_').replace('-', '_');
    }

    private EnvVar env(String name) {
        return bridge.getEnv().stream()
                .filter(e -> e.getName().equals(name))
                .findFirst()
                .orElseThrow(() -> new AssertionError("no " + name + " in the container's environment"));
    }

    private int containerPort(HTTPGetAction probe) {
        return probe.getPort().getIntVal() != null
                ? probe.getPort().getIntVal()
                : containerPort(probe.getPort().getStrVal());
    }

    private int containerPort(String name) {
        return bridge.getPorts().stream()
                .filter(p -> name.equals(p.getName()))
                .map(ContainerPort::getContainerPort)
                .findFirst()
                .orElseThrow(() -> new AssertionError("no container port " + name));
    }

    private static PolicyRule rule(Role role, String group, String resource) {
        return role.getRules().stream()
                .filter(r ->
                        r.getApiGroups().contains(group) && r.getResources().contains(resource))
                .findFirst()
                .orElseThrow(() -> new AssertionError("no rule for " + resource));
    }
}
