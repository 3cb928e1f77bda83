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

    /** Property: the claims ({@code io.omsbridge.model.Claim}) of newly accepted requests, for the submit route. */
    public static final String CLAIMS = "omsClaims";
    /** Property: the outcome of an inbox file or message ({@code io.omsbridge.intake.InboxOutcome}). */
    public static final String INBOX_OUTCOME = "omsInboxOutcome";
    /** Property: true when any request of the input was rejected (the file goes to .failed, the message to the DLQ). */
    public static final String ANY_REJECTED = "omsAnyRejected";
    /** Property: true when any request of the input was already known (a report names the existing tasks). */
    public static final String ANY_DUPLICATE = "omsAnyDuplicate";
    /** Property: where an inbox file moves when done: {@code .done} or {@code .failed}. */
    public static final String INBOX_TARGET = "omsInboxTarget";
    /** Property: the records of a Kafka batch (camel-kafka's, one exchange each), kept for their dead letters and
     * commit. */
    public static final String KAFKA_RECORDS = "omsKafkaRecords";
    /** Property: true when the input held an operation request that was accepted (the operate route is woken). */
    public static final String OPERATIONS_ACCEPTED = "omsOperationsAccepted";
    /** Property: the operation claim ({@code io.omsbridge.ledger.OperationLedger.OperationClaim}) being applied. */
    public static final String OPERATION = "omsOperation";
    /** Property: the claim being submitted and what its tries found ({@code io.omsbridge.submit.SubmitAttempt}). */
    public static final String ATTEMPT = "omsAttempt";
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
    /** Header on a dead-lettered Kafka record: where the record lay ({@code kafka:topic-partition-offset}). */
    public static final String HEADER_REJECT_ORIGIN = "omsBridgeRejectOrigin";

    private BridgeConstants() {}
}
