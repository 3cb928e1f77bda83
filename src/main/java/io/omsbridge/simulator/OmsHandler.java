package io.omsbridge.simulator;

import com.fasterxml.jackson.databind.JsonNode;
import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpHandler;
import java.io.IOException;
import java.util.Map;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The OMS v1 task API under {@code /v1/{project_id}/objectstorage/} and the v2 task and task-group API under
 * {@code /v2/{project_id}/}, behind a simulated API Gateway: route (404/405), faults, authentication, then the call.
 */
final class OmsHandler implements HttpHandler {

    private static final Logger LOG = LoggerFactory.getLogger(OmsHandler.class);
    // oms-api.md gives no code for 5xx answers (clients go by the status, §1.2): invented, in the OMS.xxxx shape
    static final String SERVER_ERROR = "OMS.0500";
    static final String UNAVAILABLE = "OMS.0503";

    private final TaskStore store;
    private final GatewayAuth auth;
    private final FaultGate faults;
    private final StatsRecorder stats;
    private final CreateReply createReply;
    private final V2TaskApi v2Tasks;
    private final V2GroupApi v2Groups;
    private final V2BucketApi v2Buckets;
    private final byte[] versions;

    OmsHandler(
            TaskStore store,
            GatewayAuth auth,
            FaultGate faults,
            StatsRecorder stats,
            String baseUrl,
            TemporaryKeys temporaryKeys,
            V2BucketApi v2Buckets) {
        this.store = store;
        this.auth = auth;
        this.faults = faults;
        this.stats = stats;
        this.createReply = new CreateReply(faults, stats);
        this.v2Tasks = new V2TaskApi(store, stats, createReply, temporaryKeys);
        this.v2Buckets = v2Buckets;
        this.v2Groups = new V2GroupApi(store, stats, createReply);
        this.versions = versionsBody(baseUrl);
    }

    @Override
    public void handle(HttpExchange ex) throws IOException {
        String requestId = HttpIo.begin(ex);
        String project = null;
        try {
            byte[] body = HttpIo.readBody(ex);
            String method = ex.getRequestMethod();
            String path = ex.getRequestURI().getRawPath();
            boolean v2 = path.startsWith(V2Route.PREFIX);
            if (v2 && V2BucketApi.serves(path)) {
                String bucketProject = V2BucketApi.projectId(method, path);
                if (injectFault(ex, requestId)) {
                    return;
                }
                auth.authorize(ex, bucketProject, body);
                project = bucketProject;
                stats.v2Calls.increment();
                v2Buckets.dispatch(ex, path, body);
                return;
            }
            V2Route v2Route = v2 ? V2Route.resolve(method, path) : null;
            OmsRoute v1Route = v2 ? null : OmsRoute.resolve(method, path);
            String projectId = v2 ? v2Route.projectId() : v1Route.projectId();
            if (injectFault(ex, requestId)) {
                return;
            }
            auth.authorize(ex, projectId, body);
            project = projectId;
            if (v2Route == null) {
                dispatch(ex, v1Route, body);
                return;
            }
            stats.v2Calls.increment();
            if (v2Route.operation().group()) {
                v2Groups.dispatch(ex, v2Route, body);
            } else {
                v2Tasks.dispatch(ex, v2Route, body);
            }
        } catch (ApiException e) {
            count(e, project);
            HttpIo.sendJson(ex, e.status(), e.body(requestId));
        } catch (RuntimeException e) {
            LOG.warn(
                    "OMS handler failed on {} {}",
                    ex.getRequestMethod(),
                    ex.getRequestURI().getPath(),
                    e);
            HttpIo.sendJson(ex, 500, Json.omsError(SERVER_ERROR, "Unexpected simulator error."));
        }
    }

    private void dispatch(HttpExchange ex, OmsRoute route, byte[] body) throws IOException {
        String project = route.projectId();
        switch (route.operation()) {
            case VERSION -> HttpIo.sendJson(ex, 200, versions);
            case CREATE -> create(ex, project, body);
            case LIST_OR_COUNT -> listOrCount(ex, project);
            case SHOW -> {
                SimTask task = store.require(project, route.taskIdNumber());
                byte[] json = TaskJson.show(task, task.view(store.now()));
                stats.shows.increment();
                stats.project(project).shows.increment();
                HttpIo.sendJson(ex, 200, json);
            }
            case UPDATE -> {
                // the task first, as show and delete do: an unknown task is OMS.1009 whatever the body says
                SimTask task = store.require(project, route.taskIdNumber());
                update(task, TaskRequestParser.requireObject(body));
                stats.updates.increment();
                stats.project(project).updates.increment();
                HttpIo.sendEmpty(ex, 200);
            }
            case DELETE -> {
                store.delete(store.require(project, route.taskIdNumber()));
                stats.deletes.increment();
                stats.project(project).deletes.increment();
                HttpIo.sendEmpty(ex, 200);
            }
            default -> throw new IllegalStateException(route.operation().name());
        }
    }

    private void create(HttpExchange ex, String project, byte[] body) throws IOException {
        TaskSpec spec = TaskRequestParser.parseCreate(TaskRequestParser.requireObject(body));
        createReply.send(ex, store.create(project, spec));
    }

    private void listOrCount(HttpExchange ex, String project) throws IOException {
        Map<String, String> q = HttpIo.query(ex);
        TaskStatus state = state(q.get("state"));
        if ("true".equalsIgnoreCase(q.get("totalcount"))) {
            long n = store.count(project, state);
            stats.counts.increment();
            stats.project(project).counts.increment();
            HttpIo.sendJson(ex, 200, Json.write(g -> {
                g.writeStartObject();
                g.writeNumberField("taskcount", n);
                g.writeEndObject();
            }));
            return;
        }
        int start = rangeParam(q.get("start"), 0, Integer.MAX_VALUE, "start");
        int limit = rangeParam(q.get("limit"), 1, 100, "limit");
        long now = store.now();
        byte[] json = TaskJson.array(store.page(project, start, limit, state, now), now);
        stats.lists.increment();
        stats.project(project).lists.increment();
        HttpIo.sendJson(ex, 200, json);
    }

    private void update(SimTask task, JsonNode root) {
        String operation = root.path("operation").asText("");
        switch (operation) {
            case "stop" -> store.stop(task);
            case "start" -> {
                for (String key : new String[] {"source_ak", "source_sk", "target_ak", "target_sk"}) {
                    TaskRequestParser.requiredText(root, key, 100, "OMS.0064", "body");
                }
                JsonNode failedOnly = root.get("migration_failed_object");
                if (failedOnly != null && !failedOnly.isNull() && !failedOnly.isBoolean()) {
                    throw ApiException.badRequest(
                            "OMS.0064", "Invalid request parameters: migration_failed_object must be a boolean.");
                }
                store.start(task, failedOnly != null && failedOnly.asBoolean());
            }
            case "change_bandwidthpolicy" ->
                task.changeBandwidth(TaskRequestParser.bandwidthPolicy(root.get("bandwidth_policy")), store.now());
            default ->
                throw ApiException.badRequest(
                        "OMS.0064",
                        "Invalid request parameters: operation must be start, stop or change_bandwidthpolicy.");
        }
    }

    private boolean injectFault(HttpExchange ex, String requestId) throws IOException {
        FaultGate.Outcome outcome = faults.enter();
        if (outcome == FaultGate.Outcome.NONE) {
            return false;
        }
        stats.injectedFaults.increment();
        switch (outcome) {
            case ERROR_500 ->
                HttpIo.sendJson(ex, 500, Json.omsError(SERVER_ERROR, "Internal server error (simulated fault)."));
            case ERROR_503 ->
                HttpIo.sendJson(ex, 503, Json.omsError(UNAVAILABLE, "Service unavailable (simulated fault)."));
            // API Gateway's throttling code; oms-api.md §9 only says the gateway may answer 429
            default ->
                HttpIo.sendJson(
                        ex,
                        429,
                        Json.gatewayError(
                                "APIG.0308",
                                "The throttling threshold has been reached: policy user over ratelimit, limit:100, time:1 second",
                                requestId));
        }
        return true;
    }

    private void count(ApiException e, String project) {
        if (e.status() == 401) {
            stats.unauthorized.increment();
            return;
        }
        stats.rejections.increment();
        if (project != null) {
            stats.project(project).rejections.increment();
        }
    }

    private static TaskStatus state(String raw) {
        if (raw == null || raw.isEmpty()) {
            return null;
        }
        try {
            int code = Integer.parseInt(raw);
            // v1 documents 0..5; v2's 7 (pausing) is no v1 filter
            if (code <= TaskStatus.SUCCEEDED.code()) {
                return TaskStatus.ofCode(code);
            }
        } catch (IllegalArgumentException e) {
            // answered below
        }
        throw ApiException.badRequest("OMS.0052", "Invalid state: an integer from 0 to 5 is required.");
    }

    private static int rangeParam(String raw, int min, int max, String name) {
        try {
            int value = Integer.parseInt(raw);
            if (value >= min && value <= max) {
                return value;
            }
        } catch (NumberFormatException e) {
            // answered below
        }
        throw ApiException.badRequest(
                "OMS.0051",
                "Invalid range: " + name + " must be an integer from " + min
                        + (max == Integer.MAX_VALUE ? " up" : " to " + max) + ".");
    }

    private static byte[] versionsBody(String baseUrl) {
        return Json.write(g -> {
            g.writeStartObject();
            g.writeArrayFieldStart("versions");
            for (String[] v : new String[][] {{"v1.0", "SUPPORTED", "/v1/"}, {"v2.0", "CURRENT", "/v2/"}}) {
                g.writeStartObject();
                g.writeStringField("id", v[0]);
                g.writeArrayFieldStart("links");
                g.writeStartObject();
                g.writeStringField("href", baseUrl + v[2]);
                g.writeStringField("rel", "self");
                g.writeEndObject();
                g.writeEndArray();
                g.writeStringField("min_version", "");
                g.writeStringField("status", v[1]);
                g.writeStringField("updated", "2016-12-09T00:00:00Z");
                g.writeStringField("version", "");
                g.writeEndObject();
            }
            g.writeEndArray();
            g.writeEndObject();
        });
    }
}
