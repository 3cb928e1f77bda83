package io.omsbridge.api;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.omsbridge.ledger.LedgerRecord;
import io.omsbridge.ledger.PassLedger;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import org.apache.camel.Body;
import org.apache.camel.Header;

/**
 * A migration's passes as the API and the page show them: the schedule (every, until, the next pass's time, a cutover
 * asked for, how it ended) and a row per pass (when, what it copied, its task).
 */
public final class PassViews {

    private static final List<String> COUNTERS =
            List.of("total_num", "success_num", "skip_num", "fail_num", "complete_size");

    private final PassLedger passes;
    private final ObjectMapper mapper;

    public PassViews(PassLedger passes, ObjectMapper mapper) {
        this.passes = passes;
        this.mapper = mapper;
    }

    /** Body in and out: a migration's JSON, with {@code passes} added when it was made in passes. */
    public String withPasses(@Body String migration, @Header("request_id") String requestId) throws Exception {
        Optional<PassLedger.Schedule> found = passes.schedule(requestId);
        if (found.isEmpty()) {
            return migration;
        }
        PassLedger.Schedule s = found.get();
        ObjectNode json = (ObjectNode) mapper.readTree(migration);
        ObjectNode view = json.putObject("passes");
        view.put("every", s.plan().every()).put("until", time(s.plan().untilMillis()));
        if (s.plan().quietAfter() == null) {
            view.putNull("quiet_after");
        } else {
            view.put("quiet_after", s.plan().quietAfter());
        }
        // the next pass starts after the running one ends; once it has, at next_at (or at once after a cutover)
        boolean running = s.settled() < s.pass();
        view.put("running", !s.ended() && running)
                .put(
                        "next_pass_at",
                        s.ended() || running ? null : time(s.cutoverAt() != null ? s.cutoverAt() : s.nextAt()))
                .put("cutover_requested_at", time(s.cutoverAt()))
                .put("quiet_passes", s.quietRun())
                .put("ended", s.endedHow())
                .put("ended_at", time(s.endedAt()));
        ArrayNode list = view.putArray("list");
        for (LedgerRecord r : passes.passes(requestId)) {
            JsonNode body = mapper.readTree(r.body());
            JsonNode task = r.taskDetail() == null ? mapper.createObjectNode() : mapper.readTree(r.taskDetail());
            ObjectNode row = list.addObject()
                    .put("pass", body.path("pass").asInt(1))
                    .put("request_id", r.requestId())
                    .put("state", r.state().name())
                    .put("task_id", r.taskId())
                    .put("group_id", r.groupId())
                    .put("created_at", time(r.createdAt()))
                    .put("submitted_at", time(r.submittedAt()))
                    .put("completed_at", time(r.completedAt()));
            row.put(
                    "migrate_since",
                    body.has("migrate_since")
                            ? Instant.ofEpochSecond(body.path("migrate_since").asLong())
                                    .toString()
                            : null);
            for (String counter : COUNTERS) {
                row.put(counter, task.has(counter) ? task.get(counter).asLong() : null);
            }
        }
        return mapper.writeValueAsString(json);
    }

    private static String time(Long millis) {
        return millis == null ? null : Instant.ofEpochMilli(millis).toString();
    }
}
