package io.omsbridge.pipeline;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.omsbridge.BridgeRun;
import io.omsbridge.Requests;
import io.omsbridge.ledger.LedgerRecord;
import io.omsbridge.model.LedgerState;
import io.omsbridge.simulator.OmsSimulator;
import io.omsbridge.simulator.SimulatorSettings;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
import java.util.stream.IntStream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/** OMS's quotas hold requests instead of failing them; wrong IAM credentials back off; a final refusal is recorded. */
class QuotaAndRefusalTest {

    private OmsSimulator sim;
    private BridgeRun bridge;

    @AfterEach
    void stop() {
        if (bridge != null) {
            bridge.close();
        }
        sim.close();
    }

    @Test
    void requestsOverTheTasksPer24HoursQuotaWaitInsteadOfFailing() {
        sim = OmsSimulator.start(SimulatorSettings.builder()
                .waitTime(Duration.ofMinutes(5))
                .maxCreatesPer24h(3)
                .build());
        bridge = BridgeRun.start(BridgeRun.defaults(sim, BridgeRun.newDataDir("quota")));

        for (int i = 0; i < 5; i++) {
            bridge.drop("quota-" + i + ".json", Requests.inline(null, "quota-bucket-" + i));
        }

        await().atMost(Duration.ofSeconds(20))
                .until(() -> count(LedgerState.SUBMITTED) == 3 && count(LedgerState.RECEIVED) == 2);
        assertThat(count(LedgerState.SUBMIT_FAILED)).isZero();
        assertThat(sim.tasks().size()).isEqualTo(3);
        LedgerRecord held = IntStream.range(0, 5)
                .mapToObj(i -> bridge.ledger().find("quota-" + i))
                .map(r -> r.orElseThrow())
                .filter(r -> r.state() == LedgerState.RECEIVED)
                .findFirst()
                .orElseThrow();
        assertThat(held.lastError()).contains("OMS.0075");
    }

    @Test
    void theCreatesCapHoldsRequestsInTheLedgerWithoutAskingOmsAndStillHoldsAfterARestart() {
        sim = OmsSimulator.start(
                SimulatorSettings.builder().waitTime(Duration.ofMinutes(5)).build());
        Path data = BridgeRun.newDataDir("cap");
        Map<String, String> props = BridgeRun.defaults(sim, data);
        props.put("bridge.submit.max-creates-per-window", "3");
        props.put("bridge.submit.window", "PT1H");
        bridge = BridgeRun.start(props);

        for (int i = 0; i < 5; i++) {
            bridge.drop("cap-" + i + ".json", Requests.inline(null, "cap-bucket-" + i));
        }

        await().atMost(Duration.ofSeconds(20))
                .until(() -> count(LedgerState.SUBMITTED) == 3 && count(LedgerState.RECEIVED) == 2);
        assertThat(sim.tasks().size()).isEqualTo(3);
        assertThat(sim.stats().rejections())
                .as("OMS was never asked for a fourth task")
                .isZero();
        LedgerRecord held = IntStream.range(0, 5)
                .mapToObj(i -> bridge.ledger().find("cap-" + i))
                .map(r -> r.orElseThrow())
                .filter(r -> r.state() == LedgerState.RECEIVED)
                .findFirst()
                .orElseThrow();
        assertThat(held.lastError()).contains("creates cap").contains("3 per PT1H");

        // a restart does not reset the cap: it counts the creates the ledger holds for the window
        bridge.close();
        bridge = BridgeRun.start(props);
        bridge.drop("cap-5.json", Requests.inline(null, "cap-bucket-5"));
        await().atMost(Duration.ofSeconds(20)).until(() -> count(LedgerState.RECEIVED) == 3);
        assertThat(sim.tasks().size()).isEqualTo(3);
    }

    @Test
    void wrongIamCredentialsGiveOneClearErrorAndNoStormOfTokenCalls() {
        sim = OmsSimulator.start(SimulatorSettings.builder().build());
        Map<String, String> props = BridgeRun.defaults(sim, BridgeRun.newDataDir("iam-refused"));
        props.put("iam.password", "not-the-password");
        bridge = BridgeRun.start(props);

        for (int i = 0; i < 20; i++) {
            bridge.drop("iam-" + i + ".json", Requests.inline(null, "iam-bucket-" + i));
        }

        await().atMost(Duration.ofSeconds(20))
                .until(() -> IntStream.range(0, 20)
                        .allMatch(i -> bridge.ledger()
                                .find("iam-" + i)
                                .map(r -> r.lastError() != null && r.state() == LedgerState.RECEIVED)
                                .orElse(false)));
        assertThat(bridge.ledger().find("iam-19").orElseThrow().lastError())
                .contains("IAM refused a token for user 'testname'")
                .contains("check the IAM user, password, domain and project")
                .doesNotContain("not-the-password");
        assertThat(sim.stats().tokenCalls()).isEqualTo(1);
    }

    @Test
    void aRequestWhoseCredentialAliasWasRemovedBeforeSubmissionEndsAsSubmitFailed() throws Exception {
        sim = OmsSimulator.start(SimulatorSettings.builder().build());
        Path data = BridgeRun.newDataDir("alias-removed");
        Map<String, String> first = BridgeRun.defaults(sim, data);
        first.put("iam.password", "wrong-so-nothing-is-submitted-yet");
        bridge = BridgeRun.start(first);
        bridge.drop("aliased.json", Requests.aliased("aliased-1", "alias-bucket"));
        await().until(() -> bridge.ledger()
                .find("aliased-1")
                .map(r -> r.lastError() != null)
                .orElse(false));
        bridge.close();

        Map<String, String> second = BridgeRun.defaults(sim, data);
        second.remove("credentials.src.ak");
        second.remove("credentials.src.sk");
        bridge = BridgeRun.start(second);

        LedgerRecord failed = await().atMost(Duration.ofSeconds(20))
                .until(
                        () -> bridge.ledger().find("aliased-1").orElseThrow(),
                        r -> r.state() == LedgerState.SUBMIT_FAILED);
        assertThat(failed.lastError()).contains("credential alias 'src' is no longer configured");
        assertThat(sim.tasks().size()).isZero();
    }

    private long count(LedgerState state) {
        return bridge.ledger().countByState().getOrDefault(state, 0L);
    }
}
