package io.omsbridge.intake;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.omsbridge.ledger.Ledger;
import io.omsbridge.model.AcceptOutcome;
import io.omsbridge.model.BridgeConstants;
import io.omsbridge.model.Problem;
import io.omsbridge.model.ReceivedRequest;
import io.omsbridge.model.RequestSource;
import io.omsbridge.publish.ReplyDestination;
import io.omsbridge.publish.ReplyPolicy;
import io.omsbridge.request.InputReader;
import io.omsbridge.request.RequestIds;
import io.omsbridge.request.SecretRedaction;
import io.omsbridge.submit.ClaimBudget;
import io.omsbridge.text.Texts;
import java.io.File;
import java.io.IOException;
import java.io.InputStream;
import java.nio.ByteBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.Set;
import org.apache.camel.Exchange;
import org.apache.camel.ExchangePattern;
import org.apache.camel.ExchangeProperty;
import org.apache.camel.ExchangePropertyKey;
import org.apache.camel.Message;
import org.apache.camel.component.file.GenericFile;
import org.apache.camel.component.jms.JmsMessage;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The steps of the inbox routes: each entry reads its input into an {@link InboxBatch} ({@link #readFile},
 * {@link #readMessage}, {@link #readEmbedded}; the API reads its own), the one accept route ({@code oms-accept})
 * records the batch in the ledger in one transaction ({@link #record}: only then is the file moved or the message
 * acknowledged), and each entry says what happened in its own way (a report, a dead letter, an acknowledgement).
 */
public final class InboxSteps {

    private static final Logger LOG = LoggerFactory.getLogger(InboxSteps.class);
    private static final Logger REQUESTS = LoggerFactory.getLogger(BridgeConstants.REQUEST_LOG);
    /** Fields named per rejected request in its log line; a report has them all. */
    private static final int LOGGED_FIELDS = 10;

    private final InputReader intakes;
    private final Ledger ledger;
    private final ObjectMapper mapper;
    private final Acknowledgements acks;
    private final InProcessInput inProcess;
    private final ReplyPolicy replies;
    private final int maxDeliveryAttempts;
    private final ClaimBudget claims;

    /** {@code claims}: how many new requests may be claimed as they are accepted; the rest wait unclaimed. */
    public InboxSteps(
            InputReader intakes,
            Ledger ledger,
            ObjectMapper mapper,
            ReplyPolicy replies,
            int maxDeliveryAttempts,
            ClaimBudget claims) {
        this.claims = claims;
        this.intakes = intakes;
        this.ledger = ledger;
        this.mapper = mapper;
        this.acks = new Acknowledgements(mapper);
        this.inProcess = new InProcessInput(intakes);
        this.replies = replies;
        this.maxDeliveryAttempts = maxDeliveryAttempts;
    }

    /** An inbox file, in {@code .inflight} now: a {@code .json} is one request, a {@code .jsonl} one a line. */
    public InboxBatch readFile(Exchange exchange) throws IOException {
        Message in = exchange.getMessage();
        String name = in.getHeader(Exchange.FILE_NAME_ONLY, String.class);
        long size = in.getHeader(Exchange.FILE_LENGTH, 0L, Long.class);
        File file = fileOf(exchange);
        // the size check comes before reading, and the read stops past the limit: a file that grew since it was
        // listed is refused as well, without loading it
        byte[] bytes = size > intakes.maxBytes() ? new byte[0] : read(file, in, intakes.maxBytes());
        return new InboxBatch(
                name,
                RequestSource.FILE,
                intakes.fromFile(name, bytes, size == 0 && file == null ? bytes.length : size),
                bytes);
    }

    /** After the file's requests are recorded: the file keeps no inline secret, and the log says what became of it. */
    public void fileRecorded(
            InboxBatch batch, @ExchangeProperty(BridgeConstants.INBOX_OUTCOME) InboxOutcome outcome, Exchange exchange)
            throws IOException {
        keepWithoutSecrets(fileOf(exchange), batch.name(), batch.input());
        long duplicates = outcome.count(AcceptOutcome.Kind.DUPLICATE);
        long rejected = outcome.count(AcceptOutcome.Kind.REJECTED);
        if (duplicates + rejected > 0) {
            LOG.info(
                    "inbox file {}: {} accepted, {} duplicate, {} rejected",
                    batch.name(),
                    outcome.count(AcceptOutcome.Kind.ACCEPTED),
                    duplicates,
                    rejected);
        } else {
            LOG.debug("inbox file {}: {} accepted", batch.name(), outcome.count(AcceptOutcome.Kind.ACCEPTED));
        }
    }

    /**
     * The file where the consumer put it ({@code .inflight}), or null when the input is not a local file: the body of
     * the consumer's file (its {@code getFile()} is where it was listed, before the move), else the message's body.
     */
    private static File fileOf(Exchange exchange) {
        GenericFile<?> file = exchange.getProperty(ExchangePropertyKey.FILE_EXCHANGE_FILE, GenericFile.class);
        Object body = file != null ? file.getBody() : exchange.getMessage().getBody();
        return body instanceof File local ? local : null;
    }

    /**
     * A message from the request queue, read with its id (the {@code requestId} header, else the message id) and its
     * reply destination; one the reply policy refuses is dropped here (an in-only exchange gets no JMS reply).
     */
    public InboxBatch readMessage(Exchange exchange) throws Exception {
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
        ReceivedRequest intake = header != null
                        && !RequestIds.EXPLICIT.matcher(header).matches()
                ? intakes.badRequestIdHeader(requestId, RequestSource.QUEUE, "jms:" + messageId, replyTo, header, bytes)
                : body.bytes() == null
                        ? intakes.tooLargeMessage(requestId, "jms:" + messageId, replyTo, body.size())
                        : intakes.fromMessage(requestId, bytes, "jms:" + messageId, replyTo);
        if (refused.isPresent()) {
            LOG.warn(
                    "request {}: its JMSReplyTo {} is refused ({}); it gets no acknowledgement and no events, the"
                            + " request itself is handled as any other",
                    intake.requestId(),
                    offered,
                    refused.get());
        }
        return InboxBatch.of(requestId, intake, bytes);
    }

    /**
     * Body out: what a rejected request message leaves in the dead-letter queue, the message as it came without its
     * inline secrets (a message too large to read keeps nothing), with why in its headers.
     */
    public Object rejectedMessage(
            InboxBatch batch, @ExchangeProperty(BridgeConstants.INBOX_OUTCOME) InboxOutcome outcome, Exchange exchange)
            throws Exception {
        Message in = exchange.getMessage();
        in.setHeader(
                BridgeConstants.HEADER_REJECT_REASON, outcome.problems().get(0).toString());
        in.setHeader(BridgeConstants.HEADER_REJECT_PROBLEMS, acks.problemsOf(outcome));
        return asSent(SecretRedaction.redact(batch.input(), false).orElse(batch.input()));
    }

    /** A request handed over in-process by an embedding application ({@code direct:oms-migration-request}). */
    public InboxBatch readEmbedded(Exchange exchange) {
        return inProcess.read(exchange.getMessage(), RequestSource.EMBEDDED, exchange.getExchangeId());
    }

    /** Body out: the acknowledgement of a message or an in-process request (accepted, duplicate or rejected). */
    public String acknowledgement(@ExchangeProperty(BridgeConstants.INBOX_OUTCOME) InboxOutcome outcome)
            throws Exception {
        return acks.of(outcome);
    }

    /**
     * True on the last delivery the broker makes of a message ({@code broker.max-delivery-attempts}): the bridge then
     * dead-letters it itself, without its inline secrets, instead of leaving the broker to move it as it came.
     */
    public boolean lastDelivery(Exchange exchange) throws Exception {
        var jms = exchange.getMessage() instanceof JmsMessage m ? m.getJmsMessage() : null;
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
        LOG.error(
                "request message {} failed {} times; it goes to the dead-letter queue without its inline keys",
                in.getHeader("JMSMessageID"),
                maxDeliveryAttempts,
                cause);
        in.setHeader(
                BridgeConstants.HEADER_REJECT_REASON,
                "the bridge failed on this message " + maxDeliveryAttempts + " times ("
                        + (cause == null ? "unknown error" : cause.getClass().getSimpleName()) + ")");
        in.removeHeader("JMSReplyTo");
        return body.bytes() == null
                ? ""
                : asSent(SecretRedaction.redact(body.bytes(), false).orElse(body.bytes()));
    }

    /** A dead letter is text (a text message) when its bytes are UTF-8, as request messages are; else bytes. */
    private static Object asSent(byte[] bytes) {
        try {
            return StandardCharsets.UTF_8
                    .newDecoder()
                    .decode(ByteBuffer.wrap(bytes))
                    .toString();
        } catch (CharacterCodingException notText) {
            return bytes;
        }
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
        Optional<byte[]> redacted =
                SecretRedaction.redact(bytes, name.toLowerCase(Locale.ROOT).endsWith(".jsonl"));
        if (redacted.isPresent()) {
            Path path = file.toPath();
            Path tmp = path.resolveSibling(InboxRecovery.REDACTING_PREFIX + path.getFileName());
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
        report.putArray("problems")
                .addObject()
                .putNull("request_id")
                .putNull("line")
                .putNull("field")
                .put(
                        "message",
                        "the bridge failed on this file ("
                                + (cause == null
                                        ? "unknown error"
                                        : cause.getClass().getSimpleName())
                                + "); requests it had already recorded go on, drop the"
                                + " file again to retry the rest");
        return mapper.writerWithDefaultPrettyPrinter().writeValueAsString(report);
    }

    /** The report {@code <name>.error.json} written beside a file moved to {@code .failed/}. */
    public String report(@ExchangeProperty(BridgeConstants.INBOX_OUTCOME) InboxOutcome outcome) throws Exception {
        return acks.report(outcome);
    }

    /**
     * The accept route's step: records every request of the batch in the ledger in one transaction, claiming new ones
     * as far as the claim budget allows. Sets {@link BridgeConstants#INBOX_OUTCOME}, {@link BridgeConstants#CLAIMS},
     * {@link BridgeConstants#ANY_REJECTED}, {@link BridgeConstants#ANY_DUPLICATE} and
     * {@link BridgeConstants#OPERATIONS_ACCEPTED}; the body (the batch) stays for the entry's own steps.
     */
    public void record(InboxBatch input, Exchange exchange) {
        List<ReceivedRequest> batch = input.requests();
        int room = claims.reserve(batch.size());
        InboxOutcome outcome;
        try {
            outcome = new InboxOutcome(input.name(), input.source(), ledger.accept(batch, room));
        } catch (RuntimeException e) {
            claims.release(room);
            throw e;
        }
        int claimed = outcome.claims().size();
        claims.release(room - claimed);
        if (outcome.outcomes().stream()
                .anyMatch(o -> o.kind() == AcceptOutcome.Kind.ACCEPTED && !o.forOperation() && o.claim() == null)) {
            claims.leftWaiting();
        }
        for (int i = 0; i < batch.size(); i++) {
            logged(batch.get(i), outcome.outcomes().get(i));
        }
        exchange.setProperty(BridgeConstants.INBOX_OUTCOME, outcome);
        exchange.setProperty(BridgeConstants.CLAIMS, outcome.claims());
        exchange.setProperty(BridgeConstants.ANY_REJECTED, outcome.anyRejected());
        exchange.setProperty(BridgeConstants.ANY_DUPLICATE, outcome.anyDuplicate());
        exchange.setProperty(
                BridgeConstants.OPERATIONS_ACCEPTED,
                outcome.outcomes().stream().anyMatch(o -> o.forOperation() && o.kind() == AcceptOutcome.Kind.ACCEPTED));
    }

    /** One line per request the ledger now holds: INFO accepted or duplicate, WARN rejected with its fields. */
    private static void logged(ReceivedRequest in, AcceptOutcome o) {
        String what = o.forOperation()
                ? "operation " + o.requestId() + " on request "
                        + (o.migrationId().isEmpty() ? "(none named)" : o.migrationId())
                : "request " + o.requestId();
        String source = in.source().name().toLowerCase(Locale.ROOT);
        // a file's name and line or a message's id say where to look; an in-process origin is only an exchange id
        String from = in.source() == RequestSource.FILE
                        || in.source() == RequestSource.QUEUE
                        || in.source() == RequestSource.KAFKA
                ? source + " " + in.origin()
                : source;
        switch (o.kind()) {
            case ACCEPTED -> REQUESTS.info("{} accepted from {}", what, from);
            case DUPLICATE ->
                REQUESTS.info(
                        "{} from {} is a duplicate: already {}{}",
                        what,
                        from,
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
        Set<String> fields = new LinkedHashSet<>();
        for (Problem p : problems) {
            String message = p.message() == null ? "" : p.message();
            fields.add(
                    p.field() != null
                            ? p.field()
                            : Texts.cut(
                                    message.contains(":") ? message.substring(0, message.indexOf(':')) : message, 80));
        }
        List<String> shown = fields.stream().limit(LOGGED_FIELDS).toList();
        return "fields " + String.join(", ", shown)
                + (fields.size() > shown.size() ? " and " + (fields.size() - shown.size()) + " more" : "");
    }
}
