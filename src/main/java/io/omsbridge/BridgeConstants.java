package io.omsbridge;

/**
 * Names of the exchange properties and headers the routes and beans share, with one prefix each. Internal state
 * travels in exchange properties, never in headers, so none of it can leak into an HTTP call to OMS.
 */
public final class BridgeConstants {

    /** Property: the request id being handled. */
    public static final String REQUEST_ID = "omsRequestId";
    /** Property: the project of the request being handled (URL and token scope). */
    public static final String PROJECT_ID = "omsProjectId";
    /** Property: ids the inbox routes accepted, handed one by one to the submit route. */
    public static final String ACCEPTED_IDS = "omsAcceptedIds";
    /** Property: the outcome of an inbox file or message ({@code io.omsbridge.request.InboxOutcome}). */
    public static final String INBOX_OUTCOME = "omsInboxOutcome";
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
    /** Property: the ledger record claimed for submission. */
    public static final String CLAIMED = "omsClaimed";
    /** Property: the event delivery being published ({@code io.omsbridge.event.EventPublisher.Delivery}). */
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
