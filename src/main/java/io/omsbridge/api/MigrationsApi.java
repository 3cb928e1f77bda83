package io.omsbridge.api;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.omsbridge.intake.Acknowledgements;
import io.omsbridge.intake.InProcessInput;
import io.omsbridge.intake.InboxOutcome;
import io.omsbridge.ledger.LedgerRecord;
import io.omsbridge.ledger.LedgerViews;
import io.omsbridge.ledger.OperationLedger;
import io.omsbridge.model.AcceptOutcome;
import io.omsbridge.model.BridgeConstants;
import io.omsbridge.model.FailedObjectList;
import io.omsbridge.model.LedgerState;
import io.omsbridge.model.Operation;
import io.omsbridge.model.ProblemCode;
import io.omsbridge.model.RequestSource;
import io.omsbridge.request.InputReader;
import io.omsbridge.request.RequestIds;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.function.Supplier;
import org.apache.camel.Exchange;
import org.apache.camel.ExchangeProperty;
import org.apache.camel.Header;
import org.apache.camel.Message;

/**
 * The beans behind {@code /api/migrations} (routes/http/api.yaml): a new request's id and size checked and the request
 * read, before it enters the accept route every inbox uses; the outcome turned into an HTTP status and its
 * acknowledgement; and the reads of one request, of a page of them, and of the bridge's state as a whole. Bodies out
 * are JSON text.
 */
public final class MigrationsApi {

    /** The largest page a client may ask for. */
    public static final int MAX_LIMIT = 500;

    private final LedgerViews views;
    private final OperationLedger operations;
    private final ObjectMapper mapper;
    private final long maxBytes;
    private final Supplier<ObjectNode> bridgeStatus;
    private final InProcessInput input;
    private final Acknowledgements acks;

    /**
     * {@code bridgeStatus}: the cap, the duties and the outbox as the dashboard shows them; {@code inputReader}: what
     * reads
     * a posted request (or operation) into what the accept route records.
     */
    public MigrationsApi(
            LedgerViews views,
            OperationLedger operations,
            ObjectMapper mapper,
            long maxBytes,
            Supplier<ObjectNode> bridgeStatus,
            InputReader inputReader) {
        this.views = views;
        this.operations = operations;
        this.mapper = mapper;
        this.maxBytes = maxBytes;
        this.bridgeStatus = bridgeStatus;
        this.input = new InProcessInput(inputReader);
        this.acks = new Acknowledgements(mapper);
    }

    /**
     * Before {@code POST /api/migrations} enters the accept route: the body within the size limit, and a request id,
     * from the body's {@code request_id} or else the {@code Idempotency-Key} header, so a client can resend safely.
     */
    public void prepare(Exchange exchange) {
        Message in = exchange.getMessage();
        byte[] body = in.getBody(byte[].class);
        if (body != null && body.length > maxBytes) {
            throw new ApiException(
                    413,
                    "TOO_LARGE",
                    "the request is " + body.length + " bytes, the limit is " + maxBytes
                            + " (bridge.inbox.max-file-bytes)");
        }
        String key = in.getHeader("Idempotency-Key", String.class);
        String inBody = requestIdIn(body);
        // a body's invalid id is refused under the Idempotency-Key's id; without a key there is no id to record it by
        boolean validInBody =
                inBody != null && RequestIds.EXPLICIT.matcher(inBody).matches();
        if (inBody != null && !validInBody && (key == null || key.isBlank())) {
            throw new ApiException(
                    400,
                    "BAD_REQUEST_ID",
                    "request_id: must match [A-Za-z0-9._:-]{1,128} (or send"
                            + " the Idempotency-Key header as the request's id)");
        }
        if (inBody == null && (key == null || key.isBlank())) {
            throw new ApiException(
                    400,
                    "REQUEST_ID_REQUIRED",
                    "request_id: give one in the body, or the"
                            + " Idempotency-Key header, so that sending the request again cannot make a second task");
        }
        if (!validInBody && !RequestIds.EXPLICIT.matcher(key).matches()) {
            throw new ApiException(
                    400, "BAD_IDEMPOTENCY_KEY", "Idempotency-Key (header): must match" + " [A-Za-z0-9._:-]{1,128}");
        }
        String body8 = body == null ? "" : new String(body, StandardCharsets.UTF_8);
        in.removeHeaders("*");
        in.setBody(input.read(validInBody ? null : key, body8, RequestSource.HTTP, exchange.getExchangeId()));
    }

    private String requestIdIn(byte[] body) {
        if (body == null || body.length == 0) {
            return null;
        }
        try {
            JsonNode id = mapper.readTree(body).path("request_id");
            return id.isTextual() && !id.asText().isBlank() ? id.asText() : null;
        } catch (IOException notJson) {
            // the accept route says what is wrong with it, under the Idempotency-Key's id
            return null;
        }
    }

    /**
     * Before {@code POST /api/migrations/{request_id}/stop|start|retry} or {@code DELETE /api/migrations/{request_id}}
     * enters the accept route: the operation request, from the path and the body (keys, {@code failed_objects_only},
     * {@code operation_id}); the {@code Idempotency-Key} header, if any, is the operation's id. The body is optional:
     * an empty one is fine whatever its Content-Type (curl's default form type, or none); one with content is JSON.
     */
    public void prepareOperation(Exchange exchange) throws Exception {
        Message in = exchange.getMessage();
        // a form-typed body with fields comes as a map of them (platform-http's form handling), an empty one as none
        boolean form = in.getBody() instanceof Map<?, ?> fields && !fields.isEmpty();
        byte[] bytes = form ? null : in.getBody(byte[].class);
        String type = in.getHeader(Exchange.CONTENT_TYPE, String.class);
        if ((form || bytes != null && bytes.length > 0) && !isJson(type)) {
            throw new ApiException(
                    415,
                    "UNSUPPORTED_MEDIA_TYPE",
                    "Content-Type: an operation's body is JSON"
                            + " (application/json) or empty, not "
                            + (type == null || type.isBlank() ? "a body without one" : type) + ServerErrors.SEND_JSON);
        }
        if (bytes != null && bytes.length > maxBytes) {
            throw new ApiException(
                    413,
                    "TOO_LARGE",
                    "the operation is " + bytes.length + " bytes, the limit is " + maxBytes
                            + " (bridge.inbox.max-file-bytes)");
        }
        String requestId = in.getHeader("request_id", String.class);
        String operation = in.getHeader("operation", "delete", String.class);
        String key = in.getHeader("Idempotency-Key", String.class);
        ObjectNode op;
        try {
            JsonNode body = bytes == null || bytes.length == 0 ? mapper.createObjectNode() : mapper.readTree(bytes);
            if (!body.isObject()) {
                throw new ApiException(
                        400,
                        "BAD_REQUEST",
                        "the body must be a JSON object (keys," + " failed_objects_only, operation_id) or empty");
            }
            op = (ObjectNode) body;
        } catch (IOException e) {
            throw new ApiException(400, "BAD_REQUEST", "the body is not JSON");
        }
        op.put("request_id", requestId).put("operation", operation);
        in.removeHeaders("*");
        in.setBody(input.read(
                key == null || key.isBlank() ? null : key,
                mapper.writeValueAsString(op),
                RequestSource.HTTP,
                exchange.getExchangeId()));
    }

    /** {@code application/json}, or a {@code +json} type, with or without parameters. */
    private static boolean isJson(String contentType) {
        if (contentType == null) {
            return false;
        }
        String type = contentType.split(";", 2)[0].trim().toLowerCase(Locale.ROOT);
        return type.equals("application/json") || type.startsWith("application/") && type.endsWith("+json");
    }

    /**
     * After the accept route, for an operation: 202 when accepted or a duplicate; refused, 404 for an unknown
     * migration, 409 when the migration does not allow the operation (its state, or no list of failed objects for a
     * retry of those only), 400 for anything else (each with the problems).
     */
    public void answerOperation(
            @ExchangeProperty(BridgeConstants.INBOX_OUTCOME) InboxOutcome outcome, Exchange exchange) throws Exception {
        ProblemCode code = outcome.outcomes().get(0).code();
        answer(
                exchange,
                outcome,
                code == null
                        ? 202
                        : switch (code) {
                            case UNKNOWN_MIGRATION -> 404;
                            case STATE_CONFLICT -> 409;
                            case INVALID -> 400;
                        });
    }

    /** After the accept route: the acknowledgement as the body, 202 when accepted or a duplicate, 400 when rejected. */
    public void answer(@ExchangeProperty(BridgeConstants.INBOX_OUTCOME) InboxOutcome outcome, Exchange exchange)
            throws Exception {
        answer(exchange, outcome, outcome.outcomes().get(0).kind() == AcceptOutcome.Kind.REJECTED ? 400 : 202);
    }

    private void answer(Exchange exchange, InboxOutcome outcome, int status) throws Exception {
        Message out = exchange.getMessage();
        out.removeHeaders("*");
        out.setHeader(Exchange.HTTP_RESPONSE_CODE, status);
        out.setHeader(Exchange.CONTENT_TYPE, "application/json");
        out.setBody(acks.of(outcome));
    }

    /** {@code GET /api/migrations/{request_id}}: one request with its task's progress and its events. */
    public String detail(@Header("request_id") String requestId) throws Exception {
        LedgerRecord r = views.find(requestId)
                .orElseThrow(() ->
                        new ApiException(404, "NOT_FOUND", "request_id: no request " + requestId + " in the ledger"));
        ObjectNode json = view(r);
        ArrayNode events = json.putArray("events");
        for (LedgerViews.EventRef e : views.events(requestId)) {
            events.addObject()
                    .put("id", e.eventId())
                    .put("type", e.type())
                    .put("time", Instant.ofEpochMilli(e.createdAt()).toString())
                    .put("published", e.published());
        }
        ArrayNode ops = json.putArray("operations");
        for (OperationLedger.OperationRow o : operations.of(requestId)) {
            ops.addObject()
                    .put("operation_id", o.operationId())
                    .put("operation", o.operation().wire())
                    .put("failed_objects_only", o.failedOnly())
                    .put("state", o.state())
                    .put("result", o.result())
                    .put("received_at", time(o.createdAt()))
                    .put("done_at", time(o.appliedAt()));
        }
        return mapper.writeValueAsString(json);
    }

    /** {@code GET /api/migrations?state=&limit=&after=}: a page of requests, newest first, and the next page's cursor.
     * */
    public String page(@Header("state") String state, @Header("limit") String limit, @Header("after") String after)
            throws Exception {
        LedgerViews.Page page;
        try {
            page = views.page(state(state), limit(limit), after);
        } catch (LedgerViews.BadCursorException e) {
            throw new ApiException(400, "BAD_CURSOR", e.getMessage());
        }
        ObjectNode json = mapper.createObjectNode();
        ArrayNode items = json.putArray("migrations");
        for (LedgerRecord r : page.requests()) {
            items.add(view(r));
        }
        json.put("next", page.next());
        return mapper.writeValueAsString(json);
    }

    /** {@code GET /api/status}: counts by state, the outbox, the creates cap and the duties, for the dashboard. */
    public String status() throws Exception {
        ObjectNode json = mapper.createObjectNode();
        ObjectNode counts = json.putObject("states");
        for (Map.Entry<LedgerState, Long> e : views.counts().entrySet()) {
            counts.put(e.getKey().name(), e.getValue());
        }
        LedgerViews.Backlog backlog = views.backlog();
        json.putObject("outbox")
                .put("pending", backlog.pending())
                .put(
                        "oldest",
                        backlog.oldestCreatedAt() == null
                                ? null
                                : Instant.ofEpochMilli(backlog.oldestCreatedAt())
                                        .toString());
        json.setAll(bridgeStatus.get());
        return mapper.writeValueAsString(json);
    }

    private static LedgerState state(String state) {
        if (state == null || state.isBlank()) {
            return null;
        }
        try {
            return LedgerState.valueOf(state.trim().toUpperCase(Locale.ROOT));
        } catch (IllegalArgumentException e) {
            throw new ApiException(
                    400,
                    "BAD_STATE",
                    "state: must be one of " + List.of(LedgerState.values()) + ", got '"
                            + (state.length() > 40 ? state.substring(0, 40) : state) + "'");
        }
    }

    private static int limit(String limit) {
        if (limit == null || limit.isBlank()) {
            return 50;
        }
        try {
            int n = Integer.parseInt(limit.trim());
            if (n >= 1 && n <= MAX_LIMIT) {
                return n;
            }
        } catch (NumberFormatException e) {
            // said below
        }
        throw new ApiException(400, "BAD_LIMIT", "limit: must be a whole number from 1 to " + MAX_LIMIT);
    }

    /** A request as the API shows it: the ledger's facts and its task as OMS last described it. */
    private ObjectNode view(LedgerRecord r) throws Exception {
        ObjectNode json = mapper.createObjectNode()
                .put("request_id", r.requestId())
                .put("state", r.state().name())
                .put("source", r.source().name().toLowerCase(Locale.ROOT))
                .put("project_id", r.projectId())
                .put("region", r.region())
                .put("task_id", r.taskId())
                .put("task_name", r.taskName())
                .put("oms_status", r.omsStatus())
                .put("attempts", r.attempts())
                .put("last_error", r.lastError())
                .put("group_id", r.groupId());
        JsonNode task = r.taskDetail() == null ? mapper.createObjectNode() : mapper.readTree(r.taskDetail());
        JsonNode body = r.body() == null || r.body().isEmpty() ? mapper.createObjectNode() : mapper.readTree(r.body());
        json.putObject("source_bucket")
                .put("cloud_type", body.path("src_node").path("cloud_type").asText(null))
                .put("region", body.path("src_node").path("region").asText(null))
                .put("bucket", body.path("src_node").path("bucket").asText(null));
        json.putObject("destination_bucket")
                .put("region", body.path("dst_node").path("region").asText(null))
                .put("bucket", body.path("dst_node").path("bucket").asText(null));
        json.set("progress", task.has("progress") ? task.get("progress") : null);
        for (String counter : List.of(
                "total_num", "success_num", "fail_num", "skip_num", "total_size", "complete_size", "migrate_speed")) {
            json.set(counter, task.has(counter) ? task.get(counter) : null);
        }
        if (r.group()) {
            for (String counter : List.of(
                    "total_task_num",
                    "complete_task_num",
                    "failed_task_num",
                    "executing_task_num",
                    "waiting_task_num",
                    "paused_task_num")) {
                json.set(counter, task.has(counter) ? task.get(counter) : null);
            }
        }
        json.set("left_time_ms", task.has("left_time") ? task.get("left_time") : null);
        json.set("total_time_ms", task.has("total_time") ? task.get("total_time") : null);
        JsonNode reason = task.path("error_reason");
        json.set("task_error", reason.isObject() ? reason : null);
        FailedObjectList failed = FailedObjectList.of(task);
        if (failed.kept()) {
            json.putObject("failed_objects")
                    .put("bucket", body.path("dst_node").path("bucket").asText(null))
                    .put("key", failed.key())
                    .put("retry_supported", failed.retryable())
                    .set("count", task.get("fail_num"));
        } else {
            json.putNull("failed_objects");
        }
        // the operation's own rule, so the page shows what the bridge would answer rather than guess it
        Operation.Refusal failedOnly = Operation.RETRY.refusal(r.requestId(), r.state(), true, failed);
        json.putObject("retry_failed_objects_only")
                .put("allowed", failedOnly == null)
                .put("reason", failedOnly == null ? null : failedOnly.message());
        json.put("run", r.run());
        json.put("received_at", time(r.createdAt()))
                .put("submitted_at", time(r.submittedAt()))
                .put("completed_at", time(r.completedAt()))
                .put("held_since", time(r.heldSince()));
        return json;
    }

    private static String time(long millis) {
        return Instant.ofEpochMilli(millis).toString();
    }

    private static String time(Long millis) {
        return millis == null ? null : Instant.ofEpochMilli(millis).toString();
    }
}
