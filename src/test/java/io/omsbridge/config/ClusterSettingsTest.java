package io.omsbridge.config;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import io.omsbridge.settings.ClusterSettings;
import io.omsbridge.settings.ConfigurationException;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import org.apache.camel.impl.DefaultCamelContext;
import org.apache.camel.spi.PropertiesComponent;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/** {@code bridge.cluster} and its settings: the ledger by default, and every mistake named by its key and rule. */
class ClusterSettingsTest {

    private final DefaultCamelContext context = new DefaultCamelContext();

    @AfterEach
    void close() throws Exception {
        context.close();
    }

    private PropertiesComponent with(String... pairs) {
        Properties p = new Properties();
        for (int i = 0; i < pairs.length; i += 2) {
            p.setProperty(pairs[i], pairs[i + 1]);
        }
        context.getPropertiesComponent().setOverrideProperties(p);
        return context.getPropertiesComponent();
    }

    private List<String> problems(String... pairs) {
        return catchThrowableOfType(
                        ConfigurationException.class, () -> ClusterSettings.read(with(pairs), Path.of("data")))
                .problems();
    }

    @Test
    void withNothingSetTheLedgerElectsTheLeadersAndAFileClusterWouldLockUnderTheDataDirectory() {
        ClusterSettings settings = ClusterSettings.read(with(), Path.of("data"));

        assertThat(settings.kind()).isEqualTo(ClusterSettings.Kind.ledger);
        assertThat(settings.file().root()).isEqualTo(Path.of("data", "cluster"));
        assertThat(settings.kubernetes().leaseName()).isEqualTo("oms-bridge");
        assertThat(settings.kubernetes().leaseDurationMillis()).isEqualTo(15_000);
    }

    @Test
    void zooKeeperOrAnyOtherNameIsRefusedNamingTheThreeThatAreOffered() {
        assertThat(problems("bridge.cluster", "zookeeper"))
                .singleElement()
                .asString()
                .isEqualTo("bridge.cluster: must be ledger, kubernetes or file, got 'zookeeper'");
    }

    @Test
    void kubernetesTimingsCamelWouldRefuseAreNamedAtStart() {
        assertThat(problems(
                        "bridge.cluster",
                        "kubernetes",
                        "bridge.cluster.kubernetes.lease-duration",
                        "PT5S",
                        "bridge.cluster.kubernetes.renew-deadline",
                        "PT10S"))
                .singleElement()
                .asString()
                .startsWith("bridge.cluster.kubernetes.lease-duration: must be at least 1 s and longer than"
                        + " renew-deadline");
        assertThat(problems("bridge.cluster", "kubernetes", "bridge.cluster.kubernetes.labels", "app"))
                .singleElement()
                .asString()
                .isEqualTo(
                        "bridge.cluster.kubernetes.labels: must be a comma list of name=value pairs," + " got 'app'");
    }

    @Test
    void kubernetesLabelsAreReadAsPairs() {
        ClusterSettings settings = ClusterSettings.read(
                with("bridge.cluster", "kubernetes", "bridge.cluster.kubernetes.labels", "app=oms-bridge, tier=ops"),
                Path.of("data"));

        assertThat(settings.kubernetes().labels())
                .containsExactly(Map.entry("app", "oms-bridge"), Map.entry("tier", "ops"));
    }
}
