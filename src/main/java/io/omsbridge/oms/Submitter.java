package io.omsbridge.oms;

import java.util.List;
import java.util.Optional;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.omsbridge.BridgeConstants;
import io.omsbridge.config.BridgeSettings;
import io.omsbridge.config.Credential;
import io.omsbridge.ledger.Ledger;
import io.omsbridge.ledger.LedgerRecord;
import org.apache.camel.Exchange;
import org.apache.camel.http.base.HttpOperationFailedException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The steps of the submit route ({@code routes/submit.camel.yaml}): claim a request from the ledger, find a task an
 * unanswered earlier attempt may have made, build the create-task body, record the outcome.
 */
public final class Submitter {

    private static final Logger LOG = LoggerFactory.getLogger(Submitter.class);

    private final Ledger ledger;
    private final OmsClient oms;
    private final ObjectMapper mapper;
    private final BridgeSettings settings;

    public Submitter(Ledger ledger, OmsClient oms, ObjectMapper mapper, BridgeSettings settings) {
        this.ledger = ledger;
        this.oms = oms;
        this.mapper = mapper;
        this.settings = settings;
    }

    /** Requests due for (another) try: parked ones whose time has come, and ones orphaned by a crashed node. */
    public List<String> dueRequests() {
        return ledger.dueForSubmit(1000);
    }

    /** Body in: a request id. Body out: the claimed record, or null when it is not ours to submit (now). */
    public LedgerRecord claim(String requestId, Exchange exchange) {
        Optional<LedgerRecord> claimed = ledger.claim(requestId, settings.submitLeaseMillis());
        if (claimed.isEmpty()) {
            return null;
        }
        LedgerRecord r = claimed.get();
        exchange.setProperty(BridgeConstants.REQUEST_ID, r.requestId());
        exchange.setProperty(BridgeConstants.PROJECT_ID, r.projectId());
        exchange.setProperty(BridgeConstants.CLAIMED, r);
        // an earlier claim that did not end in a recorded task may have created one
        exchange.setProperty(BridgeConstants.RECONCILE, r.attempts() > 1);
        return r;
    }

    /**
     * Before every create attempt after the first: list the project's tasks and look for this request's tag, so an
     * attempt whose answer was lost (timeout, dropped connection, crash) is not repeated.
     */
    public void findExisting(Exchange exchange) {
        int attempt = exchange.getProperty(BridgeConstants.CREATE_ATTEMPT, 0, Integer.class) + 1;
        exchange.setProperty(BridgeConstants.CREATE_ATTEMPT, attempt);
        renewClaim(exchange);
        boolean reconcile = attempt > 1 || exchange.getProperty(BridgeConstants.RECONCILE, false, Boolean.class);
        if (!reconcile) {
            return;
        }
        String requestId = exchange.getProperty(BridgeConstants.REQUEST_ID, String.class);
        String projectId = exchange.getProperty(BridgeConstants.PROJECT_ID, String.class);
        for (int page = 0; page < settings.reconcileMaxPages(); page++) {
            if (page > 0) {
                renewClaim(exchange);
            }
            List<JsonNode> tasks = oms.list(projectId, page * 100, 100, null);
            for (JsonNode task : tasks) {
                if (TaskDescription.carries(task.path("description").asText(null), requestId)) {
                    LOG.info("request {}: found task {} made by an earlier attempt; not creating another", requestId,
                            task.path("id").asLong());
                    exchange.setProperty(BridgeConstants.TASK_ID, task.path("id").asLong());
                    exchange.setProperty(BridgeConstants.TASK_NAME, task.path("name").asText(null));
                    return;
                }
            }
            if (tasks.size() < 100) {
                return;
            }
        }
        LOG.warn("request {}: no earlier task found in the newest {} tasks of project {}; creating it", requestId,
                settings.reconcileMaxPages() * 100, projectId);
    }

    /** Keeps the claim alive across retries; a claim that was lost (handed out again) must not post. */
    private void renewClaim(Exchange exchange) {
        LedgerRecord claimed = exchange.getProperty(BridgeConstants.CLAIMED, LedgerRecord.class);
        if (!ledger.renewLease(claimed.requestId(), claimed.attempts(), settings.submitLeaseMillis())) {
            throw new ClaimLostException(claimed.requestId());
        }
    }

    /** Body out: the create-task JSON as OMS wants it (seed's shape, AK/SK filled in, description tagged). */
    public String createBody(Exchange exchange) throws Exception {
        LedgerRecord r = exchange.getProperty(BridgeConstants.CLAIMED, LedgerRecord.class);
        ObjectNode body = (ObjectNode) mapper.readTree(r.body());
        String sealed = ledger.openSecrets(r);
        JsonNode inline = sealed == null ? mapper.createObjectNode() : mapper.readTree(sealed);
        for (String node : List.of("src_node", "dst_node")) {
            ObjectNode n = (ObjectNode) body.get(node);
            JsonNode alias = n.remove("credential");
            if (alias != null) {
                Credential c = settings.credential(alias.asText()).orElseThrow(() -> new OmsApiException(400,
                        "BRIDGE.CREDENTIAL", "credential alias '" + alias.asText() + "' is no longer configured"));
                n.put("ak", c.ak()).put("sk", c.sk());
            } else {
                n.put("ak", inline.path(node).path("ak").asText()).put("sk", inline.path(node).path("sk").asText());
            }
        }
        body.put("description", TaskDescription.of(r.requestId(), body.path("description").asText(null)));
        exchange.getMessage().setHeader(Exchange.CONTENT_TYPE, "application/json;charset=UTF-8");
        exchange.getMessage().setHeader(Exchange.HTTP_METHOD, "POST");
        return mapper.writeValueAsString(body);
    }

    /** Reads OMS's {@code {"id":..., "task_name":...}} answer, and forgets the body that carried the secrets. */
    public void readCreated(String response, Exchange exchange) throws Exception {
        JsonNode created = mapper.readTree(response);
        if (!created.path("id").canConvertToLong()) {
            throw new OmsApiException(502, "BRIDGE.BAD_ANSWER", "create answered 200 without a task id");
        }
        exchange.setProperty(BridgeConstants.TASK_ID, created.path("id").asLong());
        exchange.setProperty(BridgeConstants.TASK_NAME, created.path("task_name").asText(null));
        exchange.getMessage().setBody(null);
        exchange.getMessage().removeHeaders("*");
    }

    /** The task exists: SUBMITTED in the ledger. */
    public void created(Exchange exchange) {
        String requestId = exchange.getProperty(BridgeConstants.REQUEST_ID, String.class);
        long taskId = exchange.getProperty(BridgeConstants.TASK_ID, Long.class);
        ledger.recordCreated(requestId, claim(exchange), taskId,
                exchange.getProperty(BridgeConstants.TASK_NAME, String.class));
        LOG.debug("request {} -> OMS task {}", requestId, taskId);
    }

    /** A final answer from OMS: quota waits and is tried again later; anything else is SUBMIT_FAILED. */
    public void refused(Exchange exchange) {
        Throwable cause = exchange.getProperty(Exchange.EXCEPTION_CAUGHT, Throwable.class);
        String requestId = exchange.getProperty(BridgeConstants.REQUEST_ID, String.class);
        OmsApiException error = cause instanceof HttpOperationFailedException http
                ? OmsErrors.parse(mapper, http.getStatusCode(), http.getResponseBody())
                : cause instanceof OmsApiException oms ? oms : new OmsApiException(0, "BRIDGE.ERROR", cause.getMessage());
        if (error.quota()) {
            LOG.warn("request {}: OMS quota reached ({} {}); trying again in {} s", requestId, error.errorCode(),
                    error.errorMessage(), settings.quotaHoldMillis() / 1000);
            ledger.park(requestId, claim(exchange), error.getMessage(), settings.quotaHoldMillis());
        } else {
            LOG.warn("request {}: OMS refused it: {} {}", requestId, error.errorCode(), error.errorMessage());
            ledger.submitFailed(requestId, claim(exchange), error.errorCode(), error.errorMessage());
        }
    }

    /** Retries are used up (or IAM refuses us): back to RECEIVED, to be tried again after the park time. */
    public void park(Exchange exchange) {
        Throwable cause = exchange.getProperty(Exchange.EXCEPTION_CAUGHT, Throwable.class);
        String requestId = exchange.getProperty(BridgeConstants.REQUEST_ID, String.class);
        String reason = cause == null ? "unknown" : cause.getMessage();
        LOG.warn("request {}: not submitted yet ({}); trying again in {} s", requestId, reason,
                settings.submitParkMillis() / 1000);
        ledger.park(requestId, claim(exchange), reason, settings.submitParkMillis());
    }

    private static int claim(Exchange exchange) {
        return exchange.getProperty(BridgeConstants.CLAIMED, LedgerRecord.class).attempts();
    }
}
