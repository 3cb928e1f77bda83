package io.omsbridge.submit;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import ch.qos.logback.classic.Level;
import ch.qos.logback.classic.Logger;
import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.core.read.ListAppender;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.omsbridge.event.EventFactory;
import io.omsbridge.ledger.Ledger;
import io.omsbridge.ledger.LedgerDatabase;
import io.omsbridge.ledger.SecretBox;
import io.omsbridge.model.Claim;
import io.omsbridge.model.LedgerState;
import io.omsbridge.model.RequestSource;
import io.omsbridge.request.InputReader;
import io.omsbridge.request.SeedRequests;
import io.zonky.test.db.postgres.embedded.EmbeddedPostgres;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.util.Base64;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.slf4j.LoggerFactory;

/**
 * A batch of created tasks that the ledger refuses for a reason other than being down (here PostgreSQL's 255-character
 * task name, against a name OMS made longer) records every create it can, names the one it cannot, and later creates
 * are still recorded: one poison row never stops the recorder.
 */
class CreateRecorderTest {

    private static final String KEY =
            Base64.getEncoder().encodeToString("0123456789abcdef0123456789abcdef".getBytes(StandardCharsets.US_ASCII));

    private final ListAppender<ILoggingEvent> logs = new ListAppender<>();
    private final Logger recorderLog = (Logger) LoggerFactory.getLogger(CreateRecorder.class);
    private EmbeddedPostgres postgres;
    private LedgerDatabase database;
    private Ledger ledger;
    private CreateRecorder recorder;

    @BeforeEach
    void open() throws Exception {
        logs.start();
        recorderLog.addAppender(logs);
        postgres = EmbeddedPostgres.start();
        database = LedgerDatabase.open(postgres.getJdbcUrl("postgres", "postgres"), "postgres", "", 4);
        ObjectMapper mapper = new ObjectMapper();
        ledger = new Ledger(
                database,
                mapper,
                new EventFactory(mapper, Clock.systemUTC()),
                SecretBox.open(KEY, null),
                Clock.systemUTC(),
                "node-1",
                60_000);
        recorder = new CreateRecorder(ledger);
        recorder.start();
    }

    @AfterEach
    void close() throws Exception {
        recorder.stop();
        database.close();
        postgres.close();
        recorderLog.detachAppender(logs);
    }

    private Claim claim(String id) {
        InputReader intakes = new InputReader(SeedRequests.reader(), 1 << 20);
        return ledger.accept(List.of(intakes.fromText(id, SeedRequests.SEED_BODY, RequestSource.EMBEDDED, "test")))
                .get(0)
                .claim();
    }

    private LedgerState state(String id) {
        return ledger.find(id).orElseThrow().state();
    }

    @Test
    void aCreateTheLedgerRefusesIsReportedByRequestIdAndTheOthersOfItsBatchAndLaterOnesAreRecorded() {
        Claim before = claim("r-before");
        Claim poison = claim("r-poison");
        Claim after = claim("r-after");

        recorder.record(before, 101, "task-before");
        recorder.record(poison, 102, "n".repeat(300));
        recorder.record(after, 103, "task-after");
        await().atMost(Duration.ofSeconds(10))
                .until(() -> state("r-before") == LedgerState.SUBMITTED && state("r-after") == LedgerState.SUBMITTED);
        Claim later = claim("r-later");
        recorder.record(later, 104, "task-later");

        await().atMost(Duration.ofSeconds(10)).until(() -> state("r-later") == LedgerState.SUBMITTED);
        assertThat(ledger.find("r-after").orElseThrow().taskId()).isEqualTo(103L);
        assertThat(state("r-poison"))
                .as("still claimed: the sweep searches OMS for it later")
                .isEqualTo(LedgerState.SUBMITTING);
        assertThat(logs.list)
                .filteredOn(e -> e.getLevel() == Level.ERROR)
                .singleElement()
                .extracting(ILoggingEvent::getFormattedMessage)
                .asString()
                .startsWith("request r-poison: OMS task 102 was created but cannot be recorded (ledger error:")
                .contains("value too long");
    }
}
