package io.omsbridge.oms;

import java.io.IOException;
import java.time.Clock;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicLong;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.omsbridge.iam.IamException;
import io.omsbridge.iam.TokenSteps;
import io.omsbridge.ledger.Ledger;
import io.omsbridge.ledger.LedgerRecord;
import io.omsbridge.model.BridgeConstants;
import io.omsbridge.model.Claim;
import io.omsbridge.model.TaskDescription;
import io.omsbridge.settings.BridgeSettings;
import io.omsbridge.settings.Credential;
import io.omsbridge.settings.SubmitSettings;
import org.apache.camel.Exchange;
import org.apache.camel.ExchangePropertyKey;
import org.apache.camel.http.base.HttpOperationFailedException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The steps of the submit route ({@code routes/submit.camel.yaml}): take up a claim the ledger handed out, find a task
 * an unanswered earlier attempt may have made, build the create-task body, record the outcome.
 */
public final class Submitter {

    private static final Logger LOG = LoggerFactory.getLogger(Submitter.class);

    private final Ledger ledger;
    private final OmsClient oms;
    private final TokenSteps tokens;
    private final CreateCap cap;
    private final CreateRecorder recorder;
    private final ObjectMapper mapper;
    private final BridgeSettings settings;
    private final SubmitSettings submit;
    private final Clock clock;
    private final TaskListings listings;
    /** When the cap was last reported as reached, so a queue of held requests logs it once, not once each. */
    private final AtomicLong capReported = new AtomicLong();

    public Submitter(Ledger ledger, OmsClient oms, TokenSteps tokens, CreateCap cap, CreateRecorder recorder,
            ObjectMapper mapper, BridgeSettings settings, SubmitSettings submit, Clock clock) {
        this.ledger = ledger;
        this.oms = oms;
        this.tokens = tokens;
        this.cap = cap;
        this.recorder = recorder;
        this.mapper = mapper;
        this.settings = settings;
        this.submit = submit;
        this.clock = clock;
        this.listings = new TaskListings((project, start, limit) -> oms.list(project, start, limit, null),
                submit.reconcileMaxPages(), clock);
    }

    /** Claims on requests due for (another) try: parked ones whose time has come, and ones a crashed node left. */
    public List<Claim> dueClaims() {
        return ledger.dueForSubmit(1000);
    }

    /** Body in: a claim. Body out: the claimed request, or null when the claim is no longer current. */
    public LedgerRecord load(Claim claim, Exchange exchange) {
        LedgerRecord r = ledger.claimed(claim).orElse(null);
        if (r == null) {
            LOG.debug("request {}: claim {} is no longer current; another hand-out has it", claim.requestId(),
                    claim.attempt());
            return null;
        }
        exchange.setProperty(BridgeConstants.REQUEST_ID, r.requestId());
        exchange.setProperty(BridgeConstants.PROJECT_ID, r.projectId());
        exchange.setProperty(BridgeConstants.CLAIM, claim);
        exchange.setProperty(BridgeConstants.CLAIMED, r);
        exchange.setProperty(BridgeConstants.RECONCILE, claim.reconcile());
        return r;
    }

    /**
     * Before every create attempt: keep the claim alive, and when an earlier attempt may have reached OMS (its answer
     * was lost, or the bridge stopped mid-submit), look for this request's tag in OMS's task list, so that attempt is
     * not repeated. OMS lists the newest tasks first; the newest {@code bridge.submit.reconcile-max-pages} pages of 100
     * are searched, in a listing shared with the other searches of the moment ({@link TaskListings}).
     */
    public void findExisting(Exchange exchange) {
        int attempt = exchange.getProperty(BridgeConstants.CREATE_ATTEMPT, 0, Integer.class) + 1;
        exchange.setProperty(BridgeConstants.CREATE_ATTEMPT, attempt);
        keepClaim(exchange, attempt > 1);
        if (!exchange.getProperty(BridgeConstants.RECONCILE, false, Boolean.class)) {
            return;
        }
        String requestId = exchange.getProperty(BridgeConstants.REQUEST_ID, String.class);
        String projectId = exchange.getProperty(BridgeConstants.PROJECT_ID, String.class);
        Claim claim = exchange.getProperty(BridgeConstants.CLAIM, Claim.class);
        // the attempt searched for ended before this one began: a retry in this exchange, or a claim handed out after
        long notBefore = attempt > 1 ? clock.millis() : claim.leaseUntil() - submit.leaseMillis();
        TaskListings.Result result;
        try {
            result = listings.find(projectId, requestId, notBefore);
        } catch (OmsApiException e) {
            if (e.isTransient()) {
                throw e;
            }
            // a refused list says nothing about the request: it must neither fail nor be posted blind
            throw new ReconcileFailedException(requestId, e);
        }
        result.task().ifPresentOrElse(task -> {
            LOG.info("request {}: found task {} made by an earlier attempt; not creating another", requestId,
                    task.taskId());
            exchange.setProperty(BridgeConstants.TASK_ID, task.taskId());
            exchange.setProperty(BridgeConstants.TASK_NAME, task.taskName());
        }, () -> {
            if (result.cut()) {
                LOG.warn("request {}: no earlier task found in the newest {} tasks of project {}; creating it",
                        requestId, submit.reconcileMaxPages() * TaskListings.PAGE, projectId);
            }
        });
    }

    /**
     * Renews the claim's lease when asked, or when more than half of it has gone (a long wait in the submit queue, a
     * search, a token fetch), so no OMS call runs on a lease that may expire under it: the lease is at least twice
     * the HTTP timeouts. A claim that was lost must not post.
     */
    private void keepClaim(Exchange exchange, boolean always) {
        Claim claim = exchange.getProperty(BridgeConstants.CLAIM, Claim.class);
        long leaseUntil = exchange.getProperty(BridgeConstants.LEASE_UNTIL, claim.leaseUntil(), Long.class);
        if (!always && leaseUntil - clock.millis() > submit.leaseMillis() / 2) {
            return;
        }
        long renewed = ledger.renewLease(claim).orElseThrow(() -> new ClaimLostException(claim.requestId()));
        exchange.setProperty(BridgeConstants.LEASE_UNTIL, renewed);
    }

    /** Body out: the create-task JSON as OMS wants it (seed's shape, secrets filled in, description tagged). */
    public String createBody(Exchange exchange) throws Exception {
        LedgerRecord r = exchange.getProperty(BridgeConstants.CLAIMED, LedgerRecord.class);
        ObjectNode body = (ObjectNode) mapper.readTree(r.body());
        for (String node : List.of("src_node", "dst_node")) {
            ObjectNode n = (ObjectNode) body.get(node);
            JsonNode alias = n.remove("credential");
            if (alias != null) {
                // the alias passed validation when the request came, so it is a name from the configuration
                Credential c = settings.credential(alias.asText()).orElseThrow(() -> new OmsApiException(400,
                        "BRIDGE.CREDENTIAL", node + ".credential: credential alias '" + alias.asText()
                                + "' is no longer configured"));
                n.put("ak", c.ak()).put("sk", c.sk());
            }
        }
        String sealed = ledger.openSecrets(r);
        if (sealed != null) {
            merge(body, mapper.readTree(sealed));
        }
        body.put("description", TaskDescription.of(r.requestId(), body.path("description").asText(null)));
        exchange.getMessage().setHeader(Exchange.CONTENT_TYPE, "application/json;charset=UTF-8");
        exchange.getMessage().setHeader(Exchange.HTTP_METHOD, "POST");
        return mapper.writeValueAsString(body);
    }

    /** Puts every secret of the sealed tree back at its place in the body (they were taken out on the same paths). */
    private static void merge(ObjectNode body, JsonNode secrets) {
        for (Iterator<Map.Entry<String, JsonNode>> it = secrets.fields(); it.hasNext();) {
            Map.Entry<String, JsonNode> e = it.next();
            JsonNode target = body.get(e.getKey());
            if (e.getValue().isObject() && target != null && target.isObject()) {
                merge((ObjectNode) target, e.getValue());
            } else {
                body.set(e.getKey(), e.getValue());
            }
        }
    }

    /**
     * Right before the POST: the claim renewed if half its lease has gone (a search, a token fetch may have taken it),
     * so the POST alone runs on it; then one slot of the creates cap, or the request waits until one frees up.
     */
    public void takeCreateSlot(Exchange exchange) {
        keepClaim(exchange, false);
        cap.take();
        exchange.setProperty(BridgeConstants.CREATE_SLOT, true);
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

    /** The task exists: SUBMITTED in the ledger, written with the other creates of the moment. */
    public void created(Exchange exchange) {
        Claim claim = exchange.getProperty(BridgeConstants.CLAIM, Claim.class);
        long taskId = exchange.getProperty(BridgeConstants.TASK_ID, Long.class);
        recorder.record(claim, taskId, exchange.getProperty(BridgeConstants.TASK_NAME, String.class));
        LOG.debug("request {} -> OMS task {}", claim.requestId(), taskId);
    }

    /**
     * Before a create is tried again (routes/errors.camel.yaml): a token OMS refused is dropped, and a failure after
     * which the task may exist (no answer, 5xx) makes the next attempt search OMS's list first.
     */
    public void beforeRetry(Exchange exchange) {
        Throwable cause = exchange.getProperty(ExchangePropertyKey.EXCEPTION_CAUGHT, Throwable.class);
        if (status(cause) == 401) {
            tokens.refresh(exchange);
        }
        settle(exchange, cause);
    }

    /** A final answer from OMS: quota waits and is tried again later; anything else is SUBMIT_FAILED. */
    public void refused(Exchange exchange) {
        Throwable cause = exchange.getProperty(Exchange.EXCEPTION_CAUGHT, Throwable.class);
        Claim claim = exchange.getProperty(BridgeConstants.CLAIM, Claim.class);
        OmsApiException error = cause instanceof HttpOperationFailedException http
                ? OmsErrors.parse(mapper, http.getStatusCode(), http.getResponseBody())
                : cause instanceof OmsApiException oms ? oms : new OmsApiException(0, cause instanceof
                        io.omsbridge.ledger.SealedSecretException ? "BRIDGE.SEALED_KEYS" : "BRIDGE.ERROR",
                        cause.getMessage());
        settle(exchange, cause);
        if (error.quota()) {
            LOG.warn("request {}: OMS quota reached ({} {}); trying again in {} s", claim.requestId(),
                    error.errorCode(), error.errorMessage(), submit.quotaHoldMillis() / 1000);
            ledger.park(claim, error.getMessage(), submit.quotaHoldMillis(), reconcile(exchange));
        } else {
            LOG.warn("request {}: OMS refused it: {} {}", claim.requestId(), error.errorCode(), error.errorMessage());
            ledger.submitFailed(claim, error.errorCode(), error.errorMessage());
        }
    }

    /** Retries are used up (or IAM refuses us): back to RECEIVED, to be tried again after the park time. */
    public void park(Exchange exchange) {
        Throwable cause = exchange.getProperty(Exchange.EXCEPTION_CAUGHT, Throwable.class);
        Claim claim = exchange.getProperty(BridgeConstants.CLAIM, Claim.class);
        settle(exchange, cause);
        String reason = cause == null ? "unknown" : cause.getMessage();
        if (cause instanceof IamException) {
            // the token cache has already said it, once, at ERROR: no line per waiting request
            LOG.debug("request {}: waiting for an IAM token ({})", claim.requestId(), reason);
        } else {
            LOG.warn("request {}: not submitted yet ({}); trying again in {} s", claim.requestId(), reason,
                    submit.parkMillis() / 1000);
        }
        ledger.park(claim, reason, submit.parkMillis(), reconcile(exchange));
    }

    /** The creates cap is used up: the request waits until a slot frees up (said once per window, not per request). */
    public void holdForCap(Exchange exchange) {
        CreateCapReachedException cause = exchange.getProperty(Exchange.EXCEPTION_CAUGHT,
                CreateCapReachedException.class);
        Claim claim = exchange.getProperty(BridgeConstants.CLAIM, Claim.class);
        long now = clock.millis();
        long last = capReported.get();
        if (now - last > Math.min(cap.windowMillis(), 60_000) && capReported.compareAndSet(last, now)) {
            LOG.warn("{}: requests wait until {}", cause.getMessage(), java.time.Instant.ofEpochMilli(cause.freeAt()));
        }
        ledger.park(claim, cause.getMessage(), Math.max(0, cause.freeAt() - now), reconcile(exchange));
    }

    /**
     * After a failed attempt: if the task may exist, the next attempt searches first and keeps this attempt's slot of
     * the cap; if it certainly does not, the slot is given back.
     */
    private void settle(Exchange exchange, Throwable cause) {
        boolean slot = exchange.getProperty(BridgeConstants.CREATE_SLOT, false, Boolean.class);
        exchange.removeProperty(BridgeConstants.CREATE_SLOT);
        if (maybeCreated(cause)) {
            exchange.setProperty(BridgeConstants.RECONCILE, true);
        } else if (slot) {
            cap.giveBack();
        }
    }

    private static boolean reconcile(Exchange exchange) {
        return exchange.getProperty(BridgeConstants.RECONCILE, false, Boolean.class);
    }

    /** No answer, or a server error: OMS may have made the task. A 4xx (401 and 429 included) means it did not. */
    static boolean maybeCreated(Throwable cause) {
        if (cause instanceof IOException || cause instanceof OmsUnreachableException) {
            return true;
        }
        int status = status(cause);
        return status >= 500;
    }

    private static int status(Throwable cause) {
        return cause instanceof HttpOperationFailedException http ? http.getStatusCode()
                : cause instanceof OmsApiException oms ? oms.status() : 0;
    }
}
