package io.omsbridge.config;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import io.omsbridge.settings.BridgeSettings;
import io.omsbridge.settings.ConfigurationException;
import io.omsbridge.settings.OmsSettings;
import io.omsbridge.settings.RegionSettings;
import java.net.URI;
import java.util.List;
import java.util.Properties;
import org.apache.camel.impl.DefaultCamelContext;
import org.apache.camel.spi.PropertiesComponent;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/** Proves that oms.regions.<region>.* configure every destination region, with Huawei's hosts by default. */
class RegionSettingsTest {

    private final DefaultCamelContext context = new DefaultCamelContext();

    @AfterEach
    void close() throws Exception {
        context.close();
    }

    /** The IAM user and a closed broker port, plus {@code keyValues}. */
    private PropertiesComponent with(String... keyValues) {
        Properties p = new Properties();
        p.setProperty("iam.username", "user");
        p.setProperty("iam.password", "secret");
        p.setProperty("iam.domain", "account");
        p.setProperty("broker.port", "0");
        for (int i = 0; i < keyValues.length; i += 2) {
            p.setProperty(keyValues[i], keyValues[i + 1]);
        }
        context.getPropertiesComponent().setInitialProperties(p);
        return context.getPropertiesComponent();
    }

    private List<String> problemsOf(PropertiesComponent properties) {
        return catchThrowableOfType(ConfigurationException.class, () -> BridgeSettings.read(properties))
                .problems();
    }

    @Test
    void regionsNeedNoOmsEndpointNorProjectAndDefaultToTheRegionsOwnHosts() {
        OmsSettings oms = BridgeSettings.read(with(
                        "oms.regions.cn-north-4.project-id",
                        "p4",
                        "oms.regions.cn-east-3.project-id",
                        "p3",
                        "oms.regions.cn-east-3.endpoint",
                        "https://oms.example.com",
                        "oms.regions.cn-east-3.iam-endpoint",
                        "https://iam.example.com"))
                .oms();

        assertThat(oms.regional()).isTrue();
        assertThat(oms.regions()).containsOnlyKeys("cn-north-4", "cn-east-3");
        assertThat(oms.regions().get("cn-north-4"))
                .isEqualTo(new RegionSettings(
                        "cn-north-4",
                        "p4",
                        URI.create("https://oms.cn-north-4.myhuaweicloud.com"),
                        URI.create("https://iam.cn-north-4.myhuaweicloud.com")));
        assertThat(oms.regions().get("cn-east-3"))
                .isEqualTo(new RegionSettings(
                        "cn-east-3",
                        "p3",
                        URI.create("https://oms.example.com"),
                        URI.create("https://iam.example.com")));
        assertThat(oms.endpoint()).isNull();
        assertThat(oms.projectId()).isNull();
    }

    @Test
    void aRegionWithoutItsProjectAndAMistypedRegionKeyAreEachAProblemNamingTheKey() {
        List<String> problems = problemsOf(with(
                "oms.regions.cn-north-4.endpoint",
                "https://oms.example.com",
                "oms.regions.cn-east-3.projectid",
                "p3",
                "oms.regions.CN_EAST.project-id",
                "p"));

        assertThat(problems).anySatisfy(p -> assertThat(p).startsWith("oms.regions.cn-north-4.project-id: required"));
        assertThat(problems)
                .anySatisfy(p -> assertThat(p)
                        .startsWith("oms.regions.cn-east-3.projectid:")
                        .contains("oms.regions.<region>.project-id, .endpoint or .iam-endpoint"));
        assertThat(problems)
                .anySatisfy(p -> assertThat(p)
                        .startsWith("oms.regions.CN_EAST.project-id:")
                        .contains("not a region name"));
        assertThat(problems).noneMatch(p -> p.startsWith("oms.endpoint:") || p.startsWith("oms.project-id:"));
    }

    @Test
    void oneOmsEndpointBesideRegionsIsRefusedRatherThanSilentlyUnused() {
        List<String> problems = problemsOf(with(
                "oms.regions.cn-north-4.project-id",
                "p4",
                "oms.endpoint",
                "https://oms.cn-north-4.myhuaweicloud.com",
                "oms.project-id",
                "p"));

        assertThat(problems)
                .singleElement()
                .asString()
                .startsWith("oms.endpoint, oms.project-id: not used when" + " regions are configured");
    }

    @Test
    void anHttpRegionEndpointOffLoopbackIsRefusedLikeAnyOther() {
        List<String> problems = problemsOf(with(
                "oms.regions.cn-north-4.project-id",
                "p4",
                "oms.regions.cn-north-4.endpoint",
                "http://oms.example.com"));

        assertThat(problems).singleElement().asString().startsWith("oms.regions.cn-north-4.endpoint:");
    }
}
