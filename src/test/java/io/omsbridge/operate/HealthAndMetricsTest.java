package io.omsbridge.operate;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import io.omsbridge.BridgeRun;
import io.omsbridge.Http;
import io.omsbridge.Requests;
import io.omsbridge.ledger.LedgerDatabase;
import io.omsbridge.simulator.OmsSimulator;
import io.omsbridge.simulator.SimulatorSettings;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;

/**
 * The management server as an orchestrator and a Prometheus scrape see it: the bridge's own health checks, each with
 * its reason, readiness that follows the ledger while liveness does not, and the metrics under their fixed names.
 */
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class HealthAndMetricsTest {

    /**
     * The bridge the read-only cases share (they run first): nothing is sent to it, so it stays as it was at its start.
     * It is stopped before a case starts a bridge of its own, as two embedded brokers cannot share one JVM's vm://0.
     */
    private static OmsSimulator sharedSim;

    private static BridgeRun shared;
    private static String sharedObserve;
    private static Path sharedDataDir;

    private OmsSimulator sim;
    private BridgeRun bridge;
    private String observe;

    /** The management URL of the shared bridge, started at the first read-only case. */
    private static String sharedObserve() {
        if (shared == null) {
            sharedSim = OmsSimulator.start(SimulatorSettings.builder().build());
            sharedDataDir = BridgeRun.newDataDir("observe-shared");
            Map<String, String> settings = BridgeRun.defaults(sharedSim, sharedDataDir);
            shared = BridgeRun.start(settings);
            sharedObserve = "http://127.0.0.1:" + settings.get("camel.management.port") + "/observe";
        }
        return sharedObserve;
    }

    @AfterAll
    static void stopTheSharedBridge() {
        if (shared != null) {
            shared.close();
            sharedSim.close();
            shared = null;
        }
    }

    /** A bridge of the case's own, with {@code overrides} on the shared defaults, for a case that changes it. */
    private void start(Map<String, String> overrides) {
        stopTheSharedBridge();
        sim = OmsSimulator.start(SimulatorSettings.builder()
                .waitTime(Duration.ofMillis(200))
                .runTime(Duration.ofMillis(500))
                .build());
        Map<String, String> settings = BridgeRun.defaults(sim, BridgeRun.newDataDir("observe"));
        settings.putAll(overrides);
        bridge = BridgeRun.start(settings);
        observe = "http://127.0.0.1:" + settings.get("camel.management.port") + "/observe";
    }

    @AfterEach
    void stop() {
        if (bridge != null) {
            bridge.close();
        }
        if (sim != null) {
            sim.close();
        }
    }

    @Test
    void everyCheckOfTheBridgeIsUpWithItsReasonAndReadyAndLiveAnswer200() {
        start(Map.of());
        bridge.drop("one.json", Requests.inline("health-1", "health-bucket"));
        await().atMost(Duration.ofSeconds(30))
                .until(() -> bridge.record("health-1"), r -> r != null && r.taskId() != null);
        await().atMost(Duration.ofSeconds(30))
                .until(
                        () -> check(Http.get(observe + "/health").json(), "poll")
                                .path("message")
                                .asText(),
                        m -> m.contains("this bridge leads the poll duty"));

        JsonNode health = Http.get(observe + "/health").json();
        assertThat(health.path("status").asText()).isEqualTo("UP");
        for (String name : new String[] {"ledger", "broker", "iam", "oms", "creates-cap", "poll", "publish"}) {
            assertThat(check(health, name).path("status").asText()).as(name).isEqualTo("UP");
            assertThat(check(health, name).path("message").asText()).as(name).isNotBlank();
        }
        assertThat(check(health, "ledger").path("message").asText()).contains("takes writes");
        assertThat(check(health, "iam").path("message").asText()).contains("valid until");
        assertThat(check(health, "oms").path("message").asText()).contains("answered 200");
        assertThat(Http.get(observe + "/health/ready").status()).isEqualTo(200);
        assertThat(Http.get(observe + "/health/live").status()).isEqualTo(200);
    }

    @Test
    @Order(1)
    void aCheckMessageNamingAPathOrAUrlKeepsItsSlashesAsWritten() {
        JsonNode health = Http.get(sharedObserve() + "/health").json();

        assertThat(check(health, "ledger").path("message").asText())
                .isEqualTo("SQLite " + sharedDataDir.toAbsolutePath().resolve("ledger.db") + " takes writes");
        assertThat(check(health, "broker").path("message").asText()).contains("(vm://0)");
        assertThat(check(Http.get(sharedObserve + "/health/ready").json(), "ledger")
                        .path("message")
                        .asText())
                .contains(sharedDataDir.toAbsolutePath() + "/ledger.db");
    }

    @Test
    void aStoppedLedgerMakesTheBridgeNotReadyWithTheLedgersReasonButStillLive() {
        start(Map.of());
        bridge.bean("ledgerDatabase", LedgerDatabase.class).stop();

        Http.Answer ready = Http.get(observe + "/health/ready");
        JsonNode ledger = check(ready.json(), "ledger");

        assertThat(ready.status()).isEqualTo(503);
        assertThat(ready.json().path("status").asText()).isEqualTo("DOWN");
        assertThat(ledger.path("status").asText()).isEqualTo("DOWN");
        assertThat(ledger.path("message").asText())
                .contains("does not take writes")
                .contains("not open");
        assertThat(Http.get(observe + "/health/live").status())
                .as("not stuck, only not ready")
                .isEqualTo(200);
    }

    @Test
    void iamRefusingTheUserIsDownWithTheRefusalAndWhenItIsAskedAgain() {
        start(Map.of("iam.password", "not-the-password"));
        bridge.drop("one.json", Requests.inline("iam-refused", "b"));
        String url = observe + "/health";

        JsonNode iam = await().atMost(Duration.ofSeconds(30))
                .until(
                        () -> check(Http.get(url).json(), "iam"),
                        c -> c.path("status").asText().equals("DOWN"));

        assertThat(iam.path("message").asText()).contains("user testname").contains("asked again at");
        assertThat(Http.get(url + "/ready").status())
                .as("requests are still taken")
                .isEqualTo(200);
    }

    @Test
    void theMetricsHaveTheBridgesNamesWithTheirTagsAndCamelsRouteMetrics() {
        start(Map.of());
        bridge.drop(
                "two.jsonl",
                Requests.inline("m-1", "m-bucket-1") + "\n" + Requests.inline("m-2", "m-bucket-2")
                        + "\n{\"not\":\"a request\"}");
        await().atMost(Duration.ofSeconds(30))
                .until(
                        () -> Http.get(observe + "/metrics").body(),
                        body -> value(body, "omsbridge_requests", "state=\"SUCCEEDED\"") == 2);
        sim.faults().errorRate(1.0);
        bridge.drop("three.json", Requests.inline("m-3", "m-bucket-3"));
        await().atMost(Duration.ofSeconds(30))
                .until(() ->
                        Http.get(observe + "/metrics").body().contains("omsbridge_oms_errors_total{code=\"OMS.05"));
        sim.faults().reset();

        String metrics = Http.get(observe + "/metrics").body();
        assertThat(value(metrics, "omsbridge_requests_accepted_total", "source=\"file\""))
                .isEqualTo(3);
        assertThat(value(metrics, "omsbridge_requests_rejected_total", "source=\"file\""))
                .isEqualTo(1);
        assertThat(value(metrics, "omsbridge_requests_duplicate_total", "source=\"queue\""))
                .isZero();
        // design.md's omsbridge_tasks_created_total cannot exist: Prometheus reserves names ending in _created
        assertThat(value(metrics, "omsbridge_task_creates_total", "region=\"cn-north-1\""))
                .as("by destination region")
                .isEqualTo(2);
        assertThat(value(metrics, "omsbridge_requests", "state=\"REJECTED\"")).isEqualTo(1);
        assertThat(value(metrics, "omsbridge_iam_token_fetches_total", "")).isEqualTo(1);
        assertThat(value(metrics, "omsbridge_poll_cycle_seconds_count", "")).isPositive();
        assertThat(value(metrics, "omsbridge_poll_calls_total", "")).isPositive();
        assertThat(metrics)
                .contains("omsbridge_outbox_pending ")
                .contains("omsbridge_outbox_oldest_seconds ")
                .contains("omsbridge_creates_cap_remaining ");
        assertThat(metrics).as("Camel's own route metrics").contains("camel_exchanges_total{");
        // the only bridge on its ledger leads every duty
        for (String duty : new String[] {"poll", "publish", "sweep"}) {
            assertThat(value(metrics, "omsbridge_duty_leader", "duty=\"" + duty + "\""))
                    .as(duty)
                    .isEqualTo(1);
        }
    }

    @Test
    @Order(1)
    void everyMetricOfTheBridgeIsScrapedFromTheStartBeforeAnythingHappened() {
        String metrics = Http.get(sharedObserve() + "/metrics").body();

        for (String name : new String[] {
            "omsbridge_requests_accepted_total",
            "omsbridge_requests_rejected_total",
            "omsbridge_requests_duplicate_total",
            "omsbridge_task_creates_total",
            "omsbridge_oms_errors_total",
            "omsbridge_requests",
            "omsbridge_outbox_pending",
            "omsbridge_outbox_oldest_seconds",
            "omsbridge_iam_token_fetches_total",
            "omsbridge_poll_cycle_seconds_count",
            "omsbridge_poll_calls_total",
            "omsbridge_creates_cap_remaining"
        }) {
            assertThat(value(metrics, name, "")).as(name).isGreaterThanOrEqualTo(0);
        }
        // Prometheus reads an empty label as none: the series sums to 0 until an error counts under its code
        assertThat(metrics).contains("omsbridge_oms_errors_total{code=\"\"} 0");
        assertThat(metrics).contains("omsbridge_task_creates_total{region=\"\"} 0");
    }

    @Test
    void withAkSkSigningTheIamTokenFetchesAreThereAtZero() {
        stopTheSharedBridge();
        sim = OmsSimulator.start(SimulatorSettings.builder()
                .accessKey("METRICSAK0000000001", "metrics-sk")
                .build());
        Map<String, String> aksk = BridgeRun.defaults(sim, BridgeRun.newDataDir("observe-aksk"));
        aksk.put("oms.auth", "aksk");
        aksk.put("oms.ak", "METRICSAK0000000001");
        aksk.put("oms.sk", "metrics-sk");
        bridge = BridgeRun.start(aksk);

        String metrics = Http.get("http://127.0.0.1:" + aksk.get("camel.management.port") + "/observe/metrics")
                .body();

        assertThat(value(metrics, "omsbridge_iam_token_fetches_total", "")).isZero();
    }

    private static JsonNode check(JsonNode health, String name) {
        for (JsonNode check : health.path("checks")) {
            if (check.path("name").asText().equals(name)) {
                return check;
            }
        }
        throw new AssertionError("no check " + name + " in " + health);
    }

    /** The value of the first sample of {@code name} whose tags contain {@code tag} ("" for any; -1 when none). */
    private static double value(String metrics, String name, String tag) {
        Matcher m = Pattern.compile("(?m)^" + Pattern.quote(name) + "(\\{[^}]*})? (\\S+)$")
                .matcher(metrics);
        while (m.find()) {
            if (tag.isEmpty() || (m.group(1) != null && m.group(1).contains(tag))) {
                return Double.parseDouble(m.group(2).replace("Inf", "Infinity"));
            }
        }
        return -1;
    }
}
