package io.omsbridge.hwcloud.oms;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import org.apache.camel.Exchange;
import org.apache.camel.Message;
import org.apache.camel.support.DefaultProducer;

/**
 * Runs one OMS operation per exchange: builds the call for the endpoint's API generation, authenticates it (one more
 * try with a fresh token after a 401), sends it through Camel HTTP under the deadline, and reads the answer into the
 * body and headers; every failure is an {@link OmsException}.
 */
final class OmsProducer extends DefaultProducer {

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final int MAX_PAGE = 100;

    private final OmsConfiguration config;
    /** The endpoint's own OMS (null when only the component's regions are configured). */
    private Target home;

    private final Map<String, Target> regions = new ConcurrentHashMap<>();

    /** Where a call goes and how it is authenticated there: one per region, the endpoint's own included. */
    private record Target(HttpCall http, Authenticator auth, String projectId) {}

    OmsProducer(OmsEndpoint endpoint) {
        super(endpoint);
        this.config = endpoint.getConfiguration();
    }

    @Override
    public OmsEndpoint getEndpoint() {
        return (OmsEndpoint) super.getEndpoint();
    }

    @Override
    protected void doStart() throws Exception {
        super.doStart();
        if (config.getAuthentication() == OmsAuthentication.aksk) {
            require(config.getAccessKey(), "accessKey");
            require(config.getSecretKey(), "secretKey");
        } else {
            require(config.getIamUsername(), "iamUsername");
            require(config.getIamPassword(), "iamPassword");
            require(config.getIamDomain(), "iamDomain");
        }
        boolean ownEndpoint = notBlank(config.getEndpoint()) || notBlank(config.getRegion());
        if (ownEndpoint || getEndpoint().getComponent().regions().isEmpty()) {
            if (config.getAuthentication() == OmsAuthentication.token) {
                require(config.getIamEndpoint(), "iamEndpoint");
            }
            home = target(config.baseUrl(), config.getIamEndpoint(), config.getProjectId());
        }
    }

    private Target target(String baseUrl, String iamEndpoint, String projectId) {
        OmsComponent component = getEndpoint().getComponent();
        HttpCall http = component.http(baseUrl, config.getDeadline());
        if (config.getAuthentication() == OmsAuthentication.aksk) {
            // the signature covers the host, so the same key pair signs for every region's endpoint
            return new Target(
                    http,
                    Authenticator.aksk(
                            config.getAccessKey(), config.getSecretKey(), config.getSecurityToken(), component.clock()),
                    projectId);
        }
        component.registerIamUser(iamEndpoint, config);
        return new Target(
                http,
                Authenticator.token(
                        component.getTokenCache(), iamEndpoint, config.getIamDomain(), config.getIamUsername()),
                projectId);
    }

    /** The region header's target when the component has regions, else the endpoint's own. */
    private Target target(Message in) {
        String region = in.getHeader(OmsConstants.REGION, String.class);
        Map<String, OmsRegion> configured = getEndpoint().getComponent().regions();
        if (region == null || configured.isEmpty()) {
            if (home == null) {
                throw new IllegalArgumentException("hwcloud-oms: no region: set the " + OmsConstants.REGION
                        + " header to one of the configured regions " + configured.keySet());
            }
            return home;
        }
        OmsRegion r = configured.get(region);
        if (r == null) {
            throw new IllegalArgumentException(
                    "hwcloud-oms: region '" + region + "' is not configured (configured: " + configured.keySet() + ")");
        }
        return regions.computeIfAbsent(region, k -> target(r.endpoint(), r.iamEndpoint(), r.projectId()));
    }

    private static boolean notBlank(String value) {
        return value != null && !value.isBlank();
    }

    private static void require(String value, String option) {
        if (value == null || value.isBlank()) {
            throw new IllegalArgumentException(
                    "hwcloud-oms: option " + option + " is required for this authentication");
        }
    }

    @Override
    public void process(Exchange exchange) throws Exception {
        Message in = exchange.getMessage();
        OmsOperations operation = in.getHeader(OmsConstants.OPERATION) instanceof String name
                ? OmsOperations.valueOf(name)
                : config.getOperation();
        Target target = target(in);
        String project = in.getHeader(OmsConstants.PROJECT_ID, target.projectId(), String.class);
        if (project == null || project.isBlank()) {
            throw new IllegalArgumentException(
                    "hwcloud-oms: no project: set projectId or the " + OmsConstants.PROJECT_ID + " header");
        }
        OmsApiVersion v = config.getApiVersion();
        if (operation.v2Only() && v != OmsApiVersion.v2) {
            throw new IllegalArgumentException("hwcloud-oms: " + operation + " exists in OMS API v2 only");
        }
        HttpCall.Answer answer = call(target, operation, project, request(operation, v, project, in));
        switch (operation) {
            case createTask -> created(in, answer);
            case showTask -> in.setBody(json(answer));
            case listTasks -> list(in, answer, "tasks");
            case createTaskGroup -> {
                JsonNode group = json(answer);
                in.setHeader(OmsConstants.GROUP_ID, group.path("group_id").asText(null));
                in.setBody(group);
            }
            case showTaskGroup, listBuckets, showBucketRegion, checkPrefix -> in.setBody(json(answer));
            case listTaskGroups -> list(in, answer, "taskgroups");
            default -> done(in, answer);
        }
    }

    /** The call an operation makes, from the message's headers and body. */
    private static OmsRequest request(OmsOperations operation, OmsApiVersion v, String project, Message in)
            throws Exception {
        return switch (operation) {
            case createTask -> OmsRequest.createTask(v, project, body(in));
            case showTask -> OmsRequest.showTask(v, project, taskId(in));
            case listTasks ->
                OmsRequest.listTasks(
                        v,
                        project,
                        offset(in),
                        limit(in),
                        in.getHeader(OmsConstants.STATUS, Integer.class),
                        in.getHeader(OmsConstants.GROUP_ID, String.class));
            case startTask -> OmsRequest.startTask(v, project, taskId(in), tree(in));
            case stopTask -> OmsRequest.stopTask(v, project, taskId(in));
            case deleteTask -> OmsRequest.deleteTask(v, project, taskId(in));
            case updateBandwidthPolicy -> OmsRequest.updateBandwidthPolicy(v, project, taskId(in), tree(in));
            case batchUpdateTasks -> OmsRequest.batchUpdateTasks(project, tree(in));
            case updateTaskGroup -> OmsRequest.groupAction(project, groupId(in), "update", tree(in));
            case createTaskGroup -> OmsRequest.createTaskGroup(project, body(in));
            case showTaskGroup -> OmsRequest.showTaskGroup(project, groupId(in));
            case listTaskGroups ->
                OmsRequest.listTaskGroups(
                        project, offset(in), limit(in), in.getHeader(OmsConstants.STATUS, Integer.class));
            case startTaskGroup -> OmsRequest.groupAction(project, groupId(in), "start", tree(in));
            case stopTaskGroup -> OmsRequest.groupAction(project, groupId(in), "stop", null);
            case retryTaskGroup -> OmsRequest.groupAction(project, groupId(in), "retry", tree(in));
            case deleteTaskGroup -> OmsRequest.deleteTaskGroup(project, groupId(in));
            case listBuckets -> OmsRequest.bucketCheck(project, "", body(in));
            case showBucketRegion -> OmsRequest.bucketCheck(project, "/regions", body(in));
            case checkPrefix -> OmsRequest.bucketCheck(project, "/prefix", body(in));
        };
    }

    /** Sends the call authenticated; after a 401 the authenticator may ask for one more try (a fresh token). */
    private HttpCall.Answer call(Target target, OmsOperations operation, String project, OmsRequest request) {
        Authenticator auth = target.auth();
        URI uri = URI.create(
                target.http().baseUrl() + request.path() + (request.query() == null ? "" : "?" + request.query()));
        Authenticator.Credentials credentials = auth.credentials(request.method(), uri, request.body(), project);
        long started = System.nanoTime();
        HttpCall.Answer answer;
        try {
            answer = send(target.http(), request, credentials);
            if (answer.status() == 401 && auth.rejected(credentials, project)) {
                answer = send(target.http(), request, auth.credentials(request.method(), uri, request.body(), project));
            }
        } catch (OmsException noAnswer) {
            told(operation, noAnswer.status(), noAnswer.errorCode(), started);
            throw noAnswer;
        }
        if (answer.status() < 200 || answer.status() > 299) {
            OmsException refused = OmsErrors.parse(JSON, answer.status(), answer.body(), answer.requestId());
            told(operation, refused.status(), refused.errorCode(), started);
            throw refused;
        }
        told(operation, answer.status(), null, started);
        return answer;
    }

    private void told(OmsOperations operation, int status, String errorCode, long startedNanos) {
        getEndpoint()
                .getComponent()
                .told(new OmsCall(
                        operation,
                        status,
                        errorCode,
                        (System.nanoTime() - startedNanos) / 1_000_000,
                        getEndpoint().getComponent().clock().instant()));
    }

    private static HttpCall.Answer send(HttpCall http, OmsRequest request, Authenticator.Credentials credentials) {
        Map<String, String> headers = new LinkedHashMap<>(credentials.headers());
        headers.put(
                Exchange.CONTENT_TYPE, request.body() == null ? "application/json" : "application/json;charset=UTF-8");
        return http.send(request.method(), request.path(), request.query(), headers, request.body());
    }

    private static void created(Message in, HttpCall.Answer answer) {
        JsonNode created = json(answer);
        if (!created.path("id").canConvertToLong()) {
            throw new OmsException(
                    502,
                    "BRIDGE.BAD_ANSWER",
                    "create answered " + answer.status() + " without a task id",
                    answer.requestId());
        }
        in.setHeader(OmsConstants.TASK_ID, created.path("id").asLong());
        in.setHeader(OmsConstants.TASK_NAME, created.path("task_name").asText(null));
        in.setHeader(OmsConstants.REQUEST_ID, answer.requestId());
        in.setBody(created);
    }

    /** Out: the page's items (v1 answers a bare array, v2 an object with the list and the count). */
    private static void list(Message in, HttpCall.Answer answer, String field) {
        JsonNode page = json(answer);
        JsonNode items = page.isArray() ? page : page.path(field);
        List<JsonNode> out = new ArrayList<>(items.size());
        items.forEach(out::add);
        if (page.has("count")) {
            in.setHeader(OmsConstants.COUNT, page.path("count").asLong());
        }
        in.setBody(out);
    }

    private static void done(Message in, HttpCall.Answer answer) {
        in.setHeader(OmsConstants.REQUEST_ID, answer.requestId());
        in.setBody(null);
    }

    private static JsonNode json(HttpCall.Answer answer) {
        String body = answer.body();
        try {
            return JSON.readTree(body == null || body.isBlank() ? "{}" : body);
        } catch (Exception e) {
            throw new OmsException(
                    answer.status(),
                    "BRIDGE.BAD_JSON",
                    "OMS answered with a body that is not JSON",
                    answer.requestId());
        }
    }

    private static byte[] body(Message in) throws Exception {
        Object body = in.getBody();
        if (body instanceof byte[] bytes) {
            return bytes;
        }
        if (body instanceof String text) {
            return text.getBytes(StandardCharsets.UTF_8);
        }
        return JSON.writeValueAsBytes(body);
    }

    private static JsonNode tree(Message in) throws Exception {
        Object body = in.getBody();
        if (body == null) {
            return JSON.createObjectNode();
        }
        return body instanceof JsonNode node ? node : JSON.readTree(body(in));
    }

    private static long taskId(Message in) {
        Long id = in.getHeader(OmsConstants.TASK_ID, Long.class);
        if (id == null) {
            throw new IllegalArgumentException("hwcloud-oms: header " + OmsConstants.TASK_ID + " is required");
        }
        return id;
    }

    private static String groupId(Message in) {
        String id = in.getHeader(OmsConstants.GROUP_ID, String.class);
        if (id == null || id.isBlank()) {
            throw new IllegalArgumentException("hwcloud-oms: header " + OmsConstants.GROUP_ID + " is required");
        }
        return id;
    }

    private static int offset(Message in) {
        return in.getHeader(OmsConstants.OFFSET, 0, Integer.class);
    }

    private static int limit(Message in) {
        return Math.min(MAX_PAGE, in.getHeader(OmsConstants.LIMIT, MAX_PAGE, Integer.class));
    }
}
