package io.omsbridge.config;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import io.omsbridge.BridgeRun;
import io.omsbridge.settings.ConfigurationException;
import io.omsbridge.settings.LedgerSettings;
import java.nio.file.Files;
import java.nio.file.Path;
import org.apache.camel.CamelContext;
import org.apache.camel.impl.DefaultCamelContext;
import org.apache.camel.spi.PropertiesComponent;
import org.assertj.core.api.Assertions;
import org.junit.jupiter.api.Test;

/** What the start says about the ledger it finds: an H2 ledger of an earlier build, a damaged SQLite file. */
class LedgerStartTest {

    private static CamelContext context(Path data) {
        CamelContext context = new DefaultCamelContext();
        PropertiesComponent properties = context.getPropertiesComponent();
        properties.setLocation("classpath:io/omsbridge/config/application.properties");
        BridgeRun.defaults("http://127.0.0.1:1", data).forEach(properties::addOverrideProperty);
        return context;
    }

    /** Configures and starts a bridge on the context; what stops the start, as the entry point prints it. */
    private static ConfigurationException startFails(CamelContext context) throws Exception {
        new BridgeConfiguration().configure(context);
        Throwable failure = Assertions.catchThrowable(context::start);
        while (failure != null && !(failure instanceof ConfigurationException)) {
            failure = failure.getCause();
        }
        context.close();
        assertThat(failure).as("the start stops with a configuration problem").isNotNull();
        return (ConfigurationException) failure;
    }

    @Test
    void aDataDirectoryHoldingTheH2LedgerOfAnEarlierBuildStopsTheStartWithOneLineSayingWhatToDo() throws Exception {
        Path data = BridgeRun.newDataDir("h2-left");
        Files.createDirectories(data.resolve("db"));
        Files.writeString(data.resolve("db").resolve("ledger.mv.db"), "H2 file of an earlier build");

        ConfigurationException e = startFails(context(data));

        assertThat(e.problems())
                .singleElement()
                .asString()
                .contains(data.resolve("db").resolve("ledger.mv.db") + " is the H2 ledger of an earlier oms-bridge")
                .contains("mv " + data.resolve("db") + " " + data.resolve("db.h2-old"))
                .doesNotContain("\n");
        assertThat(data.resolve(LedgerSettings.FILE))
                .as("no new ledger beside the old one")
                .doesNotExist();
    }

    @Test
    void aDamagedLedgerStopsTheStartNamingTheFile() throws Exception {
        Path data = BridgeRun.newDataDir("damaged-start");
        Files.write(
                data.resolve(LedgerSettings.FILE),
                "not a database at all, just text".repeat(300).getBytes());

        ConfigurationException e = startFails(context(data));

        assertThat(e.problems())
                .singleElement()
                .asString()
                .startsWith("ledger " + data.resolve(LedgerSettings.FILE).toAbsolutePath() + " is damaged");
    }

    @Test
    void theSynchronousSettingAcceptsFullOrNormalOnly() {
        CamelContext context = context(BridgeRun.newDataDir("sync"));
        context.getPropertiesComponent().addOverrideProperty("ledger.sqlite.synchronous", "OFF");

        ConfigurationException e = catchThrowableOfType(
                ConfigurationException.class,
                () -> LedgerSettings.read(context.getPropertiesComponent(), Path.of("data")));

        assertThat(e.problems())
                .containsExactly("ledger.sqlite.synchronous: must be FULL (a commit survives a power"
                        + " cut) or NORMAL (it survives a killed process), got 'OFF'");
        context.getPropertiesComponent().addOverrideProperty("ledger.sqlite.synchronous", "normal");
        assertThat(LedgerSettings.read(context.getPropertiesComponent(), Path.of("data"))
                        .synchronous())
                .isEqualTo("NORMAL");
    }
}
