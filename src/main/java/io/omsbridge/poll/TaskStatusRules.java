package io.omsbridge.poll;

import com.fasterxml.jackson.databind.JsonNode;
import io.omsbridge.ledger.TaskLedger;
import io.omsbridge.ledger.TaskLedger.PollTarget;
import io.omsbridge.ledger.TaskTransition;
import io.omsbridge.model.EventType;
import io.omsbridge.model.LedgerState;
import io.omsbridge.model.OmsStatus;
import io.omsbridge.model.ProgressStep;
import java.util.List;
import java.util.function.Function;

/**
 * The rules of a task's status: what OMS's answer means for a watched task (its state, the event it causes, the
 * progress step it crossed) and whether it moved at all. Pure (no database, no clock): the ledger writes what they
 * decide.
 */
public final class TaskStatusRules {

    /** What OMS says about a task now: its status, a hash of the fields the ledger keeps, its progress. */
    public record Observation(JsonNode task, int status, long viewHash, double progress) {}

    /** What an observation means for a target. */
    public enum Verdict {
        /** nothing moved: nothing to write (a shown task backs off) */
        UNCHANGED,
        /** counters or progress moved, the state did not, and no event is due: one row update, batched */
        CHANGED,
        /** the state changes, or a progress event is due: its own transaction with the event */
        EVENTFUL
    }

    private final ProgressStep progressStep;

    /** {@code progressStep}: {@code bridge.events.progress-step} (0: no progress events). */
    public TaskStatusRules(double progressStep) {
        this.progressStep = new ProgressStep(progressStep);
    }

    /** OMS's answer for one task (a show, or an item of a listing), hashed over the fields the ledger keeps. */
    public Observation observe(JsonNode task) {
        return new Observation(
                task,
                task.path("status").asInt(-1),
                viewHash(task),
                task.path("progress").asDouble(0));
    }

    public Verdict judge(PollTarget target, Observation seen) {
        if (seen.viewHash() == target.viewHash()) {
            return Verdict.UNCHANGED;
        }
        LedgerState state = stateOf(seen.status(), target.state());
        if (state != target.state() || progressStep.crossed(target.progress(), seen.progress(), state) > 0) {
            return Verdict.EVENTFUL;
        }
        return Verdict.CHANGED;
    }

    /** The rules applied to {@code task} once the ledger has read the task's row (in the transaction that writes). */
    public Function<TaskLedger.Before, TaskTransition> transitionFor(JsonNode task) {
        return before -> transition(before, task);
    }

    /**
     * What OMS's answer means for the task as the ledger holds it: a change to SUCCEEDED, FAILED or STOPPED has its
     * event (a failure its reason), and a progress step crossed has its own.
     */
    public TaskTransition transition(TaskLedger.Before before, JsonNode task) {
        int status = task.path("status").asInt(-1);
        LedgerState state = stateOf(status, before.state());
        EventType event = state == before.state() ? null : eventFor(state);
        String code = null;
        String message = null;
        if (event == EventType.FAILED) {
            JsonNode reason = task.path("error_reason");
            code = text(reason, "error_code");
            message = text(reason, "error_msg");
            if (code == null && message == null) {
                // OMS may fail a task with error_reason "" (oms-api.md 2.9): the event still says why it failed
                code = "OMS.TASK_FAILED";
                message = "OMS reports the task failed (status 4) without an error_reason";
            }
        }
        // the progress the ledger keeps: a number, or none
        double progress =
                task.path("progress").isNumber() ? task.path("progress").asDouble() : 0;
        return new TaskTransition(
                task,
                status,
                viewHash(task),
                state,
                event,
                code,
                message,
                progressStep.crossed(before.progress(), progress, state));
    }

    /**
     * 64-bit FNV-1a over the fields of a task view the ledger keeps, read straight from OMS's answer: the poll compares
     * it with the stored hash without building or reading any view.
     */
    static long viewHash(JsonNode task) {
        long h = fnv(0xcbf29ce484222325L, task.path("id").asText());
        h = fnv(h, task.path("name").asText());
        for (String field : TaskLedger.COUNTERS) {
            h = fnv(h, task.path(field).asText());
        }
        for (String node : List.of("src_node", "dst_node")) {
            for (String field : List.of("cloud_type", "region", "bucket")) {
                h = fnv(h, task.path(node).path(field).asText());
            }
        }
        JsonNode reason = task.path("error_reason");
        h = fnv(h, reason.path("error_code").asText());
        return fnv(h, reason.path("error_msg").asText());
    }

    private static long fnv(long h, String value) {
        for (int i = 0; i < value.length(); i++) {
            h = (h ^ value.charAt(i)) * 0x100000001b3L;
        }
        // a separator, so "1"+"23" and "12"+"3" differ
        return (h ^ 0x1f) * 0x100000001b3L;
    }

    static LedgerState stateOf(int status, LedgerState current) {
        try {
            return OmsStatus.of(status).state();
        } catch (IllegalArgumentException e) {
            // a status this bridge does not know (a newer OMS): keep watching, the state stays
            return current;
        }
    }

    private static EventType eventFor(LedgerState state) {
        return switch (state) {
            case SUCCEEDED -> EventType.SUCCEEDED;
            case FAILED -> EventType.FAILED;
            case STOPPED -> EventType.STOPPED;
            default -> null;
        };
    }

    private static String text(JsonNode node, String field) {
        JsonNode v = node.get(field);
        return v == null || v.isNull() ? null : v.asText();
    }
}
