package io.omsbridge.intake;

import java.io.File;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.List;
import java.util.Optional;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.omsbridge.ledger.Ledger;
import io.omsbridge.model.AcceptOutcome;
import io.omsbridge.model.BridgeConstants;
import io.omsbridge.model.Intake;
import io.omsbridge.model.Problem;
import io.omsbridge.model.RequestSource;
import io.omsbridge.request.Intakes;
import io.omsbridge.request.RequestIds;
import io.omsbridge.request.SecretRedaction;
import io.omsbridge.submit.ClaimBudget;
import org.apache.camel.Exchange;
import org.apache.camel.ExchangePattern;
import org.apache.camel.ExchangeProperty;
import org.apache.camel.Message;
import org.apache.camel.component.jms.JmsMessage;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The steps of the one accept route ({@code oms-accept}) every inbox enters: read the input (a file, a message, an
 * in-process body), parse and validate each request, record them all in the ledger in one transaction (only then is
 * the file moved or the message acknowledged), and say what happened.
 */
public final class InboxSteps {

    private static final Logger LOG = LoggerFactory.getLogger(InboxSteps.class);
    private static final Logger REQUESTS = LoggerFactory.getLogger(BridgeConstants.REQUEST_LOG);
    /** Fields named per rejected request in its log line; a report has them all. */
    private static final int LOGGED_FIELDS = 10;

    private final Intakes intakes;
    private final Ledger ledger;
    private final ObjectMapper mapper;
    private final ReplyPolicy replies;
    private final int maxDeliveryAttempts;
    private final ClaimBudget claims;

    /** {@code claims}: how many new requests may be claimed as they are accepted; the rest wait unclaimed. */
    public InboxSteps(Intakes intakes, Ledger ledger, ObjectMapper mapper, ReplyPolicy replies,
            int maxDeliveryAttempts, ClaimBudget claims) {
        this.claims = claims;
        this.intakes = intakes;
        this.ledger = ledger;
        this.mapper = mapper;
        this.replies = replies;
        this.maxDeliveryAttempts = maxDeliveryAttempts;
    }

    /**
     * The input of any inbox, by its {@link BridgeConstants#SOURCE}. Sets {@link BridgeConstants#INBOX_OUTCOME},
     * {@link BridgeConstants#CLAIMS}, {@link BridgeConstants#ANY_REJECTED}, {@link BridgeConstants#ANY_DUPLICATE}, and
     * for a message or an in-process request the acknowledgement {@link BridgeConstants#ACK}.
     */
    public void accept(Exchange exchange) throws Exception {
        // read as text: Camel's String-to-enum conversion searches the type converters on every call
        String source = exchange.getProperty(BridgeConstants.SOURCE, String.class);
        if (source == null) {
            throw new IllegalStateException("the route that sent this to oms-accept did not set " + BridgeConstants.SOURCE);
        }
        switch (RequestSource.valueOf(source)) {
            case FILE -> acceptFile(exchange);
            case QUEUE -> acceptMessage(exchange);
            case EMBEDDED -> acceptInProcess(exchange, RequestSource.EMBEDDED, "direct:" + exchange.getExchangeId());
            case HTTP -> acceptInProcess(exchange, RequestSource.HTTP, "http:" + exchange.getExchangeId());
            case KAFKA -> acceptRecords(exchange);
        }
    }

    private InboxOutcome acceptFile(Exchange exchange) throws IOException {
        Message in = exchange.getMessage();
        String name = in.getHeader(Exchange.FILE_NAME_ONLY, String.class);
        long size = in.getHeader(Exchange.FILE_LENGTH, 0L, Long.class);
        // the file where the consumer put it (.inflight): the body of a file message is that java.io.File
        File file = in.getBody() instanceof File local ? local : null;
        // the size check comes before reading, and the read stops past the limit: a file that grew since it was
        // listed is refused as well, without loading it
        byte[] bytes = size > intakes.maxBytes() ? new byte[0] : read(file, in, intakes.maxBytes());
        InboxOutcome outcome = record(name, intakes.fromFile(name, bytes, size == 0 && file == null ? bytes.length
                : size), exchange);
        keepWithoutSecrets(file, name, bytes);
        long duplicates = count(outcome, AcceptOutcome.Kind.DUPLICATE);
        long rejected = count(outcome, AcceptOutcome.Kind.REJECTED);
        if (duplicates + rejected > 0) {
            LOG.info("inbox file {}: {} accepted, {} duplicate, {} rejected", name,
                    count(outcome, AcceptOutcome.Kind.ACCEPTED), duplicates, rejected);
        } else {
            LOG.debug("inbox file {}: {} accepted", name, count(outcome, AcceptOutcome.Kind.ACCEPTED));
        }
        return outcome;
    }

    /**
     * A message from the request queue. The body stays (a rejected message is dead-lettered as it came); the
     * acknowledgement, sent back when JMSReplyTo is set, goes to the {@code omsAck} property.
     */
    private void acceptMessage(Exchange exchange) throws Exception {
        Message in = exchange.getMessage();
        String header = in.getHeader(BridgeConstants.HEADER_REQUEST_ID, String.class);
        String messageId = in.getHeader("JMSMessageID", String.class);
        String requestId = RequestIds.fromMessage(header, messageId);
        String offered = ReplyDestination.describe(in.getHeader("JMSReplyTo"));
        Optional<String> refused = replies.refusal(offered);
        String replyTo = refused.isEmpty() ? offered : null;
        if (refused.isPresent()) {
            // no acknowledgement goes there either: an in-only exchange gets no JMS reply
            exchange.setPattern(ExchangePattern.InOnly);
            in.removeHeader("JMSReplyTo");
        }
        MessageBody body = MessageBody.of(in, intakes.maxBytes());
        byte[] bytes = body.bytes() == null ? new byte[0] : body.bytes();
        Intake intake = header != null && !RequestIds.EXPLICIT.matcher(header).matches()
                ? intakes.badRequestIdHeader(requestId, RequestSource.QUEUE, "jms:" + messageId, replyTo, header, bytes)
                : body.bytes() == null ? intakes.tooLargeMessage(requestId, "jms:" + messageId, replyTo, body.size())
                : intakes.fromMessage(requestId, bytes, "jms:" + messageId, replyTo);
        InboxOutcome outcome = record(requestId, List.of(intake), exchange);
        if (refused.isPresent()) {
            LOG.warn("request {}: its JMSReplyTo {} is refused ({}); it gets no acknowledgement and no events, the"
                    + " request itself is handled as any other", intake.requestId(), offered, refused.get());
        }
        if (outcome.anyRejected()) {
            in.setHeader(BridgeConstants.HEADER_REJECT_REASON, outcome.problems().get(0).toString());
            in.setHeader(BridgeConstants.HEADER_REJECT_PROBLEMS, mapper.writeValueAsString(
                    problems(outcome.outcomes())));
            // the dead letter keeps the message but its inline secrets (a message too large to read keeps nothing)
            exchange.setProperty(BridgeConstants.DEAD_LETTER, asSent(SecretRedaction.redact(bytes, false)
                    .orElse(bytes)));
        }
        exchange.setProperty(BridgeConstants.ACK, acknowledgement(outcome));
    }

    /**
     * A batch of Kafka records (camel-kafka's batching: the body is one exchange per record), all recorded in one
     * transaction. The rejected ones go to {@link BridgeConstants#KAFKA_DEAD_LETTERS} for {@code <topic>.DLT}.
     */
    private void acceptRecords(Exchange exchange) throws Exception {
        List<KafkaRecord> records = KafkaRecord.of(exchange.getMessage().getBody(List.class), intakes.maxBytes());
        if (records.isEmpty()) {
            exchange.setProperty(BridgeConstants.KAFKA_DEAD_LETTERS, List.of());
            return;
        }
        List<Intake> batch = records.stream().map(r -> r.intake(intakes)).toList();
        InboxOutcome outcome = record(records.get(0).origin(), batch, exchange);
        List<KafkaDeadLetter> dead = new java.util.ArrayList<>();
        for (int i = 0; i < records.size(); i++) {
            AcceptOutcome o = outcome.outcomes().get(i);
            if (o.kind() == AcceptOutcome.Kind.REJECTED) {
                KafkaRecord r = records.get(i);
                byte[] bytes = r.bytes() == null ? new byte[0] : r.bytes();
                dead.add(new KafkaDeadLetter(r.key(), SecretRedaction.redact(bytes, false).orElse(bytes),
                        o.problems().get(0).toString(), mapper.writeValueAsString(problems(List.of(o))), r.origin()));
            }
        }
        exchange.setProperty(BridgeConstants.KAFKA_DEAD_LETTERS, dead);
    }

    /** Body in: a dead letter. Out: its bytes, with the reasons and the record's key and place as headers. */
    public byte[] kafkaDeadLetter(KafkaDeadLetter dead, Exchange exchange) {
        Message out = exchange.getMessage();
        out.removeHeaders("*");
        if (dead.key() != null) {
            out.setHeader(KafkaRecord.KEY, dead.key());
        }
        out.setHeader(BridgeConstants.HEADER_REJECT_REASON, dead.reason());
        out.setHeader(BridgeConstants.HEADER_REJECT_PROBLEMS, dead.problems());
        out.setHeader(BridgeConstants.HEADER_REJECT_ORIGIN, dead.origin());
        return dead.body();
    }

    /**
     * True on the last delivery the broker makes of a message ({@code broker.max-delivery-attempts}): the bridge then
     * dead-letters it itself, without its inline secrets, instead of leaving the broker to move it as it came.
     */
    public boolean lastDelivery(Exchange exchange) throws Exception {
        jakarta.jms.Message jms = exchange.getMessage() instanceof JmsMessage m ? m.getJmsMessage() : null;
        if (jms == null || !jms.propertyExists("JMSXDeliveryCount")) {
            return false;
        }
        return jms.getIntProperty("JMSXDeliveryCount") >= maxDeliveryAttempts;
    }

    /** Body out: the failing message without its inline secrets, with why it failed, for the dead-letter queue. */
    public Object deadLetter(Exchange exchange) throws Exception {
        Throwable cause = exchange.getProperty(Exchange.EXCEPTION_CAUGHT, Throwable.class);
        Message in = exchange.getMessage();
        MessageBody body = MessageBody.of(in, intakes.maxBytes());
        LOG.error("request message {} failed {} times; it goes to the dead-letter queue without its inline keys",
                in.getHeader("JMSMessageID"), maxDeliveryAttempts, cause);
        in.setHeader(BridgeConstants.HEADER_REJECT_REASON, "the bridge failed on this message " + maxDeliveryAttempts
                + " times (" + (cause == null ? "unknown error" : cause.getClass().getSimpleName()) + ")");
        in.removeHeader("JMSReplyTo");
        return body.bytes() == null ? "" : asSent(SecretRedaction.redact(body.bytes(), false).orElse(body.bytes()));
    }

    /** A dead letter is text (a text message) when its bytes are UTF-8, as request messages are; else bytes. */
    private static Object asSent(byte[] bytes) {
        try {
            return java.nio.charset.StandardCharsets.UTF_8.newDecoder().decode(java.nio.ByteBuffer.wrap(bytes))
                    .toString();
        } catch (java.nio.charset.CharacterCodingException notText) {
            return bytes;
        }
    }

    /**
     * A request handed over in-process, or posted to the HTTP API; the acknowledgement goes to the {@code omsAck}
     * property. Without a {@code requestId} header (or {@code request_id} in the body) the exchange id is used, which a
     * retry does not keep: callers that may resend should give one (the API insists on one).
     */
    private void acceptInProcess(Exchange exchange, RequestSource source, String origin) throws Exception {
        Message in = exchange.getMessage();
        String header = in.getHeader(BridgeConstants.HEADER_REQUEST_ID, String.class);
        String requestId = RequestIds.fromMessage(header, exchange.getExchangeId());
        String text = in.getBody(String.class);
        Intake intake = header != null && !RequestIds.EXPLICIT.matcher(header).matches()
                ? intakes.badRequestIdHeader(requestId, source, origin, null, header,
                        text == null ? new byte[0] : text.getBytes(java.nio.charset.StandardCharsets.UTF_8))
                : intakes.fromText(requestId, text == null ? "" : text, source, origin);
        InboxOutcome outcome = record(requestId, List.of(intake), exchange);
        exchange.setProperty(BridgeConstants.ACK, acknowledgement(outcome));
    }

    /**
     * A local file is read straight from disk (Camel's GenericFile-to-bytes conversion searches converters each time),
     * at most one byte past the limit.
     */
    private static byte[] read(File file, Message in, long max) throws IOException {
        if (file != null) {
            try (InputStream stream = Files.newInputStream(file.toPath())) {
                return stream.readNBytes((int) Math.min(Integer.MAX_VALUE - 8, max + 1));
            }
        }
        return in.getBody(byte[].class);
    }

    /**
     * The copy of the file that moves to {@code .done/} or {@code .failed/} keeps no inline secret: the file (already
     * in the ledger) is replaced in {@code .inflight/} by its redacted text before Camel moves it.
     */
    private static void keepWithoutSecrets(File file, String name, byte[] bytes) throws IOException {
        if (file == null || bytes.length == 0) {
            return;
        }
        Optional<byte[]> redacted = SecretRedaction.redact(bytes, name.toLowerCase(java.util.Locale.ROOT)
                .endsWith(".jsonl"));
        if (redacted.isPresent()) {
            Path path = file.toPath();
            Path tmp = path.resolveSibling(".redacting-" + path.getFileName());
            Files.write(tmp, redacted.get());
            Files.move(tmp, path, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
        }
    }

    /** The bridge failed on a file (not the file's fault): it goes to {@code .failed/} with a report that says so. */
    public String unexpected(Exchange exchange) throws Exception {
        Throwable cause = exchange.getProperty(Exchange.EXCEPTION_CAUGHT, Throwable.class);
        String name = exchange.getMessage().getHeader(Exchange.FILE_NAME_ONLY, String.class);
        LOG.error("inbox file {}: the bridge failed on it; it moves to .failed", name, cause);
        exchange.setProperty(BridgeConstants.INBOX_TARGET, ".failed");
        ObjectNode report = mapper.createObjectNode().put("file", name);
        report.putArray("problems").addObject().putNull("request_id").putNull("line").putNull("field")
                .put("message", "the bridge failed on this file (" + (cause == null ? "unknown error"
                        : cause.getClass().getSimpleName()) + "); requests it had already recorded go on, drop the"
                        + " file again to retry the rest");
        return mapper.writerWithDefaultPrettyPrinter().writeValueAsString(report);
    }

    /** The report {@code <name>.error.json} written beside a file moved to {@code .failed/}. */
    public String report(@ExchangeProperty(BridgeConstants.INBOX_OUTCOME) InboxOutcome outcome) throws Exception {
        ObjectNode report = mapper.createObjectNode().put("file", outcome.name());
        report.put("accepted", count(outcome, AcceptOutcome.Kind.ACCEPTED))
                .put("duplicates", count(outcome, AcceptOutcome.Kind.DUPLICATE))
                .put("rejected", count(outcome, AcceptOutcome.Kind.REJECTED));
        report.set("problems", problems(outcome.outcomes()));
        return mapper.writerWithDefaultPrettyPrinter().writeValueAsString(report);
    }

    private InboxOutcome record(String name, List<Intake> batch, Exchange exchange) {
        int room = claims.reserve(batch.size());
        InboxOutcome outcome;
        try {
            outcome = new InboxOutcome(name, ledger.accept(batch, room));
        } catch (RuntimeException e) {
            claims.release(room);
            throw e;
        }
        int claimed = outcome.claims().size();
        claims.release(room - claimed);
        if (outcome.outcomes().stream().anyMatch(o -> o.kind() == AcceptOutcome.Kind.ACCEPTED && !o.forOperation()
                && o.claim() == null)) {
            claims.leftWaiting();
        }
        for (int i = 0; i < batch.size(); i++) {
            logged(batch.get(i), outcome.outcomes().get(i));
        }
        exchange.setProperty(BridgeConstants.INBOX_OUTCOME, outcome);
        exchange.setProperty(BridgeConstants.CLAIMS, outcome.claims());
        exchange.setProperty(BridgeConstants.ANY_REJECTED, outcome.anyRejected());
        exchange.setProperty(BridgeConstants.ANY_DUPLICATE, outcome.anyDuplicate());
        exchange.setProperty(BridgeConstants.OPERATIONS_ACCEPTED, outcome.outcomes().stream().anyMatch(o ->
                o.forOperation() && o.kind() == AcceptOutcome.Kind.ACCEPTED));
        return outcome;
    }

    /** One line per request the ledger now holds: INFO accepted or duplicate, WARN rejected with its fields. */
    private static void logged(Intake in, AcceptOutcome o) {
        String what = o.forOperation() ? "operation " + o.requestId() + " on request "
                + (o.migrationId().isEmpty() ? "(none named)" : o.migrationId()) : "request " + o.requestId();
        String source = in.source().name().toLowerCase(java.util.Locale.ROOT);
        // a file's name and line or a message's id say where to look; an in-process origin is only an exchange id
        String from = in.source() == RequestSource.FILE || in.source() == RequestSource.QUEUE
                || in.source() == RequestSource.KAFKA ? source + " "
                + in.origin() : source;
        switch (o.kind()) {
            case ACCEPTED -> REQUESTS.info("{} accepted from {}", what, from);
            case DUPLICATE -> REQUESTS.info("{} from {} is a duplicate: already {}{}", what, from,
                    o.existingState() == null ? "received" : o.existingState(),
                    o.existingTaskId() == null ? "" : ", task " + o.existingTaskId());
            case REJECTED -> REQUESTS.warn("{} rejected from {}: {}", what, from, atFault(o.problems()));
        }
    }

    /**
     * The fields at fault, never their values; a problem of the whole input by its rule (the words before the first
     * colon: "not valid JSON at line 1, column 9", "too large", "empty"), which never hold a value.
     */
    private static String atFault(List<Problem> problems) {
        java.util.Set<String> fields = new java.util.LinkedHashSet<>();
        for (Problem p : problems) {
            String message = p.message() == null ? "" : p.message();
            fields.add(p.field() != null ? p.field() : io.omsbridge.model.Texts.cut(message.contains(":")
                    ? message.substring(0, message.indexOf(':')) : message, 80));
        }
        List<String> shown = fields.stream().limit(LOGGED_FIELDS).toList();
        return "fields " + String.join(", ", shown) + (fields.size() > shown.size() ? " and "
                + (fields.size() - shown.size()) + " more" : "");
    }

    private String acknowledgement(InboxOutcome outcome) throws Exception {
        AcceptOutcome o = outcome.outcomes().get(0);
        ObjectNode ack = mapper.createObjectNode();
        if (o.forOperation()) {
            // an operation's acknowledgement: its own id, and the migration it acts on
            ack.put("operation_id", o.requestId()).put("request_id", o.migrationId().isEmpty() ? null
                    : o.migrationId());
        } else {
            ack.put("request_id", o.requestId());
        }
        ack.put("status", o.kind().name().toLowerCase());
        if (o.existingTaskId() != null) {
            ack.put("task_id", o.existingTaskId());
        }
        if (o.existingState() != null) {
            ack.put("state", o.existingState().name());
        }
        ack.set("problems", problems(List.of(o)));
        return mapper.writeValueAsString(ack);
    }

    /**
     * Every problem of the outcomes, in input order. An operation's names the migration ({@code request_id}) and the
     * operation ({@code operation_id}) apart: its problems carry the operation's id.
     */
    private ArrayNode problems(List<AcceptOutcome> outcomes) {
        ArrayNode list = mapper.createArrayNode();
        for (AcceptOutcome o : outcomes) {
            for (Problem p : o.problems()) {
                ObjectNode item = list.addObject();
                if (o.forOperation()) {
                    item.put("request_id", o.migrationId().isEmpty() ? null : o.migrationId())
                            .put("operation_id", p.requestId());
                } else {
                    item.put("request_id", p.requestId());
                }
                if (p.line() == null) {
                    item.putNull("line");
                } else {
                    item.put("line", p.line());
                }
                item.put("field", p.field()).put("message", p.message());
            }
        }
        return list;
    }

    private static long count(InboxOutcome outcome, AcceptOutcome.Kind kind) {
        return outcome.outcomes().stream().filter(o -> o.kind() == kind).count();
    }

}
