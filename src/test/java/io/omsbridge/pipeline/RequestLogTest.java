package io.omsbridge.pipeline;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import ch.qos.logback.classic.Level;
import ch.qos.logback.classic.Logger;
import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.core.read.ListAppender;
import io.omsbridge.BridgeRun;
import io.omsbridge.Requests;
import io.omsbridge.model.BridgeConstants;
import io.omsbridge.model.LedgerState;
import io.omsbridge.simulator.OmsSimulator;
import io.omsbridge.simulator.SimulatorSettings;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.slf4j.LoggerFactory;

/**
 * An operator follows each request in the omsbridge.requests log: accepted (INFO, with its source), its task created,
 * its end (INFO, with state and counters), and each rejection as a WARN naming the fields at fault, never a secret.
 */
class RequestLogTest {

    private OmsSimulator sim;
    private BridgeRun bridge;
    private final ListAppender<ILoggingEvent> lines = new ListAppender<>();
    private final Logger requests = (Logger) LoggerFactory.getLogger(BridgeConstants.REQUEST_LOG);

    @BeforeEach
    void start() {
        lines.start();
        requests.addAppender(lines);
        sim = OmsSimulator.start(SimulatorSettings.builder()
                .waitTime(Duration.ofMillis(100))
                .runTime(Duration.ofMillis(300))
                .build());
        bridge = BridgeRun.start(BridgeRun.defaults(sim, BridgeRun.newDataDir("request-log")));
    }

    @AfterEach
    void stop() {
        bridge.close();
        sim.close();
        requests.detachAppender(lines);
    }

    @Test
    void anAcceptedRequestHasALineWhenAcceptedWhenItsTaskIsCreatedAndWhenItEnds() {
        bridge.drop("logged.json", Requests.inline("logged-1", "log-bucket"));

        await().atMost(Duration.ofSeconds(30))
                .until(() -> messages(Level.INFO).stream().anyMatch(m -> m.startsWith("request logged-1 ended")));

        long taskId = bridge.record("logged-1").taskId();
        assertThat(messages(Level.INFO))
                .contains(
                        "request logged-1 accepted from file logged.json",
                        "request logged-1 task " + taskId + " created");
        assertThat(messages(Level.INFO))
                .filteredOn(m -> m.startsWith("request logged-1 ended"))
                .singleElement()
                .satisfies(m -> assertThat(m)
                        .contains("SUCCEEDED")
                        .contains("task " + taskId)
                        .contains("succeeded")
                        .contains("bytes"));
        assertNoSecret();
    }

    @Test
    void everyRejectedRequestHasAWarnNamingItsFieldsAndNeverTheirValues() {
        String bad = Requests.inline(null, "rejected-bucket")
                .replace("\"thread_num\":50", "\"thread_num\":99")
                .replace("\"sk\":\"" + Requests.SRC_SK + "\"", "\"sk\":\"" + Requests.SRC_SK + " with a space\"");
        StringBuilder nineteen = new StringBuilder();
        for (int i = 0; i < 19; i++) {
            nineteen.append(bad).append('\n');
        }
        bridge.drop("nineteen.jsonl", nineteen.toString());

        await().atMost(Duration.ofSeconds(30)).until(() -> messages(Level.WARN).size() >= 19);

        assertThat(messages(Level.WARN))
                .hasSize(19)
                .allSatisfy(
                        m -> assertThat(m)
                                .matches(
                                        "request nineteen#\\d+ rejected from file nineteen.jsonl#\\d+: fields src_node.sk, thread_num"));
        assertThat(bridge.record("nineteen#19").state()).isEqualTo(LedgerState.REJECTED);
        assertNoSecret();
    }

    @Test
    void aRequestThatIsNotJsonIsNamedByItsRuleWithoutItsText() {
        bridge.drop("broken.json", "{\"src_node\": {\"sk\": " + Requests.SRC_SK + "}}");

        await().atMost(Duration.ofSeconds(30)).until(() -> !messages(Level.WARN).isEmpty());

        assertThat(messages(Level.WARN))
                .singleElement()
                .satisfies(
                        m -> assertThat(m)
                                .startsWith(
                                        "request broken rejected from file broken.json: fields not valid JSON at line 1, column"));
        assertNoSecret();
    }

    private List<String> messages(Level level) {
        // the appender adds under its own lock, from the bridge's threads
        synchronized (lines) {
            return lines.list.stream()
                    .filter(e -> e.getLevel() == level)
                    .map(ILoggingEvent::getFormattedMessage)
                    .toList();
        }
    }

    private void assertNoSecret() {
        for (Level level : List.of(Level.INFO, Level.WARN)) {
            assertThat(messages(level))
                    .allSatisfy(m -> assertThat(m)
                            .doesNotContain(
                                    Requests.SRC_SK,
                                    Requests.SRC_AK,
                                    Requests.DST_SK,
                                    Requests.DST_AK,
                                    "ALIAS_SRC_SK_456"));
        }
    }
}
