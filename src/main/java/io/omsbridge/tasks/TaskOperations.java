package io.omsbridge.tasks;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.omsbridge.hwcloud.oms.OmsConstants;
import io.omsbridge.hwcloud.oms.OmsException;
import io.omsbridge.hwcloud.oms.OmsOperations;
import io.omsbridge.ledger.LedgerRecord;
import io.omsbridge.ledger.OperationLedger;
import io.omsbridge.ledger.OperationLedger.OperationClaim;
import io.omsbridge.model.BridgeConstants;
import io.omsbridge.model.FailedObjectList;
import io.omsbridge.model.Operation;
import io.omsbridge.settings.Credential;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.function.Function;
import org.apache.camel.Exchange;
import org.apache.camel.Message;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The steps of the operate route ({@code routes/operate.camel.yaml}): claim the operations due, check each against its
 * migration once more (the state may have moved since it was accepted), prepare OMS's call (the task, and for a start
 * or retry the keys again: the migration's aliases, or the ones the operation gave), and record what came of it. An
 * attempt after one that may have reached OMS (a crash, no answer) first looks at the task: an operation OMS has
 * already carried out is recorded, not sent again.
 */
public final class TaskOperations {

    private static final Logger LOG = LoggerFactory.getLogger(TaskOperations.class);
    /** OMS statuses (v1 and v2 alike) of a task that was started again and has not ended. */
    private static final Set<Integer> STARTED = Set.of(0, 1, 2, 6);
    /** ... of a task that was stopped, or is stopping. */
    private static final Set<Integer> STOPPED = Set.of(3, 7);

    private final OperationLedger ledger;
    private final OmsTasks oms;
    private final Function<String, Optional<Credential>> credentials;
    private final ObjectMapper mapper;
    private final long laterMillis;

    public TaskOperations(
            OperationLedger ledger,
            OmsTasks oms,
            Function<String, Optional<Credential>> credentials,
            ObjectMapper mapper,
            long laterMillis) {
        this.ledger = ledger;
        this.oms = oms;
        this.credentials = credentials;
        this.mapper = mapper;
        this.laterMillis = laterMillis;
    }

    /** The operations due now, claimed for this node. */
    public List<OperationClaim> due() {
        return ledger.due(100);
    }

    /**
     * Body in: a claim. Sets the {@link OmsConstants#OPERATION} header to the hwcloud-oms call to make (and the task's
     * headers and, for a start, the keys as the body), or leaves none when there is nothing to ask OMS: refused, or
     * found done.
     */
    public void prepare(OperationClaim claim, Exchange exchange) throws Exception {
        exchange.setProperty(BridgeConstants.OPERATION, claim);
        exchange.getMessage().removeHeader(OmsConstants.OPERATION);
        Optional<LedgerRecord> found = ledger.migration(claim);
        if (found.isEmpty()) {
            ledger.refused(claim, "migration " + claim.requestId() + " is no longer in the ledger");
            return;
        }
        LedgerRecord r = found.get();
        // setting the same bandwidth or priority again changes nothing: those are sent again, not looked for
        if (claim.attempt() > 1 && !claim.operation().changesSetting() && doneAlready(claim, r)) {
            LOG.info(
                    "operation {}: {} of migration {} was carried out by an earlier attempt; recorded now",
                    claim.operationId(),
                    claim.operation().wire(),
                    r.requestId());
            ledger.applied(claim, "found done in OMS by a later attempt");
            return;
        }
        Operation.Refusal refusal = claim.operation()
                .refusal(r.requestId(), r.state(), claim.failedOnly(), FailedObjectList.ofDetail(r.taskDetail()));
        if (refusal != null) {
            LOG.warn("operation {}: {}", claim.operationId(), refusal.message());
            ledger.refused(claim, refusal.message());
            return;
        }
        Message in = exchange.getMessage();
        in.removeHeaders("*");
        in.setHeader(OmsConstants.PROJECT_ID, r.projectId());
        if (r.region() != null) {
            in.setHeader(OmsConstants.REGION, r.region());
        }
        in.setBody(claim.operation().needsKeys() ? startBody(claim, r) : null);
        if (claim.operation().changesSetting()) {
            setting(claim, r, exchange);
        } else if (r.group()) {
            // a task group has an operation of its own for each, retry included (oms-api.md §5.1)
            in.setHeader(OmsConstants.GROUP_ID, r.groupId());
        } else {
            in.setHeader(OmsConstants.TASK_ID, r.taskId());
        }
        in.setHeader(OmsConstants.OPERATION, call(claim.operation(), r.group()).name());
    }

    /** The hwcloud-oms operation that carries out an operation on a task, or on a task group. */
    static OmsOperations call(Operation operation, boolean group) {
        return switch (operation) {
            case STOP -> group ? OmsOperations.stopTaskGroup : OmsOperations.stopTask;
            case START -> group ? OmsOperations.startTaskGroup : OmsOperations.startTask;
            // a task group has a retry of its own (oms-api.md §5.1); a single task's retry is a start
            case RETRY -> group ? OmsOperations.retryTaskGroup : OmsOperations.startTask;
            case DELETE -> group ? OmsOperations.deleteTaskGroup : OmsOperations.deleteTask;
            // carried out by the ledger when received (OperationAcceptance): never sent to OMS
            case CUTOVER -> throw new IllegalStateException("a cutover is applied when received, not through OMS");
            // a task's bandwidth-policy call (v1: change_bandwidthpolicy), a group's update call (v2)
            case BANDWIDTH -> group ? OmsOperations.updateTaskGroup : OmsOperations.updateBandwidthPolicy;
            // v2's batch update, of the one task or of the group's tasks
            case PRIORITY -> OmsOperations.batchUpdateTasks;
        };
    }

    /**
     * A bandwidth change: the task's bandwidth-policy call (v1: its change_bandwidthpolicy), a group's update call. A
     * priority: OMS's batch update of this one task, or of the group's tasks.
     */
    private void setting(OperationClaim claim, LedgerRecord r, Exchange exchange) throws Exception {
        ObjectNode body = (ObjectNode) mapper.readTree(claim.arguments());
        Message in = exchange.getMessage();
        if (claim.operation() == Operation.BANDWIDTH) {
            in.setHeader(
                    r.group() ? OmsConstants.GROUP_ID : OmsConstants.TASK_ID, r.group() ? r.groupId() : r.taskId());
        } else if (r.group()) {
            body.put("group_id", r.groupId());
        } else {
            body.putArray("ids").add(r.taskId());
        }
        in.setBody(body);
    }

    /** OMS carried it out. */
    public void applied(Exchange exchange) {
        OperationClaim claim = exchange.getProperty(BridgeConstants.OPERATION, OperationClaim.class);
        if (ledger.applied(claim, "OMS carried it out")) {
            LOG.info(
                    "operation {}: {} of migration {} carried out",
                    claim.operationId(),
                    claim.operation().wire(),
                    claim.requestId());
        }
    }

    /** OMS refused it: a task it no longer knows is deleted already; anything else fails the operation. */
    public void refusedByOms(Exchange exchange) {
        OperationClaim claim = exchange.getProperty(BridgeConstants.OPERATION, OperationClaim.class);
        OmsException e = exchange.getProperty(Exchange.EXCEPTION_CAUGHT, OmsException.class);
        if (claim.operation() == Operation.DELETE && e != null && e.notFound()) {
            ledger.applied(claim, "OMS no longer knows the task (" + e.errorCode() + ")");
            return;
        }
        String code = e == null ? "BRIDGE.ERROR" : e.errorCode();
        String message = e == null ? "unknown" : e.errorMessage();
        LOG.warn(
                "operation {}: OMS refused to {} migration {}: {} {}",
                claim.operationId(),
                claim.operation().wire(),
                claim.requestId(),
                code,
                message);
        ledger.failed(claim, code, message);
    }

    /** OMS could not be asked (no answer, a server error, throttled): the operation waits and is tried again. */
    public void later(Exchange exchange) {
        OperationClaim claim = exchange.getProperty(BridgeConstants.OPERATION, OperationClaim.class);
        Throwable cause = exchange.getProperty(Exchange.EXCEPTION_CAUGHT, Throwable.class);
        String why = cause == null ? "unknown" : cause.getMessage();
        LOG.warn(
                "operation {}: {} of migration {} not carried out yet ({}); tried again in {} s",
                claim.operationId(),
                claim.operation().wire(),
                claim.requestId(),
                why,
                laterMillis / 1000);
        ledger.later(claim, why, laterMillis);
    }

    /** After an attempt that may have reached OMS: does the task show the operation done? */
    private boolean doneAlready(OperationClaim claim, LedgerRecord r) {
        if (r.taskId() == null && !r.group()) {
            return false;
        }
        int status;
        try {
            status = r.group()
                    ? oms.showGroup(r.projectId(), r.region(), r.groupId())
                            .path("status")
                            .asInt(-1)
                    : oms.show(r.projectId(), r.region(), r.taskId())
                            .path("status")
                            .asInt(-1);
        } catch (OmsException e) {
            return claim.operation() == Operation.DELETE && e.notFound();
        }
        if (r.group()) {
            // a group: 3 paused, 7 pausing; 0 waiting, 1 creating, 2 monitoring; 8, 9 deleting
            return switch (claim.operation()) {
                case STOP -> status == 3 || status == 7;
                case START, RETRY -> status >= 0 && status <= 2;
                case DELETE -> status == 8 || status == 9;
                // carried out by the ledger when received: never sent to OMS
                case CUTOVER -> true;
                case BANDWIDTH, PRIORITY -> false;
            };
        }
        return switch (claim.operation()) {
            case STOP -> STOPPED.contains(status);
            // a retried task that already failed again looks like one never retried: it is retried once more
            case START, RETRY -> STARTED.contains(status);
            case DELETE, BANDWIDTH, PRIORITY -> false;
            case CUTOVER -> true;
        };
    }

    /**
     * OMS's start body (v2 names; the component writes v1's): the keys of each side (a temporary pair with its
     * security token), from the operation or else the migration's alias, and for a retry whether only the failed
     * objects go again.
     */
    private ObjectNode startBody(OperationClaim claim, LedgerRecord r) throws Exception {
        JsonNode created = mapper.readTree(r.body());
        JsonNode given = ledger.openSecrets(claim);
        JsonNode aliases = claim.aliases() == null ? mapper.createObjectNode() : mapper.readTree(claim.aliases());
        ObjectNode body = mapper.createObjectNode();
        for (String side : List.of("src_node", "dst_node")) {
            String prefix = side.equals("src_node") ? "src" : "dst";
            String ak;
            String sk;
            String token;
            if (given != null && given.has(side)) {
                ak = given.path(side).path("ak").asText();
                sk = given.path(side).path("sk").asText();
                token = given.path(side).path("security_token").asText(null);
            } else {
                String alias = aliases.has(side)
                        ? aliases.path(side).asText()
                        : created.path(side).path("credential").asText(null);
                Credential c = alias == null
                        ? null
                        : credentials
                                .apply(alias)
                                .orElseThrow(() -> new OmsException(
                                        400,
                                        "BRIDGE.CREDENTIAL",
                                        side + ".credential: credential alias '" + alias + "' is no longer"
                                                + " configured",
                                        null));
                if (c == null) {
                    throw new OmsException(400, "BRIDGE.CREDENTIAL", side + ": no keys for the start", null);
                }
                ak = c.ak();
                sk = c.sk();
                token = c.securityToken();
            }
            body.put(prefix + "_ak", ak).put(prefix + "_sk", sk);
            if (token != null && !r.group()) {
                // a temporary key pair (StartTaskReq); a group's start and retry take none (StartTaskGroupReq)
                body.put(prefix + "_security_token", token);
            }
        }
        if (claim.operation() == Operation.RETRY) {
            body.put("migrate_failed_object", claim.failedOnly());
        }
        return body;
    }
}
