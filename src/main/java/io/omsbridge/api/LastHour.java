package io.omsbridge.api;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.omsbridge.ledger.LedgerViews;
import java.time.Clock;
import java.time.Instant;
import java.util.List;

/**
 * {@code GET /api/activity}: the last hour minute by minute, as the dashboard's chart draws it: OMS tasks created,
 * tasks ended (succeeded, failed) and the bytes of the tasks that ended, each minute with its start, zero-filled,
 * with the hour's totals. The hour ends with the minute the bridge's clock is in.
 */
public final class LastHour {

    private final LedgerViews views;
    private final ObjectMapper mapper;
    private final Clock clock;

    public LastHour(LedgerViews views, ObjectMapper mapper, Clock clock) {
        this.views = views;
        this.mapper = mapper;
        this.clock = clock;
    }

    public String json() throws Exception {
        List<LedgerViews.Minute> minutes = views.lastHour(clock.millis());
        ObjectNode json = mapper.createObjectNode();
        json.put("from", Instant.ofEpochMilli(minutes.get(0).start()).toString());
        json.put(
                "to",
                Instant.ofEpochMilli(minutes.get(minutes.size() - 1).start() + 60_000)
                        .toString());
        ArrayNode each = json.putArray("minutes");
        long created = 0;
        long finished = 0;
        long succeeded = 0;
        long failed = 0;
        long bytes = 0;
        for (LedgerViews.Minute m : minutes) {
            each.addObject()
                    .put("start", Instant.ofEpochMilli(m.start()).toString())
                    .put("created", m.created())
                    .put("finished", m.finished())
                    .put("succeeded", m.succeeded())
                    .put("failed", m.failed())
                    .put("bytes", m.bytes());
            created += m.created();
            finished += m.finished();
            succeeded += m.succeeded();
            failed += m.failed();
            bytes += m.bytes();
        }
        json.putObject("totals")
                .put("created", created)
                .put("finished", finished)
                .put("succeeded", succeeded)
                .put("failed", failed)
                .put("bytes", bytes);
        return mapper.writeValueAsString(json);
    }
}
