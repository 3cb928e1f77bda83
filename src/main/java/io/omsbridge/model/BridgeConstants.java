package io.omsbridge.model;

/**
 * Names of the exchange properties and headers the routes and beans share, with one prefix each. Internal state
 * travels in exchange properties, never in headers, so none of it can leak into an HTTP call to OMS.
 */
public final class BridgeConstants {

    /**
     * Logger: the life of each request in one line per step (accepted or rejected, task created, ended), for an
     * operator to follow or filter on; ids, states, field names and counters only, never a value or a secret.
     */
    public static final String REQUEST_LOG = "omsbridge.requests";

    /** Property: the request id being handled. */
    public static final String REQUEST_ID = "omsRequestId";
    /** Property: the project of the request being handled (URL and token scope). */
    public static final String PROJECT_ID = "omsProjectId";
    /** Property: the destination region of the request being handled (whose OMS has its task, with regions). */
    public static final String REGION = "omsRegion";
    /** Property: where the request input came from ({@code io.omsbridge.model.RequestSource}), set by each inbox. */
    public static final String SOURCE = "omsSource";
    /** Property: the claims ({@code io.omsbridge.model.Claim}) of newly accepted requests, for the submit route. */
    public static final String CLAIMS = "omsClaims";
    /** Property: the outcome of an inbox file or message ({@code io.omsbridge.intake.InboxOutcome}). */
    public static final String INBOX_OUTCOME = "omsInboxOutcome";
    /** Property: true when any request of the input was rejected (the file goes to .failed, the message to the DLQ). */
    public static final String ANY_REJECTED = "omsAnyRejected";
    /** Property: true when any request of the input was already known (a report names the existing tasks). */
    public static final String ANY_DUPLICATE = "omsAnyDuplicate";
    /** Property: how many times this exchange has tried to create its task (redeliveries included). */
    public static final String CREATE_ATTEMPT = "omsCreateAttempt";
    /** Property: true when the create must first look for a task made by an earlier, unanswered attempt. */
    public static final String RECONCILE = "omsReconcile";
    /** Property: the OMS task id once known. */
    public static final String TASK_ID = "omsTaskId";
    /** Property: the OMS task name once known. */
    public static final String TASK_NAME = "omsTaskName";
    /** Property: the acknowledgement of a queue or in-process request (the reply body). */
    public static final String ACK = "omsAck";
    /** Property: where an inbox file moves when done: {@code .done} or {@code .failed}. */
    public static final String INBOX_TARGET = "omsInboxTarget";
    /** Property: what a rejected request message leaves in the dead-letter queue (its bytes, inline secrets redacted). */
    public static final String DEAD_LETTER = "omsDeadLetter";
    /** Property: true when the input held an operation request that was accepted (the operate route is woken). */
    public static final String OPERATIONS_ACCEPTED = "omsOperationsAccepted";
    /** Property: the operation claim ({@code io.omsbridge.ledger.OperationLedger.OperationClaim}) being applied. */
    public static final String OPERATION = "omsOperation";
    /** Property: what the operate route asks OMS ({@code STOP}, {@code START}, {@code DELETE}), or null for nothing. */
    public static final String OPERATION_CALL = "omsOperationCall";
    /** Property: true while the submit route works on a task group's request ({@code "group": true}). */
    public static final String GROUP = "omsGroup";
    /** Property: the task group OMS made (or an earlier attempt made) for the request. */
    public static final String GROUP_ID = "omsGroupId";
    /** Property: the claim ({@code io.omsbridge.model.Claim}) the submit route works under. */
    public static final String CLAIM = "omsClaim";
    /** Property: the ledger record claimed for submission. */
    public static final String CLAIMED = "omsClaimed";
    /** Property: when the claim's lease ends, once renewed (epoch ms). */
    public static final String LEASE_UNTIL = "omsLeaseUntil";
    /** Property: true while this attempt holds a slot of the creates cap. */
    public static final String CREATE_SLOT = "omsCreateSlot";
    /** Property: the IAM token the last OMS call carried, so a 401 drops exactly that one (never logged). */
    public static final String TOKEN_USED = "omsTokenUsed";
    /** Property: the event delivery being published ({@code io.omsbridge.publish.EventPublisher.Delivery}). */
    public static final String EVENT_DELIVERY = "omsEventDelivery";
    /** Property: the endpoint URI the event goes to now; null when that endpoint is down. */
    public static final String EVENT_ENDPOINT = "omsEventEndpoint";

    /** Header on a request message: the request id to use when the body has none. */
    public static final String HEADER_REQUEST_ID = "requestId";
    /** Header on a dead-lettered request message: why it was refused. */
    public static final String HEADER_REJECT_REASON = "omsBridgeRejectReason";
    /** Header on a dead-lettered request message: the problems as JSON. */
    public static final String HEADER_REJECT_PROBLEMS = "omsBridgeRejectProblems";
    /** HTTP header carrying the IAM token to OMS. */
    public static final String AUTH_TOKEN = "X-Auth-Token";

    private BridgeConstants() {
    }
}
