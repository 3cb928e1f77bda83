package io.omsbridge.simulator;

import com.fasterxml.jackson.databind.JsonNode;
import com.sun.net.httpserver.HttpExchange;
import java.io.IOException;
import java.util.List;
import java.util.Map;

/** The v2 task-group operations under {@code /v2/{project_id}/taskgroups} (oms-api.md §5.1). */
final class V2GroupApi {

    private final TaskStore store;
    private final StatsRecorder stats;
    private final CreateReply createReply;

    V2GroupApi(TaskStore store, StatsRecorder stats, CreateReply createReply) {
        this.store = store;
        this.stats = stats;
        this.createReply = createReply;
    }

    void dispatch(HttpExchange ex, V2Route route, byte[] body) throws IOException {
        String project = route.projectId();
        switch (route.operation()) {
            case CREATE_GROUP -> {
                SimGroup group =
                        store.createGroup(project, V2RequestParser.parseGroup(TaskRequestParser.requireObject(body)));
                createReply.sendGroup(ex, group);
            }
            case LIST_GROUPS -> list(ex, project);
            case SHOW_GROUP -> {
                SimGroup group = store.requireGroup(project, route.id());
                HttpIo.sendJson(ex, 200, TaskGroupJson.show(group, group.view(store.now())));
            }
            case STOP_GROUP -> {
                store.stopGroup(store.requireGroup(project, route.id()));
                HttpIo.sendEmpty(ex, 200);
            }
            case START_GROUP -> {
                SimGroup group = store.requireGroup(project, route.id());
                V2RequestParser.parseStart(
                        TaskRequestParser.requireObject(body),
                        group.spec().taskType().equals("URL_LIST"));
                store.startGroup(group);
                HttpIo.sendEmpty(ex, 200);
            }
            case RETRY_GROUP -> {
                SimGroup group = store.requireGroup(project, route.id());
                // every field of RetryTaskGroupReq is optional, so an empty body is a retry with the keys kept
                JsonNode root =
                        body.length == 0 ? Json.MAPPER.createObjectNode() : TaskRequestParser.requireObject(body);
                store.retryGroup(group, V2RequestParser.parseRetry(root));
                HttpIo.sendEmpty(ex, 200);
            }
            case UPDATE_GROUP -> {
                SimGroup group = store.requireGroup(project, route.id());
                store.changeGroupBandwidth(
                        group, V2RequestParser.parseBandwidthUpdate(TaskRequestParser.requireObject(body)));
                HttpIo.sendEmpty(ex, 200);
            }
            case DELETE_GROUP -> {
                store.deleteGroup(store.requireGroup(project, route.id()));
                HttpIo.sendEmpty(ex, 200);
            }
            default -> throw new IllegalStateException(route.operation().name());
        }
        // reached only once the call was answered 200: refusals are counted as rejections by the handler
        stats.groupCalls.increment();
    }

    /** {@code ?offset=&limit=&status=}, newest first; the EU doc allows any non-negative offset. */
    private void list(HttpExchange ex, String project) throws IOException {
        Map<String, String> q = HttpIo.query(ex);
        int offset = V2Query.integer(q, "offset", 0, Integer.MAX_VALUE, 0);
        int limit = V2Query.integer(q, "limit", 1, 100, 10);
        int code = V2Query.integer(q, "status", 0, 9, -1);
        long now = store.now();
        List<SimGroup> all = store.groups(project, code < 0 ? null : GroupStatus.ofCode(code), now);
        List<SimGroup> page =
                all.subList(Math.min(offset, all.size()), (int) Math.min(all.size(), (long) offset + limit));
        HttpIo.sendJson(ex, 200, TaskGroupJson.list(page, all.size(), now));
    }
}
