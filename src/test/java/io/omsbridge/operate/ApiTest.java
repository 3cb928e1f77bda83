package io.omsbridge.operate;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import io.omsbridge.BridgeRun;
import io.omsbridge.Http;
import io.omsbridge.Requests;
import io.omsbridge.Tasks;
import io.omsbridge.config.Defaults;
import io.omsbridge.ledger.LedgerDatabase;
import io.omsbridge.simulator.OmsSimulator;
import io.omsbridge.simulator.SimulatorSettings;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.HashSet;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * The HTTP API as a client uses it: submit safely (the request id from the body or the Idempotency-Key header, a
 * resend is a duplicate), every status code it documents, a request's detail with its events, pages with a cursor,
 * the OpenAPI document, what the bridge talks to, the last hour minute by minute, and JSON errors that never show a
 * stack trace.
 */
class ApiTest {

    private static OmsSimulator sim;
    private static BridgeRun bridge;
    private static String api;

    @BeforeAll
    static void start() {
        sim = OmsSimulator.start(SimulatorSettings.builder()
                .waitTime(Duration.ofMillis(300))
                .runTime(Duration.ofMillis(700))
                .build());
        Map<String, String> settings = BridgeRun.defaults(sim, BridgeRun.newDataDir("api"));
        bridge = BridgeRun.start(settings);
        api = "http://127.0.0.1:" + settings.get("camel.server.port") + "/api";
    }

    @AfterAll
    static void stop() {
        bridge.close();
        sim.close();
    }

    @Test
    void aRequestPostedWithItsIdInTheBodyIsAcceptedOnceAndAResendIsADuplicate() {
        Http.Answer first = Http.post(api + "/migrations", Requests.aliased("api-1", "api-bucket"));
        Http.Answer again = Http.post(api + "/migrations", Requests.aliased("api-1", "api-bucket"));

        assertThat(first.status()).isEqualTo(202);
        assertThat(first.json().path("request_id").asText()).isEqualTo("api-1");
        assertThat(first.json().path("status").asText()).isEqualTo("accepted");
        assertThat(again.status()).isEqualTo(202);
        assertThat(again.json().path("status").asText()).isEqualTo("duplicate");
        await().atMost(Duration.ofSeconds(30)).until(() -> Tasks.perRequest(sim).containsKey("api-1"));
        assertThat(Tasks.perRequest(sim)).containsEntry("api-1", 1L);
        assertThat(first.header("Content-Type")).startsWith("application/json");
        assertThat(first.headers()).as("request headers are not echoed back").doesNotContainKey("idempotency-key");
    }

    @Test
    void withoutAnIdInTheBodyTheIdempotencyKeyIsTheRequestIdAndWithoutEitherTheRequestIsRefused() {
        Http.Answer keyed =
                Http.post(api + "/migrations", Requests.aliased(null, "keyed"), "Idempotency-Key", "order-42");
        Http.Answer none = Http.post(api + "/migrations", Requests.aliased(null, "nameless"));
        Http.Answer badKey =
                Http.post(api + "/migrations", Requests.aliased(null, "bad"), "Idempotency-Key", "no spaces allowed");

        assertThat(keyed.status()).isEqualTo(202);
        assertThat(keyed.json().path("request_id").asText()).isEqualTo("order-42");
        assertThat(none.status()).isEqualTo(400);
        assertThat(none.json().path("code").asText()).isEqualTo("REQUEST_ID_REQUIRED");
        assertThat(none.json().path("message").asText()).contains("Idempotency-Key");
        assertThat(badKey.status()).isEqualTo(400);
        assertThat(badKey.json().path("code").asText()).isEqualTo("BAD_IDEMPOTENCY_KEY");
    }

    @Test
    void aBodyWithAnInvalidRequestIdIsKeptAsRejectedUnderItsIdempotencyKeyAndWithoutOneIsRefusedUnrecorded() {
        Http.Answer keyed =
                Http.post(api + "/migrations", Requests.aliased("../evil", "evil"), "Idempotency-Key", "evil-keyed");
        Http.Answer unkeyed = Http.post(api + "/migrations", Requests.aliased("../evil", "evil"));

        assertThat(keyed.status()).isEqualTo(400);
        assertThat(keyed.json().path("request_id").asText()).isEqualTo("evil-keyed");
        assertThat(keyed.json().path("problems"))
                .anySatisfy(p -> assertThat(p.path("field").asText()).isEqualTo("request_id"));
        assertThat(Http.get(api + "/migrations/evil-keyed").json().path("state").asText())
                .isEqualTo("REJECTED");
        assertThat(keyed.body()).doesNotContain("../evil");
        assertThat(unkeyed.status()).isEqualTo(400);
        assertThat(unkeyed.json().path("code").asText()).isEqualTo("BAD_REQUEST_ID");
        assertThat(unkeyed.json().path("message").asText()).startsWith("request_id: must match");
        assertThat(Http.get(api + "/migrations?state=REJECTED&limit=100").json().path("migrations"))
                .as("no rejected request under an exchange id")
                .allSatisfy(r -> assertThat(r.path("request_id").asText()).doesNotMatch("[0-9A-F]{15}-[0-9A-F]{16}"));
    }

    @Test
    void aBadRequestIsRejectedWithItsProblemsByFieldAndKeptAsRejected() {
        String bad = Requests.aliased("api-bad", "b").replace("\"thread_num\":10", "\"thread_num\":99");

        Http.Answer answer = Http.post(api + "/migrations", bad);

        assertThat(answer.status()).isEqualTo(400);
        assertThat(answer.json().path("status").asText()).isEqualTo("rejected");
        assertThat(answer.json().path("problems"))
                .anySatisfy(p -> assertThat(p.path("field").asText()).isEqualTo("thread_num"));
        assertThat(Http.get(api + "/migrations/api-bad").json().path("state").asText())
                .isEqualTo("REJECTED");
    }

    @Test
    void aBodyOverTheSizeLimitIs413InJson() {
        // bridge.inbox.max-file-bytes is 10 MiB: the server stops reading past it
        String huge = Requests.aliased("api-huge", "h")
                .replace(
                        "\"thread_num\":10",
                        "\"description\":\"" + "x".repeat(11 * 1024 * 1024) + "\",\"thread_num\":10");

        Http.Answer answer = Http.post(api + "/migrations", huge);

        assertThat(answer.status()).isEqualTo(413);
        assertThat(answer.json().path("code").asText()).isEqualTo("TOO_LARGE");
    }

    @Test
    void aRequestsDetailHasItsStateTaskCountersTimesAndEvents() {
        Http.post(api + "/migrations", Requests.aliased("api-detail", "detail-bucket"));

        JsonNode done = await().atMost(Duration.ofSeconds(30))
                .until(
                        () -> Http.get(api + "/migrations/api-detail").json(),
                        r -> r.path("state").asText().equals("SUCCEEDED")
                                && r.path("events").size() > 0);

        assertThat(done.path("source").asText()).isEqualTo("http");
        assertThat(done.path("task_id").asLong()).isPositive();
        assertThat(done.path("oms_status").asInt()).isEqualTo(5);
        assertThat(done.path("progress").asDouble()).isEqualTo(1.0);
        assertThat(done.path("total_num").asLong())
                .isEqualTo(done.path("success_num").asLong())
                .isPositive();
        assertThat(done.path("source_bucket").path("bucket").asText()).isEqualTo("detail-bucket");
        assertThat(done.path("received_at").asText()).isNotEmpty();
        assertThat(done.path("submitted_at").asText()).isNotEmpty();
        assertThat(done.path("completed_at").asText()).isNotEmpty();
        assertThat(done.path("events"))
                .anySatisfy(e -> assertThat(e.path("type").asText()).isEqualTo("oms.task.succeeded"));
        assertThat(done.toString())
                .as("no key of the request")
                .doesNotContain(Requests.SRC_SK)
                .doesNotContain("ALIAS_SRC_SK");
    }

    @Test
    void whileTheLedgerIsDownAPostIs503AndNothingHangs() {
        LedgerDatabase ledger = bridge.bean("ledgerDatabase", LedgerDatabase.class);
        ledger.stop();
        try {
            Http.Answer answer = Http.post(api + "/migrations", Requests.aliased("api-down", "down"));

            assertThat(answer.status()).isEqualTo(503);
            assertThat(answer.json().path("code").asText()).isEqualTo("LEDGER_UNAVAILABLE");
            assertThat(Http.get(api + "/migrations/api-1").status()).isEqualTo(503);
        } finally {
            ledger.start();
        }
    }

    @Test
    void anUnknownRequestIs404() {
        Http.Answer answer = Http.get(api + "/migrations/never-sent");

        assertThat(answer.status()).isEqualTo(404);
        assertThat(answer.json().path("code").asText()).isEqualTo("NOT_FOUND");
    }

    @Test
    void requestsArePagedNewestFirstWithACursorAndFilteredByState() {
        for (int i = 0; i < 7; i++) {
            Http.post(api + "/migrations", Requests.aliased("page-" + i, "page-bucket-" + i));
        }

        Set<String> seen = new HashSet<>();
        String after = "";
        int pages = 0;
        do {
            JsonNode page = Http.get(api + "/migrations?limit=3" + (after.isEmpty() ? "" : "&after=" + after))
                    .json();
            page.path("migrations")
                    .forEach(m ->
                            assertThat(seen.add(m.path("request_id").asText())).isTrue());
            after = page.path("next").isNull() ? "" : page.path("next").asText();
            pages++;
        } while (!after.isEmpty());
        JsonNode newest = Http.get(api + "/migrations?limit=1").json();
        JsonNode rejected =
                Http.get(api + "/migrations?state=rejected&limit=500").json();

        assertThat(seen).contains("page-0", "page-6");
        assertThat(pages).isGreaterThanOrEqualTo(3);
        assertThat(newest.path("migrations")).hasSize(1);
        assertThat(rejected.path("migrations"))
                .allSatisfy(m -> assertThat(m.path("state").asText()).isEqualTo("REJECTED"));
        assertThat(Http.get(api + "/migrations?limit=501").json().path("code").asText())
                .isEqualTo("BAD_LIMIT");
        assertThat(Http.get(api + "/migrations?state=LOST").status()).isEqualTo(400);
        assertThat(Http.get(api + "/migrations?after=garbage!")
                        .json()
                        .path("code")
                        .asText())
                .isEqualTo("BAD_CURSOR");
    }

    @Test
    void theOpenApiDocumentDescribesEveryOperation() {
        JsonNode doc = Http.get(api + "/openapi.json").json();

        assertThat(doc.path("openapi").asText()).startsWith("3.");
        assertThat(doc.path("paths").has("/api/migrations")).isTrue();
        assertThat(doc.path("paths").path("/api/migrations").has("post")).isTrue();
        assertThat(doc.path("paths").path("/api/migrations").has("get")).isTrue();
        assertThat(doc.path("paths").has("/api/migrations/{request_id}")).isTrue();
        assertThat(doc.path("paths").has("/api/status")).isTrue();
        assertThat(doc.path("paths").path("/api/activity").has("get")).isTrue();
    }

    @Test
    void theStatusHasTheCountsByStateAndTheBridgesChecks() {
        JsonNode status = Http.get(api + "/status").json();

        assertThat(status.path("states").has("SUCCEEDED")).isTrue();
        assertThat(status.path("outbox").has("pending")).isTrue();
        assertThat(status.path("creates_cap").has("limit")).isTrue();
        assertThat(status.path("checks"))
                .extracting(c -> c.path("name").asText())
                .contains("ledger", "broker", "iam", "oms", "creates-cap", "poll", "publish");
    }

    @Test
    void theStatusSaysWhereTasksGoAndHowButNoKey() {
        JsonNode oms = Http.get(api + "/status").json().path("oms");

        assertThat(oms.path("endpoint").asText()).isEqualTo(sim.baseUrl());
        assertThat(oms.path("project_id").asText()).isEqualTo(Defaults.SEED_PROJECT_ID);
        assertThat(oms.path("api_version").asText()).isEqualTo("v1");
        assertThat(oms.path("auth").asText()).isEqualTo("token");
        assertThat(oms.path("simulator").isBoolean()).isTrue();
        assertThat(oms.path("simulator").asBoolean())
                .as("a simulator of the test's own, not the built-in one")
                .isFalse();
        assertThat(oms.toString()).doesNotContain(Defaults.SIM_PASSWORD);
    }

    @Test
    void theLastHourCountsAFinishedTaskInTheMinutesItWasCreatedAndEndedIn() {
        Http.post(api + "/migrations", Requests.aliased("api-hour", "hour-bucket"));
        JsonNode done = await().atMost(Duration.ofSeconds(30))
                .until(
                        () -> Http.get(api + "/migrations/api-hour").json(),
                        r -> r.path("state").asText().equals("SUCCEEDED"));

        JsonNode hour = Http.get(api + "/activity").json();

        JsonNode minutes = hour.path("minutes");
        assertThat(minutes).hasSize(60);
        for (int i = 1; i < 60; i++) {
            assertThat(Instant.parse(minutes.get(i).path("start").asText()))
                    .isEqualTo(Instant.parse(minutes.get(i - 1).path("start").asText())
                            .plus(Duration.ofMinutes(1)));
        }
        JsonNode created = minuteOf(minutes, done.path("submitted_at").asText());
        JsonNode ended = minuteOf(minutes, done.path("completed_at").asText());
        assertThat(created.path("created").asLong()).isPositive();
        assertThat(ended.path("finished").asLong()).isPositive();
        assertThat(ended.path("succeeded").asLong()).isPositive();
        assertThat(ended.path("bytes").asLong())
                .isGreaterThanOrEqualTo(done.path("complete_size").asLong())
                .isPositive();
        assertThat(hour.path("totals").path("created").asLong()).isGreaterThanOrEqualTo(1);
    }

    /** The minute of the hour that {@code time} falls in. */
    private static JsonNode minuteOf(JsonNode minutes, String time) {
        Instant minute = Instant.parse(time).truncatedTo(ChronoUnit.MINUTES);
        for (JsonNode m : minutes) {
            if (Instant.parse(m.path("start").asText()).equals(minute)) {
                return m;
            }
        }
        throw new AssertionError(time + " is not in the hour " + minutes.get(0).path("start") + " .. now");
    }
}
