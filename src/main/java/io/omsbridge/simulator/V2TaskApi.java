package io.omsbridge.simulator;

import com.fasterxml.jackson.databind.JsonNode;
import com.sun.net.httpserver.HttpExchange;
import java.io.IOException;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.LongAdder;

/** The v2 task operations under {@code /v2/{project_id}/tasks} (oms-api.md §4), on the store v1 uses too. */
final class V2TaskApi {

    private final TaskStore store;
    private final StatsRecorder stats;
    private final CreateReply createReply;
    private final TemporaryKeys temporaryKeys;

    V2TaskApi(TaskStore store, StatsRecorder stats, CreateReply createReply, TemporaryKeys temporaryKeys) {
        this.temporaryKeys = temporaryKeys;
        this.store = store;
        this.stats = stats;
        this.createReply = createReply;
    }

    void dispatch(HttpExchange ex, V2Route route, byte[] body) throws IOException {
        String project = route.projectId();
        switch (route.operation()) {
            case CREATE_TASK -> {
                JsonNode root = TaskRequestParser.requireObject(body);
                TaskSpec spec = V2RequestParser.parseTask(root);
                temporaryKeys.checkCreate(root);
                createReply.send(ex, store.create(project, spec));
            }
            case LIST_TASKS -> list(ex, project);
            case SHOW_TASK -> {
                SimTask task = store.require(project, route.taskIdNumber());
                byte[] json = TaskJsonV2.show(task, task.view(store.now()));
                count(stats.shows, stats.project(project).shows);
                HttpIo.sendJson(ex, 200, json);
            }
            case DELETE_TASK -> {
                store.delete(store.require(project, route.taskIdNumber()));
                count(stats.deletes, stats.project(project).deletes);
                HttpIo.sendEmpty(ex, 200);
            }
            case START_TASK -> {
                // the task first: an unknown task is OMS.1009 whatever the body says
                SimTask task = store.require(project, route.taskIdNumber());
                JsonNode root = TaskRequestParser.requireObject(body);
                boolean failedOnly =
                        V2RequestParser.parseStart(root, task.spec().taskType().equals("url_list"));
                temporaryKeys.checkStart(root);
                store.start(task, failedOnly);
                count(stats.updates, stats.project(project).updates);
                HttpIo.sendEmpty(ex, 200);
            }
            case STOP_TASK -> {
                // no body (the SDK sends Content-Length: 0); one that comes anyway is ignored
                store.stop(store.require(project, route.taskIdNumber()));
                count(stats.updates, stats.project(project).updates);
                HttpIo.sendEmpty(ex, 200);
            }
            case UPDATE_BANDWIDTH -> {
                SimTask task = store.require(project, route.taskIdNumber());
                store.changeBandwidth(
                        task, V2RequestParser.parseBandwidthUpdate(TaskRequestParser.requireObject(body)));
                count(stats.updates, stats.project(project).updates);
                HttpIo.sendEmpty(ex, 200);
            }
            case BATCH_UPDATE -> {
                V2RequestParser.BatchUpdate update =
                        V2RequestParser.parseBatchUpdate(TaskRequestParser.requireObject(body));
                store.batchUpdate(project, update);
                count(stats.updates, stats.project(project).updates);
                HttpIo.sendEmpty(ex, 200);
            }
            default -> throw new IllegalStateException(route.operation().name());
        }
    }

    /** {@code ?offset=&limit=&status=&group_id=}: newest first, as in v1; count is the number matching. */
    private void list(HttpExchange ex, String project) throws IOException {
        Map<String, String> q = HttpIo.query(ex);
        int offset = V2Query.integer(q, "offset", 0, 10_000, 0);
        int limit = V2Query.integer(q, "limit", 1, 100, 10);
        int code = V2Query.integer(q, "status", 1, 7, -1);
        String groupId = q.get("group_id");
        if (groupId != null && (groupId.isEmpty() || groupId.length() > 100)) {
            throw TaskRequestParser.invalid("group_id must have 1 to 100 characters.");
        }
        long now = store.now();
        List<SimTask> page;
        long count;
        TaskStatus state = code < 0 || code == 6 ? null : TaskStatus.ofCode(code);
        if (code == 6) {
            // 6 (retrying) is within the documented 1..7, but no simulated task ever retries: a restart waits again
            page = List.of();
            count = 0;
        } else if (groupId != null) {
            List<SimTask> all = store.groupTasks(project, groupId, state, now);
            count = all.size();
            page = all.subList(Math.min(offset, all.size()), Math.min(all.size(), offset + limit));
        } else {
            page = store.page(project, offset, limit, state, now);
            count = store.count(project, state, now);
        }
        byte[] json = TaskJsonV2.list(page, count, now);
        count(stats.lists, stats.project(project).lists);
        HttpIo.sendJson(ex, 200, json);
    }

    private static void count(LongAdder global, LongAdder project) {
        global.increment();
        project.increment();
    }
}
