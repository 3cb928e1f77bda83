package io.omsbridge.pipeline;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import ch.qos.logback.classic.Logger;
import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.classic.spi.IThrowableProxy;
import ch.qos.logback.core.read.ListAppender;
import io.omsbridge.BridgeRun;
import io.omsbridge.Requests;
import io.omsbridge.config.Defaults;
import io.omsbridge.hwcloud.oms.OmsComponent;
import io.omsbridge.hwcloud.oms.auth.TokenKey;
import io.omsbridge.ledger.LedgerDatabase;
import io.omsbridge.model.LedgerState;
import io.omsbridge.simulator.OmsSimulator;
import io.omsbridge.simulator.SimulatorSettings;
import java.nio.file.Files;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.Statement;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import javax.sql.DataSource;
import org.apache.camel.ProducerTemplate;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.slf4j.LoggerFactory;

/** No AK, SK, IAM password or token reaches a log line, an error report, an event or the ledger in clear. */
class SecretsTest {

    private final ListAppender<ILoggingEvent> logs = new ListAppender<>();
    private Logger root;
    private OmsSimulator sim;
    private BridgeRun bridge;

    @BeforeEach
    void captureLogs() {
        root = (Logger) LoggerFactory.getLogger(Logger.ROOT_LOGGER_NAME);
        logs.start();
        root.addAppender(logs);
        sim = OmsSimulator.start(
                SimulatorSettings.builder().waitTime(Duration.ofMinutes(5)).build());
        bridge = BridgeRun.start(BridgeRun.defaults(sim, BridgeRun.newDataDir("secrets")));
    }

    @AfterEach
    void stop() {
        bridge.close();
        sim.close();
        root.detachAppender(logs);
    }

    @Test
    void secretsStayOutOfLogsReportsEventsAndTheLedgerThroughSuccessFailureAndRetries() throws Exception {
        ProducerTemplate producer = bridge.context().createProducerTemplate();
        bridge.drop("inline.json", Requests.inline("s-file", "secret-bucket"));
        producer.sendBodyAndHeader(
                "jms:queue:oms.migration.requests", Requests.inline(null, "q"), "requestId", "s-queue");
        bridge.drop("bad.json", Requests.inline("s-bad", "b").replace("\"thread_num\":50", "\"thread_num\":51"));
        producer.requestBody(
                "jms:queue:oms.migration.requests?requestTimeout=10000",
                Requests.inline("s-bad-queue", "b").replace("\"enableKMS\":false", "\"enableKMS\":\"no\""));
        awaitState("s-file", LedgerState.SUBMITTED);
        awaitState("s-queue", LedgerState.SUBMITTED);
        String token = bridge.context()
                .getComponent("hwcloud-oms", OmsComponent.class)
                .getTokenCache()
                .get(new TokenKey(sim.baseUrl(), Defaults.SIM_DOMAIN, Defaults.SIM_USER, Defaults.SEED_PROJECT_ID))
                .value();

        // failures and retries log the most: server errors, a revoked token, dropped answers
        sim.faults().errorRate(0.3).dropAfterCreateRate(0.3);
        sim.revokeTokens();
        bridge.drop("retried.jsonl", Requests.inline("s-retry-1", "r1") + "\n" + Requests.inline("s-retry-2", "r2"));
        awaitState("s-retry-1", LedgerState.SUBMITTED);
        awaitState("s-retry-2", LedgerState.SUBMITTED);
        awaitState("s-bad", LedgerState.REJECTED);

        List<String> secrets = List.of(
                Requests.SRC_AK,
                Requests.SRC_SK,
                Requests.DST_AK,
                Requests.DST_SK,
                Defaults.SIM_PASSWORD,
                token,
                "ALIAS_SRC_SK_456");
        String everything = String.join("\n", logLines()) + "\n" + ledgerDump() + "\n"
                + Files.readString(bridge.inbox().resolve(".failed/bad.json.error.json"));
        assertThat(logLines()).isNotEmpty();
        for (String secret : secrets) {
            assertThat(everything).as("a secret leaked").doesNotContain(secret);
        }
    }

    private List<String> logLines() {
        List<String> lines = new ArrayList<>();
        for (ILoggingEvent e : List.copyOf(logs.list)) {
            lines.add(e.getFormattedMessage());
            for (IThrowableProxy t = e.getThrowableProxy(); t != null; t = t.getCause()) {
                lines.add(t.getClassName() + ": " + t.getMessage());
            }
            e.getMDCPropertyMap().values().forEach(lines::add);
        }
        return lines;
    }

    private String ledgerDump() throws Exception {
        DataSource ds = bridge.bean("ledgerDatabase", LedgerDatabase.class).dataSource();
        StringBuilder dump = new StringBuilder();
        try (Connection c = ds.getConnection();
                Statement s = c.createStatement()) {
            for (String table : List.of("bridge_request", "bridge_event")) {
                try (ResultSet rs = s.executeQuery("select * from " + table)) {
                    int columns = rs.getMetaData().getColumnCount();
                    while (rs.next()) {
                        for (int i = 1; i <= columns; i++) {
                            dump.append(rs.getString(i)).append('|');
                        }
                        dump.append('\n');
                    }
                }
            }
        }
        assertThat(dump).contains("s-file").contains("oms.request.rejected");
        return dump.toString();
    }

    private void awaitState(String requestId, LedgerState state) {
        await().atMost(Duration.ofSeconds(30))
                .alias(requestId + " reaches " + state)
                .until(() -> bridge.ledger()
                        .find(requestId)
                        .map(r -> r.state() == state)
                        .orElse(false));
    }
}
