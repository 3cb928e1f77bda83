package io.omsbridge.config;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import io.omsbridge.settings.BridgeSettings;
import io.omsbridge.settings.ConfigurationException;
import io.omsbridge.settings.LedgerSettings;
import io.omsbridge.settings.OmsSettings;
import io.omsbridge.settings.PollSettings;
import io.omsbridge.settings.PublishSettings;
import io.omsbridge.settings.SubmitSettings;
import java.net.URI;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.apache.camel.impl.DefaultCamelContext;
import org.apache.camel.spi.PropertiesComponent;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/** Proves that settings come from Camel's properties, are checked all at once, yield to -D and hide secrets. */
class BridgeSettingsTest {

    private static final String COMPLETE = "classpath:settings/complete.properties";
    private static final List<String> REQUIRED =
            List.of("oms.endpoint", "oms.project-id", "iam.endpoint", "iam.username", "iam.password", "iam.domain");

    private final DefaultCamelContext context = new DefaultCamelContext();
    private final List<String> systemProperties = new ArrayList<>();

    @AfterEach
    void cleanUp() throws Exception {
        systemProperties.forEach(System::clearProperty);
        context.close();
    }

    private PropertiesComponent properties() {
        return context.getPropertiesComponent();
    }

    private PropertiesComponent complete() {
        properties().setLocation(COMPLETE);
        return properties();
    }

    private void systemProperty(String key, String value) {
        systemProperties.add(key);
        System.setProperty(key, value);
    }

    private List<String> problemsOf(PropertiesComponent properties) {
        return catchThrowableOfType(ConfigurationException.class, () -> BridgeSettings.read(properties))
                .problems();
    }

    @Test
    void withNothingSetEachRequiredKeyHasOneProblemLine() {
        List<String> problems = problemsOf(properties());

        // plus the broker account, since the embedded broker's port is open by default
        assertThat(problems)
                .hasSize(REQUIRED.size() + 1)
                .filteredOn(l -> l.startsWith("broker.username, broker.password:"))
                .hasSize(1);
        for (String key : REQUIRED) {
            assertThat(problems)
                    .filteredOn(line -> line.startsWith(key + ":"))
                    .singleElement()
                    .asString()
                    .contains("required");
        }
    }

    @Test
    void theExceptionMessageListsEveryProblem() {
        assertThatThrownBy(() -> BridgeSettings.read(properties()))
                .isInstanceOf(ConfigurationException.class)
                .hasMessageContainingAll(REQUIRED.toArray(String[]::new));
    }

    @Test
    void aCompleteFileGivesTheSettings() {
        BridgeSettings settings = BridgeSettings.read(complete());

        assertThat(settings.oms().endpoint()).isEqualTo(URI.create("https://oms.cn-north-1.myhuaweicloud.com"));
        assertThat(settings.projectId()).isEqualTo("0215ef11e49d4743be23dd97a1561e91");
        assertThat(settings.oms().iamEndpoint()).isEqualTo(URI.create("https://iam.cn-north-1.myhuaweicloud.com"));
        assertThat(settings.oms().iamUsername()).isEqualTo("bridge-user");
        assertThat(settings.oms().iamPassword()).isEqualTo("File-Password-0815");
        assertThat(settings.oms().iamDomain()).isEqualTo("bridge-domain");
        assertThat(settings.credential("aws-prod")).hasValueSatisfying(c -> {
            assertThat(c.ak()).isEqualTo("AK-FROM-FILE");
            assertThat(c.sk()).isEqualTo("SK-FROM-FILE-0815");
        });
        assertThat(settings.credential("other")).isEmpty();
        assertThat(settings.oms().tokenFailureBackoffMillis()).isEqualTo(45_000);
        assertThat(settings.brokerPort()).isZero();
    }

    @Test
    void unsetOptionalKeysTakeTheirDefaults() {
        BridgeSettings settings = BridgeSettings.read(complete());

        assertThat(settings.dataDir()).isEqualTo(Path.of("data"));
        assertThat(settings.inbox()).isEqualTo(Path.of("data", "inbox"));
        assertThat(settings.outbox()).isEqualTo(Path.of("data", "outbox"));
        assertThat(settings.brokerUrl()).isEqualTo("vm://0");
        assertThat(settings.embeddedBroker()).isTrue();
        LedgerSettings ledger = LedgerSettings.read(properties(), settings.dataDir());
        assertThat(ledger.url())
                .isEqualTo("jdbc:sqlite:" + Path.of("data", "ledger.db").toAbsolutePath());
        assertThat(ledger.synchronous()).isEqualTo("FULL");
        assertThat(settings.oms().tokenRefreshMarginMillis()).isEqualTo(300_000);
        assertThat(settings.inboxMaxFileBytes()).isEqualTo(10 * 1024 * 1024);
        assertThat(settings.simulatorEnabled()).isFalse();
        assertThat(PublishSettings.read(properties(), settings.outbox()).endpoints())
                .containsExactly("file:" + Path.of("data", "outbox"), "jms:topic:oms.migration.events");
        assertThat(settings.nodeId()).as("unset: made once per data directory").isNull();
    }

    @Test
    void temporaryKeysAndPreflightOnOmsApiV1AreRefusedByKeyWithoutShowingTheToken() {
        systemProperty("credentials.sts.ak", "STS_AK");
        systemProperty("credentials.sts.sk", "STS_SK");
        systemProperty("credentials.sts.security-token", "secret-sts-token");
        properties().addOverrideProperty("oms.api-version", "v1");
        properties().addOverrideProperty("oms.security-token", "secret-own-token");
        properties().addOverrideProperty("bridge.requests.preflight", "true");

        List<String> problems = problemsOf(complete());

        assertThat(problems)
                .anySatisfy(line -> assertThat(line)
                        .startsWith("credentials.sts.security-token:")
                        .contains("oms.api-version=v2"));
        assertThat(problems)
                .anySatisfy(line ->
                        assertThat(line).startsWith("oms.security-token:").contains("oms.auth=aksk"));
        assertThat(problems)
                .anySatisfy(line -> assertThat(line)
                        .startsWith("bridge.requests.preflight:")
                        .contains("oms.api-version=v2"));
        assertThat(String.join("\n", problems)).doesNotContain("secret-sts-token", "secret-own-token");
    }

    @Test
    void aTemporaryKeyAliasOnV2CarriesItsTokenAndNeverShowsIt() {
        systemProperty("credentials.sts.ak", "STS_AK");
        systemProperty("credentials.sts.sk", "STS_SK");
        systemProperty("credentials.sts.security-token", "secret-sts-token");
        properties().addOverrideProperty("oms.api-version", "v2");

        BridgeSettings settings = BridgeSettings.read(complete());

        assertThat(settings.credential("sts")).hasValueSatisfying(c -> {
            assertThat(c.securityToken()).isEqualTo("secret-sts-token");
            assertThat(c.policy().temporary()).isTrue();
            assertThat(c.toString()).doesNotContain("secret-sts-token").contains("security-token=***");
        });
    }

    @Test
    void aMalformedUrlIsNamedWithItsRule() {
        properties().addOverrideProperty("oms.endpoint", "not a url");
        properties().addOverrideProperty("iam.endpoint", "ftp://iam.example.com");

        List<String> problems = problemsOf(complete());

        assertThat(problems).hasSize(2);
        assertThat(problems)
                .anySatisfy(line -> assertThat(line)
                        .startsWith("oms.endpoint:")
                        .contains("absolute http(s) URL")
                        .contains("'not a url'"));
        assertThat(problems)
                .anySatisfy(line -> assertThat(line).startsWith("iam.endpoint:").contains("absolute http(s) URL"));
    }

    @Test
    void aUrlWithoutHostIsRejected() {
        properties().addOverrideProperty("oms.endpoint", "https://");

        assertThat(problemsOf(complete())).singleElement().asString().startsWith("oms.endpoint:");
    }

    @Test
    void aNonIntegerBrokerPortIsNamedWithItsRule() {
        properties().addOverrideProperty("broker.port", "sixty");

        assertThat(problemsOf(complete()))
                .singleElement()
                .asString()
                .startsWith("broker.port:")
                .contains("an integer between 0 and 65535")
                .contains("'sixty'");
    }

    @Test
    void aBrokerPortOutOfRangeIsRejected() {
        properties().addOverrideProperty("broker.port", "70000");

        assertThat(problemsOf(complete()))
                .singleElement()
                .asString()
                .startsWith("broker.port:")
                .contains("between 0 and 65535");
    }

    @Test
    void aBrokerUrlNoClientSpeaksIsNamedWithTheFormsThatWork() {
        properties().addOverrideProperty("broker.url", "stomp://broker:61613");

        assertThat(problemsOf(complete()))
                .singleElement()
                .asString()
                .startsWith("broker.url:")
                .contains("amqp://")
                .contains("tcp://");
    }

    @Test
    void anAmqpBrokerIsReachedWithQpidAndAnArtemisOneWithArtemisClient() {
        properties().addOverrideProperty("broker.url", "amqps://bus.example.com:5671");
        assertThat(BridgeSettings.read(complete()).amqpBroker()).isTrue();
        properties().addOverrideProperty("broker.url", "(tcp://a:61616,tcp://b:61616)?ha=true");
        assertThat(BridgeSettings.read(complete()).amqpBroker()).isFalse();
    }

    @Test
    void aBadDurationIsNamedWithItsRule() {
        properties().addOverrideProperty("iam.failure-backoff", "thirty seconds");

        assertThat(problemsOf(complete()))
                .singleElement()
                .asString()
                .startsWith("iam.failure-backoff:")
                .contains("milliseconds");
    }

    @Test
    void durationsAreMillisecondsOrIso8601() {
        properties().addOverrideProperty("iam.token-refresh-margin", "1500");
        properties().addOverrideProperty("bridge.submit.park", "PT2M");

        BridgeSettings settings = BridgeSettings.read(complete());

        assertThat(settings.oms().tokenRefreshMarginMillis()).isEqualTo(1500);
        assertThat(SubmitSettings.read(complete(), 30_000).parkMillis()).isEqualTo(120_000);
    }

    @Test
    void aPollCronQuartzCannotReadIsNamedByItsKeyAtStart() {
        properties().addOverrideProperty("bridge.poll-cron", "bogus");

        assertThatThrownBy(() -> PollSettings.read(complete()))
                .isInstanceOf(ConfigurationException.class)
                .hasMessageContaining("bridge.poll-cron: not a Quartz cron expression (seconds minutes hours")
                .hasMessageContaining("e.g. 0/10 * * * * ?)");
        properties().addOverrideProperty("bridge.poll-cron", "0/10 * * * * ?");
        assertThat(PollSettings.read(complete()).listThreshold()).isEqualTo(20);
    }

    @Test
    void aLeaseShorterThanFourCallDeadlinesIsRefusedSoAClaimCannotRunOutDuringACreate() {
        properties().addOverrideProperty("bridge.submit.lease", "PT1M");

        assertThatThrownBy(() -> SubmitSettings.read(complete(), 30_000))
                .isInstanceOf(ConfigurationException.class)
                .hasMessageContaining(
                        "bridge.submit.lease: must be at least four times oms.call-deadline" + " (120000 ms)");
        assertThat(SubmitSettings.read(complete(), 15_000).leaseMillis()).isEqualTo(60_000);
    }

    @Test
    void allProblemsOfDifferentKindsAreReportedAtOnce() {
        properties().addInitialProperty("oms.endpoint", "oms.example.com");
        properties().addInitialProperty("broker.port", "-1");
        properties().addInitialProperty("simulator.enabled", "maybe");
        properties().addInitialProperty("credentials.half.ak", "AK");

        List<String> problems = problemsOf(properties());

        assertThat(problems)
                .extracting(line -> line.substring(0, line.indexOf(':')))
                .containsExactlyInAnyOrder(
                        "simulator.enabled",
                        "oms.endpoint",
                        "oms.project-id",
                        "iam.endpoint",
                        "iam.username",
                        "iam.password",
                        "iam.domain",
                        "broker.port",
                        "credentials.half");
    }

    @Test
    void withTheSimulatorOnlyTheProjectIdIsRequired() {
        properties().addInitialProperty("simulator.enabled", "true");
        // in-VM only: the broker account is needed only while the embedded broker's port is open
        properties().addInitialProperty("broker.port", "0");

        assertThat(problemsOf(properties())).singleElement().asString().startsWith("oms.project-id:");
    }

    @Test
    void withTheSimulatorAndAProjectIdTheEndpointsMayStayEmpty() {
        properties().addInitialProperty("simulator.enabled", "true");
        properties().addInitialProperty("broker.port", "0");
        properties().addInitialProperty("oms.project-id", "p1");

        BridgeSettings settings = BridgeSettings.read(properties());

        assertThat(settings.simulatorEnabled()).isTrue();
        assertThat(settings.oms().endpoint()).isNull();
        assertThat(settings.oms().iamEndpoint()).isNull();
        OmsSettings wired = settings.oms().withSimulator(URI.create("http://127.0.0.1:4567"), "dom", "usr", "pwd");
        assertThat(wired.endpoint()).isEqualTo(URI.create("http://127.0.0.1:4567"));
        assertThat(wired.iamUsername()).isEqualTo("usr");
        assertThat(wired.iamPassword()).isEqualTo("pwd");
    }

    @Test
    void aCredentialAkWithoutSkIsReported() {
        properties().addInitialProperty("credentials.x.ak", "AK-ONLY");

        assertThat(problemsOf(complete()))
                .singleElement()
                .asString()
                .startsWith("credentials.x:")
                .contains("credentials.x.sk");
    }

    @Test
    void aCredentialKeyOfTheWrongShapeIsReported() {
        properties().addInitialProperty("credentials.x.token", "T");

        assertThat(problemsOf(complete()))
                .singleElement()
                .asString()
                .startsWith("credentials.x.token:")
                .contains("credentials.<alias>.ak");
    }

    @Test
    void aJvmSystemPropertyOverridesTheFileValue() {
        systemProperty("oms.project-id", "from-the-jvm");
        systemProperty("iam.failure-backoff", "PT1S");

        BridgeSettings settings = BridgeSettings.read(complete());

        assertThat(settings.projectId()).isEqualTo("from-the-jvm");
        assertThat(settings.oms().tokenFailureBackoffMillis()).isEqualTo(1_000);
    }

    @Test
    void aJvmSystemPropertyOverridesAnInitialProperty() {
        properties().addInitialProperty("oms.project-id", "initial");
        systemProperty("oms.project-id", "from-the-jvm");

        assertThat(BridgeSettings.read(complete()).projectId()).isEqualTo("from-the-jvm");
    }

    @Test
    void aJvmSystemPropertyFillsAMissingRequiredKey() {
        for (String key : REQUIRED) {
            systemProperty(key, key.endsWith("endpoint") ? "https://" + key + ".example.com" : "v-" + key);
        }
        systemProperty("broker.port", "0");

        BridgeSettings settings = BridgeSettings.read(properties());

        assertThat(settings.oms().iamDomain()).isEqualTo("v-iam.domain");
        assertThat(settings.oms().endpoint()).isEqualTo(URI.create("https://oms.endpoint.example.com"));
    }

    @Test
    void credentialsMayComeFromJvmSystemProperties() {
        systemProperty("credentials.jvm-pair.ak", "AK-JVM");
        systemProperty("credentials.jvm-pair.sk", "SK-JVM");

        BridgeSettings settings = BridgeSettings.read(complete());

        assertThat(settings.credential("jvm-pair"))
                .hasValueSatisfying(c -> assertThat(c.sk()).isEqualTo("SK-JVM"));
        assertThat(settings.credential("aws-prod")).isPresent();
    }

    @Test
    void aNodeIdTheLedgerCannotHoldIsRefusedAtStartWithItsRule() {
        properties().addOverrideProperty("bridge.node-id", "node/" + "x".repeat(80));

        assertThat(problemsOf(complete()))
                .singleElement()
                .asString()
                .isEqualTo("bridge.node-id: must be 1 to 64 of A-Z a-z 0-9 . _ : - (it is stored in the ledger's lease"
                        + " columns), got 85 characters");
        properties().addOverrideProperty("bridge.node-id", "bridge-b.eu:2");
        assertThat(BridgeSettings.read(complete()).nodeId()).isEqualTo("bridge-b.eu:2");
    }

    @Test
    void aBlankValueCountsAsUnset() {
        properties().addOverrideProperty("iam.username", "   ");

        assertThat(problemsOf(complete())).singleElement().asString().startsWith("iam.username:");
    }

    @Test
    void toStringNeverShowsThePasswordNorAnySecretKey() {
        properties().addOverrideProperty("ledger.password", "Ledger-Secret-77");
        properties().addOverrideProperty("bridge.secret-key", "c2VjcmV0LWtleS0zMi1ieXRlcy1mb3ItdGVzdHMhIQ==");

        BridgeSettings settings = BridgeSettings.read(complete());

        assertThat(settings.toString())
                .contains("bridge-user", "aws-prod")
                .doesNotContain(
                        "File-Password-0815",
                        "SK-FROM-FILE-0815",
                        "AK-FROM-FILE",
                        "Ledger-Secret-77",
                        "c2VjcmV0LWtleS0zMi1ieXRlcy1mb3ItdGVzdHMhIQ==");
        assertThat(settings.credential("aws-prod").orElseThrow().toString()).doesNotContain("SK-FROM-FILE-0815");
    }

    @Test
    void aProblemReportNeverShowsThePassword() {
        properties().addOverrideProperty("broker.port", "x");

        ConfigurationException e =
                catchThrowableOfType(ConfigurationException.class, () -> BridgeSettings.read(complete()));

        assertThat(e.getMessage()).doesNotContain("File-Password-0815", "SK-FROM-FILE-0815");
    }
}
