package io.omsbridge.security;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import com.fasterxml.jackson.databind.ObjectMapper;
import io.omsbridge.BridgeRun;
import io.omsbridge.Requests;
import io.omsbridge.event.EventFactory;
import io.omsbridge.ledger.Ledger;
import io.omsbridge.ledger.LedgerDatabase;
import io.omsbridge.ledger.ScratchLedger;
import io.omsbridge.ledger.SealedSecretException;
import io.omsbridge.ledger.SecretBox;
import io.omsbridge.model.RequestSource;
import io.omsbridge.request.InputReader;
import io.omsbridge.request.SeedRequests;
import io.omsbridge.simulator.OmsSimulator;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Clock;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * The key that seals inline keys in the ledger: created readable by its owner only, kept where the operator says
 * (outside the data directory, so a copy of data/ is not both the lock and the key), and binding each sealed value to
 * its request, so a value moved to another row does not open.
 */
class SecretKeyTest {

    @Test
    void aNewKeyFileIsReadableByItsOwnerOnly() throws Exception {
        Path key = BridgeRun.newDataDir("key").resolve("secret.key");

        SecretBox.open(null, key);

        assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(key)))
                .isEqualTo("rw-------");
        assertThat(key.resolveSibling("secret.key.tmp")).doesNotExist();
        assertThat(SecretBox.open(null, key).unseal(SecretBox.open(null, key).seal("x", "r-1"), "r-1"))
                .as("the same key is read back on the next start")
                .isEqualTo("x");
    }

    @Test
    void theKeyFileMayLiveOutsideTheDataDirectory() {
        Path data = BridgeRun.newDataDir("key-outside");
        Path elsewhere = BridgeRun.newDataDir("key-vault").resolve("oms-bridge.key");
        var sim = OmsSimulator.start();
        try (BridgeRun bridge = BridgeRun.start(sim, data, Map.of("bridge.secret-key-file", elsewhere.toString()))) {
            assertThat(elsewhere).exists();
            assertThat(data.resolve("secret.key")).doesNotExist();
        } finally {
            sim.close();
        }
    }

    @Test
    void aSealedValueMovedToAnotherRequestsRowFailsToOpenWithAClearError() {
        try (LedgerDatabase database = ScratchLedger.open("moved-secret")) {
            ObjectMapper mapper = new ObjectMapper();
            SecretBox box =
                    SecretBox.open(null, BridgeRun.newDataDir("moved-key").resolve("secret.key"));
            Ledger ledger = new Ledger(
                    database,
                    mapper,
                    new EventFactory(mapper, Clock.systemUTC()),
                    box,
                    Clock.systemUTC(),
                    "node-1",
                    60_000);
            InputReader intakes = new InputReader(SeedRequests.reader(), 1 << 20);
            ledger.accept(List.of(
                    intakes.fromText("victim", Requests.inline(null, "b1"), RequestSource.EMBEDDED, "t"),
                    intakes.fromText(
                            "thief",
                            Requests.inline(null, "b2").replace(Requests.SRC_SK, "OTHER_SK_VALUE"),
                            RequestSource.EMBEDDED,
                            "t")));
            database.write(c -> {
                try (var s = c.createStatement()) {
                    return s.executeUpdate("update bridge_request set secrets = (select secrets from bridge_request"
                            + " where request_id = 'victim') where request_id = 'thief'");
                }
            });

            assertThat(ledger.openSecrets(ledger.find("victim").orElseThrow())).contains(Requests.SRC_SK);
            SealedSecretException e = catchThrowableOfType(
                    SealedSecretException.class,
                    () -> ledger.openSecrets(ledger.find("thief").orElseThrow()));
            assertThat(e)
                    .hasMessage("the sealed keys of request thief do not open: they were sealed for another"
                            + " request, or the key (bridge.secret-key, bridge.secret-key-file) changed");
        }
    }
}
