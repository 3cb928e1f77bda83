package io.omsbridge.intake;

import io.omsbridge.model.AcceptOutcome;
import io.omsbridge.model.BridgeConstants;
import io.omsbridge.model.RequestSource;
import io.omsbridge.request.InputReader;
import io.omsbridge.request.SecretRedaction;
import java.util.ArrayList;
import java.util.List;
import org.apache.camel.Exchange;
import org.apache.camel.ExchangeProperty;
import org.apache.camel.Message;

/**
 * The steps of the Kafka inbox ({@code routes/inbox-kafka.camel.yaml}): a batch of records read into an
 * {@link InboxBatch} (one request a record), and its rejected records made into dead letters for {@code <topic>.DLT}.
 */
public final class KafkaInbox {

    private final InputReader intakes;
    private final Acknowledgements acks;

    public KafkaInbox(InputReader intakes, Acknowledgements acks) {
        this.intakes = intakes;
        this.acks = acks;
    }

    /** Body in: camel-kafka's batch (one exchange per record). Out: its requests, all recorded in one transaction. */
    public InboxBatch read(@ExchangeProperty(BridgeConstants.KAFKA_RECORDS) List<?> batch) {
        List<KafkaRecord> records = KafkaRecord.of(batch, intakes.maxBytes());
        return new InboxBatch(
                records.isEmpty() ? "kafka" : records.get(0).origin(),
                RequestSource.KAFKA,
                records.stream().map(r -> r.intake(intakes)).toList(),
                new byte[0]);
    }

    /** The batch's rejected records, without their inline secrets, with why each was refused. */
    public List<KafkaDeadLetter> rejected(
            @ExchangeProperty(BridgeConstants.KAFKA_RECORDS) List<?> batch,
            @ExchangeProperty(BridgeConstants.INBOX_OUTCOME) InboxOutcome outcome)
            throws Exception {
        List<KafkaRecord> records = KafkaRecord.of(batch, intakes.maxBytes());
        List<KafkaDeadLetter> dead = new ArrayList<>();
        for (int i = 0; i < records.size(); i++) {
            AcceptOutcome o = outcome.outcomes().get(i);
            if (o.kind() == AcceptOutcome.Kind.REJECTED) {
                KafkaRecord r = records.get(i);
                byte[] bytes = r.bytes() == null ? new byte[0] : r.bytes();
                dead.add(new KafkaDeadLetter(
                        r.key(),
                        SecretRedaction.redact(bytes, false).orElse(bytes),
                        o.problems().get(0).toString(),
                        acks.problemsOf(new InboxOutcome(r.origin(), RequestSource.KAFKA, List.of(o))),
                        r.origin()));
            }
        }
        return dead;
    }

    /** Body in: a dead letter. Out: its bytes, with the reasons and the record's key and place as headers. */
    public byte[] deadLetter(KafkaDeadLetter dead, Exchange exchange) {
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
}
