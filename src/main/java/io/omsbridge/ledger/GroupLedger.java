package io.omsbridge.ledger;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.omsbridge.event.EventFactory;
import io.omsbridge.model.FailedObjectList;
import io.omsbridge.model.LedgerState;
import io.omsbridge.model.ProgressStep;
import java.time.Clock;
import java.util.List;
import java.util.Optional;

/**
 * The ledger's side of following task groups (OMS API v2): which groups are watched, and what a group's status (0-9,
 * oms-api.md §5.1) means for its request. A change of state writes its event in the same transaction:
 * {@code oms.group.succeeded} or {@code oms.group.failed} with the group's counters, and, with
 * {@code bridge.events.progress-step}, {@code oms.group.progress}.
 */
public final class GroupLedger extends LedgerTables {

    /** A group the poll follows. */
    public record WatchedGroup(String requestId, String groupId, String projectId, String region) {}

    private static final List<String> COUNTERS = List.of(
            "status",
            "total_task_num",
            "create_task_num",
            "failed_task_num",
            "complete_task_num",
            "paused_task_num",
            "executing_task_num",
            "waiting_task_num",
            "total_num",
            "success_num",
            "fail_num",
            "skip_num",
            "total_size",
            "complete_size",
            "migrate_speed",
            "total_time",
            "start_time");

    private final ProgressStep progressStep;

    public GroupLedger(
            LedgerDatabase database, ObjectMapper mapper, EventFactory events, Clock clock, double progressStep) {
        super(database, mapper, events, clock);
        this.progressStep = new ProgressStep(progressStep);
    }

    public List<WatchedGroup> watched() {
        return jdbc.read(c -> Jdbc.query(
                c,
                "select request_id, group_id, project_id, region from bridge_request"
                        + " where state in (?, ?, ?) and group_id is not null",
                rs -> new WatchedGroup(rs.getString(1), rs.getString(2), rs.getString(3), rs.getString(4)),
                LedgerState.SUBMITTED.name(),
                LedgerState.RUNNING.name(),
                LedgerState.STOPPED.name()));
    }

    /** The ledger state of a group status: 0 waiting; 1, 2, 7 running (creating, monitoring, pausing); ... */
    static LedgerState stateOf(int status, LedgerState current) {
        return switch (status) {
            case 0 -> LedgerState.SUBMITTED;
            case 1, 2, 7 -> LedgerState.RUNNING;
            case 3 -> LedgerState.STOPPED;
            case 4, 5 -> LedgerState.FAILED;
            case 6 -> LedgerState.SUCCEEDED;
            case 8, 9 -> LedgerState.DELETED;
            default -> current;
        };
    }

    /** Records what OMS shows for the request's group; true when its state changed. */
    public boolean applyGroupView(String requestId, JsonNode group) {
        return jdbc.inTransaction(c -> {
            Optional<LedgerRecord> found = find(c, requestId);
            if (found.isEmpty() || !found.get().state().inFlight()) {
                return false;
            }
            LedgerRecord old = found.get();
            int status = group.path("status").asInt(-1);
            LedgerState state = stateOf(status, old.state());
            ObjectNode detail = detail(group);
            String json = json(detail);
            if (state == old.state() && json.equals(old.taskDetail())) {
                return false;
            }
            long now = clock.millis();
            Jdbc.update(
                    c,
                    "update bridge_request set state = ?, oms_status = ?, task_detail = ?, completed_at = ?,"
                            + " next_poll_at = ?, updated_at = ? where request_id = ? and state = ?",
                    state.name(),
                    status,
                    json,
                    state.terminal() ? now : null,
                    state.terminal() ? null : now,
                    now,
                    requestId,
                    old.state().name());
            if (state != old.state() && (state == LedgerState.SUCCEEDED || state == LedgerState.FAILED)) {
                JsonNode reason = group.path("error_reason");
                String code = state == LedgerState.FAILED
                        ? reason.path("error_code")
                                .asText(status == 4 ? "OMS.GROUP_CREATION_FAILED" : "OMS.GROUP_FAILED")
                        : null;
                String message = state == LedgerState.FAILED
                        ? reason.path("error_msg")
                                .asText(
                                        status == 4
                                                ? "OMS could not create the group's tasks"
                                                : "some of the group's tasks failed")
                        : null;
                insertEvent(
                        c,
                        state == LedgerState.SUCCEEDED
                                ? events.groupSucceeded(subject(old), detail, now, old.run() - 1, counters(old, detail))
                                : events.groupFailed(
                                        subject(old), detail, now, code, message, old.run() - 1, counters(old, detail)),
                        old.replyTo(),
                        now);
            }
            int step = progressStep.crossed(progress(tree(old.taskDetail())), progress(detail), state);
            if (step > 0) {
                insertEvent(
                        c,
                        events.groupProgress(
                                subject(old), detail, state, (old.run() - 1) * 1_000 + step, counters(old, detail)),
                        old.replyTo(),
                        now);
            }
            return state != old.state();
        });
    }

    /** OMS no longer knows the group: FAILED with that reason, and its event. */
    public boolean groupGone(String requestId, String code, String message) {
        return gone(
                requestId,
                code,
                message,
                (old, last, now) ->
                        events.groupFailed(subject(old), last, now, code, message, old.run() - 1, counters(old, last)));
    }

    /** The group's progress: bytes done of bytes in all (OMS gives groups no progress figure of their own). */
    private static double progress(JsonNode group) {
        double total = group.path("total_size").asDouble(0);
        return total <= 0 ? 0 : Math.min(1.0, group.path("complete_size").asDouble(0) / total);
    }

    /**
     * The whitelisted part of a group view kept in the ledger and shown in events: counters, buckets, the reason, the
     * failed-object list.
     */
    private ObjectNode detail(JsonNode group) {
        ObjectNode detail = mapper.createObjectNode();
        detail.put("group_id", group.path("group_id").asText());
        copyNumbers(group, COUNTERS, detail);
        detail.put("progress", progress(group));
        for (String node : List.of("src_node", "dst_node")) {
            ObjectNode copy = detail.putObject(node);
            for (String field : List.of("cloud_type", "region", "bucket")) {
                if (group.path(node).path(field).isTextual()) {
                    copy.put(field, group.path(node).path(field).asText());
                }
            }
        }
        JsonNode reason = group.path("error_reason");
        if (reason.isObject()) {
            detail.putObject("error_reason")
                    .put("error_code", reason.path("error_code").asText(null))
                    .put("error_msg", reason.path("error_msg").asText(null));
        }
        // where OMS listed the objects that failed, so a retry of those only can be told apart from one with no list
        FailedObjectList.of(group).putInto(detail);
        return detail;
    }

    /** A group's event names the group and its task counters. */
    private ObjectNode counters(LedgerRecord r, ObjectNode group) {
        ObjectNode extra =
                mapper.createObjectNode().put("group_id", r.groupId()).put("run", r.run());
        for (String counter : List.of("total_task_num", "complete_task_num", "failed_task_num")) {
            extra.set(counter, group.has(counter) ? group.get(counter) : mapper.nullNode());
        }
        return extra;
    }

    /** A group's request as its events name it: no task of its own. */
    @Override
    EventFactory.Subject subject(LedgerRecord r) {
        return new EventFactory.Subject(
                r.requestId(), r.projectId(), tree(r.body()), null, null, r.submittedAt(), r.run());
    }
}
