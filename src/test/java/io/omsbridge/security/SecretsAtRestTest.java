package io.omsbridge.security;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.omsbridge.BridgeRun;
import io.omsbridge.Requests;
import io.omsbridge.model.LedgerState;
import io.omsbridge.request.SecretRedaction;
import io.omsbridge.simulator.OmsSimulator;
import io.omsbridge.simulator.SimulatorSettings;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;
import org.apache.camel.Exchange;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * Inline keys are never kept in clear by anything the bridge writes: the dead-lettered message and the kept copies
 * of request files hold everything but them (each replaced by its fingerprint), and no file under the data directory
 * (the broker's journal aside, which holds what senders put in their messages) has them in its bytes.
 */
class SecretsAtRestTest {

    private static final List<String> SECRETS =
            List.of(Requests.SRC_AK, Requests.SRC_SK, Requests.DST_AK, Requests.DST_SK);
    private OmsSimulator sim;
    private Path data;
    private BridgeRun bridge;

    @BeforeEach
    void start() {
        sim = OmsSimulator.start(
                SimulatorSettings.builder().waitTime(Duration.ofMinutes(5)).build());
        data = BridgeRun.newDataDir("at-rest");
        bridge = BridgeRun.start(BridgeRun.defaults(sim, data));
    }

    @AfterEach
    void stop() {
        if (bridge != null) {
            bridge.close();
        }
        sim.close();
    }

    @Test
    void deadLettersKeptInboxCopiesAndEveryFileOfTheDataDirectoryHoldNoInlineKey() throws Exception {
        var producer = bridge.context().createProducerTemplate();
        bridge.drop("accepted.json", Requests.inline("rest-file", "rest-bucket"));
        bridge.drop(
                "mixed.jsonl",
                Requests.inline("rest-line-1", "line-bucket") + "\n"
                        + Requests.inline("rest-line-2", "line-bucket")
                                .replace("\"thread_num\":50", "\"thread_num\":99"));
        producer.sendBodyAndHeader(
                "jms:queue:oms.migration.requests", Requests.inline(null, "queue-bucket"), "requestId", "rest-queue");
        producer.sendBodyAndHeader(
                "jms:queue:oms.migration.requests",
                Requests.inline(null, "queue-bucket").replace("\"thread_num\":50", "\"thread_num\":99"),
                "requestId",
                "rest-queue-bad");

        for (String id : List.of("rest-file", "rest-line-1", "rest-queue")) {
            await().atMost(Duration.ofSeconds(30))
                    .until(() -> bridge.ledger()
                            .find(id)
                            .map(r -> r.state() == LedgerState.SUBMITTED)
                            .orElse(false));
        }
        Exchange dead =
                bridge.context().createConsumerTemplate().receive("jms:queue:oms.migration.requests.DLQ", 10_000);
        assertThat(dead).as("the rejected message is dead-lettered").isNotNull();
        String deadLetter = dead.getMessage().getBody(String.class);
        assertThat(deadLetter)
                .doesNotContain(SECRETS)
                .contains(SecretRedaction.fingerprint(Requests.DST_SK))
                .contains("\"thread_num\":99")
                .contains("queue-bucket");
        assertThat(dead.getMessage().getHeader("omsBridgeRejectReason", String.class))
                .startsWith("thread_num:");

        Path done = bridge.inbox().resolve(".done").resolve("accepted.json");
        Path failed = bridge.inbox().resolve(".failed").resolve("mixed.jsonl");
        await().atMost(Duration.ofSeconds(10)).until(() -> Files.exists(done) && Files.exists(failed));
        String keptDone = Files.readString(done);
        String keptFailed = Files.readString(failed);
        assertThat(keptDone)
                .doesNotContain(SECRETS)
                .contains(SecretRedaction.fingerprint(Requests.SRC_SK))
                .contains("rest-bucket")
                .contains("\"request_id\":\"rest-file\"");
        assertThat(keptFailed.split("\n"))
                .as("one line per request, as dropped")
                .hasSize(2);
        assertThat(keptFailed).doesNotContain(SECRETS).contains("\"thread_num\":99");

        bridge.close();
        bridge = null;
        List<Path> read = new ArrayList<>();
        try (Stream<Path> files = Files.walk(data)) {
            for (Path file : (Iterable<Path>) files::iterator) {
                if (Files.isRegularFile(file) && !file.startsWith(data.resolve("broker"))) {
                    String bytes = new String(Files.readAllBytes(file), StandardCharsets.ISO_8859_1);
                    assertThat(bytes).as("raw bytes of %s", file).doesNotContain(SECRETS);
                    read.add(file);
                }
            }
        }
        assertThat(read).as("files read").contains(data.resolve("ledger.db"), done, failed);
    }
}
