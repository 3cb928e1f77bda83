package io.omsbridge.intake;

import io.omsbridge.model.ReceivedRequest;
import io.omsbridge.request.InputReader;
import io.omsbridge.request.RequestIds;
import java.util.List;
import org.apache.camel.Exchange;
import org.apache.camel.Message;

/**
 * One record of a batch the Kafka inbox polled: its key, its place in the log and its bytes ({@code null} when over the
 * size limit). Read from the headers camel-kafka sets, by name, so this class needs no Kafka class at all.
 */
public record KafkaRecord(String key, String topic, int partition, long offset, byte[] bytes, long size) {

    /** camel-kafka's record headers ({@code KafkaConstants}). */
    static final String KEY = "kafka.KEY";

    static final String TOPIC = "kafka.TOPIC";
    static final String PARTITION = "kafka.PARTITION";
    static final String OFFSET = "kafka.OFFSET";

    /** The records of a batch exchange's body (one exchange per record, as camel-kafka's batching hands them). */
    public static List<KafkaRecord> of(List<?> batch, long maxBytes) {
        return batch.stream()
                .map(Exchange.class::cast)
                .map(e -> of(e.getMessage(), maxBytes))
                .toList();
    }

    private static KafkaRecord of(Message m, long maxBytes) {
        byte[] bytes = m.getBody(byte[].class);
        long size = bytes == null ? 0 : bytes.length;
        return new KafkaRecord(
                m.getHeader(KEY, String.class),
                m.getHeader(TOPIC, String.class),
                m.getHeader(PARTITION, 0, Integer.class),
                m.getHeader(OFFSET, 0L, Long.class),
                size > maxBytes ? null : bytes == null ? new byte[0] : bytes,
                size);
    }

    /** Where the record lies, for the ledger's origin, the log and the dead letter: {@code kafka:topic-p-offset}. */
    public String origin() {
        return "kafka:" + topic + "-" + partition + "-" + offset;
    }

    public String requestId() {
        return RequestIds.fromRecord(key, topic, partition, offset);
    }

    /** The request the record holds; a key that is not a valid id is refused rather than replaced silently. */
    public ReceivedRequest intake(InputReader intakes) {
        if (key != null && !RequestIds.EXPLICIT.matcher(key).matches()) {
            return intakes.badRecordKey(requestId(), origin(), key, bytes == null ? new byte[0] : bytes);
        }
        return intakes.fromRecord(requestId(), bytes, size, origin());
    }
}
