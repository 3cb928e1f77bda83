package io.omsbridge.security;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import io.omsbridge.settings.BridgeSettings;
import io.omsbridge.settings.ConfigurationException;
import java.util.List;
import org.apache.camel.impl.DefaultCamelContext;
import org.apache.camel.spi.PropertiesComponent;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * IAM and OMS endpoints carry the IAM password, the token and every AK/SK: plain http:// is refused at start unless
 * the host is a loopback address (the simulator) or bridge.allow-insecure-http says so.
 */
class InsecureEndpointTest {

    private final DefaultCamelContext context = new DefaultCamelContext();

    @AfterEach
    void close() throws Exception {
        context.close();
    }

    private PropertiesComponent settings(String oms, String iam) {
        PropertiesComponent p = context.getPropertiesComponent();
        p.setLocation("classpath:settings/complete.properties");
        p.addOverrideProperty("oms.endpoint", oms);
        p.addOverrideProperty("iam.endpoint", iam);
        return p;
    }

    @Test
    void plainHttpToAnotherHostIsRefusedForBothEndpointsAtStart() {
        List<String> problems = catchThrowableOfType(
                        ConfigurationException.class,
                        () -> BridgeSettings.read(
                                settings("http://oms.cn-north-1.myhuaweicloud.com", "http://10.1.2.3:8443")))
                .problems();

        assertThat(problems)
                .containsExactly(
                        "oms.endpoint: must be https:// (secrets travel on it); http:// is allowed only to a loopback address"
                                + " such as 127.0.0.1, or with bridge.allow-insecure-http=true, got"
                                + " 'http://oms.cn-north-1.myhuaweicloud.com'",
                        "iam.endpoint: must be https:// (secrets travel on it); http:// is allowed only to a loopback address"
                                + " such as 127.0.0.1, or with bridge.allow-insecure-http=true, got 'http://10.1.2.3:8443'");
    }

    @Test
    void plainHttpToALoopbackAddressIsTheSimulatorAndAllowed() {
        BridgeSettings s = BridgeSettings.read(settings("http://127.0.0.1:8090", "http://localhost:8090"));

        assertThat(s.oms().endpoint().getHost()).isEqualTo("127.0.0.1");
        assertThat(BridgeSettings.read(settings("http://[::1]:8090", "https://iam.example.com"))
                        .oms()
                        .endpoint()
                        .getPort())
                .isEqualTo(8090);
    }

    @Test
    void theExplicitSettingAllowsPlainHttpAnywhere() {
        PropertiesComponent p = settings("http://oms.internal", "http://iam.internal");
        p.addOverrideProperty("bridge.allow-insecure-http", "true");

        assertThat(BridgeSettings.read(p).oms().iamEndpoint().toString()).isEqualTo("http://iam.internal");
    }
}
