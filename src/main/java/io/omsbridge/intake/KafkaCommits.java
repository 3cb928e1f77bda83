package io.omsbridge.intake;

import io.omsbridge.model.BridgeConstants;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.apache.camel.Exchange;
import org.apache.camel.ExchangeProperty;
import org.apache.camel.component.kafka.KafkaConstants;
import org.apache.camel.component.kafka.consumer.KafkaManualCommit;

/**
 * Commits a Kafka batch once every record of it is in the ledger (and each rejected one in the DLT): per partition, the
 * offset after its last record. Synchronous, on the consumer's own thread (the Kafka consumer allows no other).
 */
public final class KafkaCommits {

    public void commit(@ExchangeProperty(BridgeConstants.KAFKA_RECORDS) List<?> batch) {
        Map<String, Exchange> lastPerPartition = new LinkedHashMap<>();
        for (Object item : batch) {
            Exchange record = (Exchange) item;
            String partition = record.getMessage().getHeader(KafkaRecord.TOPIC) + "-"
                    + record.getMessage().getHeader(KafkaRecord.PARTITION);
            lastPerPartition.merge(partition, record, (a, b) -> offset(b) > offset(a) ? b : a);
        }
        for (Exchange last : lastPerPartition.values()) {
            last.getMessage()
                    .getHeader(KafkaConstants.MANUAL_COMMIT, KafkaManualCommit.class)
                    .commit();
        }
    }

    private static long offset(Exchange record) {
        return record.getMessage().getHeader(KafkaRecord.OFFSET, 0L, Long.class);
    }
}
