package io.omsbridge.passes;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import io.omsbridge.BridgeRun;
import io.omsbridge.Http;
import io.omsbridge.Requests;
import io.omsbridge.ledger.LedgerRecord;
import io.omsbridge.ledger.PassLedger;
import io.omsbridge.model.LedgerState;
import io.omsbridge.model.PassIds;
import io.omsbridge.simulator.OmsSimulator;
import io.omsbridge.simulator.SimTask;
import io.omsbridge.simulator.SimulatorSettings;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.stream.IntStream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

// Proves that a migration in passes copies a changing bucket pass by pass (what changed since the pass before, by
// OMS's own start time), says when it has gone quiet, and ends with a cutover pass and the totals of every pass.
class LiveBucketPassesTest {

    private static final Duration WAIT = Duration.ofSeconds(20);
    private static final String BUCKET = "live-source";

    private OmsSimulator sim;
    private BridgeRun bridge;
    private final ShiftedClock clock = new ShiftedClock();

    @AfterEach
    void stop() {
        if (bridge != null) {
            bridge.close();
        }
        sim.close();
    }

    @Test
    void threePassesOnAChangingBucketThenAQuietPassThenACutoverEachCopyWhatChanged() throws Exception {
        start("v1");
        sim.tasks().buckets().put(BUCKET, keys(0, 10), System.currentTimeMillis() - 86_400_000L);
        bridge.drop("live-1.json", passesRequest("live-1", "\"quiet_after\": 1"));

        assertThat(nextPassCopies("live-1", 1)).isEqualTo(10);
        change(keys(0, 3));
        assertThat(nextPassCopies("live-1", 2)).isEqualTo(3);
        change(keys(3, 5));
        assertThat(nextPassCopies("live-1", 3)).isEqualTo(2);
        assertThat(nextPassCopies("live-1", 4)).isZero();
        JsonNode quiet = await().atMost(WAIT).until(() -> event("live-1", "oms.migration.quiet"), e -> e != null);
        assertThat(quiet.path("data").path("pass").asInt()).isEqualTo(4);

        change(keys(5, 6));
        String api = api("live-1");
        assertThat(Http.post(api + "/cutover", "").status()).isEqualTo(202);
        // the cutover does not wait for the schedule (an hour away): the final pass starts at the next check
        JsonNode completed =
                await().atMost(WAIT).until(() -> event("live-1", "oms.migration.completed"), e -> e != null);

        List<LedgerRecord> passes = bridge.bean("passLedger", PassLedger.class).passes("live-1");
        assertThat(passes).hasSize(5).allSatisfy(p -> assertThat(p.state()).isEqualTo(LedgerState.SUCCEEDED));
        assertThat(copied(passes.get(4))).isEqualTo(1);
        JsonNode data = completed.path("data");
        assertThat(data.path("ended_by").asText()).isEqualTo("cutover");
        assertThat(data.path("passes").asInt()).isEqualTo(5);
        assertThat(data.path("totals").path("success_num").asLong()).isEqualTo(10 + 3 + 2 + 0 + 1);
        assertThat(data.path("totals").path("passes_succeeded").asInt()).isEqualTo(5);
        // each pass ended in one terminal event of its own, naming the pass
        for (int pass = 1; pass <= 5; pass++) {
            String id = PassIds.of("live-1", pass);
            List<JsonNode> ended = bridge.outboxEvents(id).stream()
                    .filter(e -> e.path("type").asText().equals("oms.task.succeeded"))
                    .toList();
            assertThat(ended).as(id).hasSize(1);
            assertThat(ended.get(0).path("data").path("pass").asInt()).isEqualTo(pass);
            assertThat(ended.get(0).path("data").path("migration_id").asText()).isEqualTo("live-1");
        }
        // the API shows the passes, and the schedule is over
        JsonNode shown = BridgeRun.JSON.readTree(Http.get(api).body());
        assertThat(shown.path("passes").path("list")).hasSize(5);
        assertThat(shown.path("passes").path("ended").asText()).isEqualTo("COMPLETED");
    }

    @Test
    void onApiV2AFailedPassIsCaughtUpByTheNextFromTheSameTimeSkippingUnchangedObjectsBySizeAndTime() throws Exception {
        start("v2");
        sim.tasks().buckets().put(BUCKET, keys(0, 4), System.currentTimeMillis() - 86_400_000L);
        bridge.drop("live-v2.json", passesRequest("live-v2", "\"until\": \"2099-01-01T00:00:00Z\""));

        assertThat(nextPassCopies("live-v2", 1)).isEqualTo(4);
        change(keys(0, 1));
        sim.tasks().buckets().failNextTask(BUCKET);
        assertThat(nextPass("live-v2", 2).state()).isEqualTo(LedgerState.FAILED);
        // a priority given to the migration is the current pass's (pass 1 ended long ago): OMS holds the failed task
        Http.Answer reprioritised = Http.post(api("live-v2") + "/priority", "{\"task_priority\":\"HIGH\"}");
        assertThat(reprioritised.status()).as(reprioritised.body()).isEqualTo(202);
        await().atMost(WAIT).until(() -> event(PassIds.of("live-v2", 2), "oms.task.reprioritised") != null);
        assertThat(task(bridge.bean("passLedger", PassLedger.class)
                                .passes("live-v2")
                                .get(1))
                        .taskPriority())
                .isEqualTo("HIGH");
        assertThat(Http.get(api("live-v2")).json().path("operations").findValuesAsText("operation"))
                .contains("priority");
        assertThat(nextPassCopies("live-v2", 3)).isEqualTo(1);

        List<LedgerRecord> passes = bridge.bean("passLedger", PassLedger.class).passes("live-v2");
        JsonNode first = BridgeRun.JSON.readTree(task(passes.get(0)).toV2Json());
        JsonNode failed = BridgeRun.JSON.readTree(task(passes.get(1)).toV2Json());
        JsonNode catchUp = BridgeRun.JSON.readTree(task(passes.get(2)).toV2Json());
        assertThat(first.path("migrate_since").asLong()).isZero();
        // the pass before's OMS start time, floored to the second, less the margin (1 s here); a failed pass moves
        // nothing on, so the pass after it reaches back as far
        assertThat(failed.path("migrate_since").asLong())
                .isEqualTo(first.path("start_time").asLong() / 1000 - 1);
        assertThat(catchUp.path("migrate_since").asLong())
                .isEqualTo(failed.path("migrate_since").asLong());
        assertThat(catchUp.path("object_overwrite_mode").asText()).isEqualTo("SIZE_LAST_MODIFIED_COMPARISON_OVERWRITE");
        assertThat(catchUp.path("description").asText()).startsWith("[oms-bridge:live-v2~p3@");
        JsonNode failedEvent = event(PassIds.of("live-v2", 2), "oms.task.failed");
        assertThat(failedEvent.path("data").path("pass").asInt()).isEqualTo(2);

        // a stop ends the schedule without a final pass: an hour later, no pass 4, and no completed event
        assertThat(Http.post(api("live-v2") + "/stop", "").status()).isEqualTo(202);
        PassLedger ledger = bridge.bean("passLedger", PassLedger.class);
        assertThat(ledger.schedule("live-v2").orElseThrow().endedHow()).isEqualTo("STOPPED");
        clock.advance(Duration.ofHours(1));
        await().during(Duration.ofSeconds(2))
                .atMost(Duration.ofSeconds(4))
                .until(() -> ledger.passes("live-v2").size() == 3);
        assertThat(event("live-v2", "oms.migration.completed")).isNull();
    }

    private String api(String migration) {
        return "http://127.0.0.1:"
                + bridge.context()
                        .getPropertiesComponent()
                        .resolveProperty("camel.server.port")
                        .orElseThrow() + "/api/migrations/" + migration;
    }

    private void start(String apiVersion) {
        sim = OmsSimulator.start(SimulatorSettings.builder()
                .waitTime(Duration.ofMillis(100))
                .runTime(Duration.ofMillis(300))
                .maxCreatesPer24h(0)
                .maxWaitingTasks(0)
                .build());
        Map<String, String> settings = BridgeRun.defaults(sim, BridgeRun.newDataDir("passes-" + apiVersion));
        settings.put("oms.api-version", apiVersion);
        settings.put("bridge.passes.check-cron", "0/1 * * * * ?");
        settings.put("bridge.passes.margin", "PT1S");
        bridge = BridgeRun.start(settings, clock);
    }

    private static String passesRequest(String id, String more) {
        String request = Requests.aliased(id, BUCKET);
        return request.substring(0, request.length() - 1) + ",\"passes\":{\"every\":\"PT1H\"," + more + "}}";
    }

    /** Moves the schedule on by its hour (for a pass after the first), waits for the pass to be taken into account. */
    private LedgerRecord nextPass(String migration, int pass) {
        PassLedger ledger = bridge.bean("passLedger", PassLedger.class);
        if (pass > 1) {
            clock.advance(Duration.ofHours(1));
        }
        await().atMost(WAIT)
                .until(() -> ledger.schedule(migration)
                                .map(PassLedger.Schedule::settled)
                                .orElse(0)
                        >= pass);
        return ledger.passes(migration).get(pass - 1);
    }

    /** The same, for a pass that succeeds: the objects it copied. */
    private long nextPassCopies(String migration, int pass) {
        LedgerRecord r = nextPass(migration, pass);
        assertThat(r.state()).isEqualTo(LedgerState.SUCCEEDED);
        return copied(r);
    }

    /**
     * Changes objects now, then lets the second they were changed in end (and the margin's second after it) before
     * the next pass can start: OMS dates objects to the second, so one changed in the second a pass starts is copied
     * by that pass and, through the margin, by the next one too.
     */
    private void change(List<String> keys) {
        long at = System.currentTimeMillis();
        sim.tasks().buckets().put(BUCKET, keys, at);
        await().atMost(Duration.ofSeconds(3)).until(() -> System.currentTimeMillis() >= (at / 1000 + 2) * 1000);
    }

    private static long copied(LedgerRecord r) throws RuntimeException {
        try {
            return BridgeRun.JSON.readTree(r.taskDetail()).path("success_num").asLong();
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
    }

    private SimTask task(LedgerRecord r) {
        return sim.tasks().find(r.taskId()).orElseThrow();
    }

    private JsonNode event(String requestId, String type) throws Exception {
        return bridge.outboxEvents(requestId).stream()
                .filter(e -> e.path("type").asText().equals(type))
                .findFirst()
                .orElse(null);
    }

    private static List<String> keys(int from, int to) {
        return IntStream.range(from, to).mapToObj(i -> "objects/o" + i).toList();
    }
}
