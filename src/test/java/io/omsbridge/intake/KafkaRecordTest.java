package io.omsbridge.intake;

import static org.assertj.core.api.Assertions.assertThat;

import io.omsbridge.model.ReceivedRequest;
import io.omsbridge.model.RequestSource;
import io.omsbridge.request.InputReader;
import io.omsbridge.request.SeedRequests;
import java.nio.charset.StandardCharsets;
import java.util.List;
import org.apache.camel.Exchange;
import org.apache.camel.impl.DefaultCamelContext;
import org.apache.camel.support.DefaultExchange;
import org.junit.jupiter.api.Test;

/** A Kafka record's request id is its body's, else its key, else its place in the log; a bad key is refused. */
class KafkaRecordTest {

    private static final long MAX_BYTES = 64 * 1024;
    private final InputReader intakes = new InputReader(SeedRequests.reader(), MAX_BYTES);
    private final DefaultCamelContext context = new DefaultCamelContext();

    private KafkaRecord record(String key, int partition, long offset, byte[] body) {
        Exchange e = new DefaultExchange(context);
        e.getMessage().setBody(body);
        e.getMessage().setHeader("kafka.KEY", key);
        e.getMessage().setHeader("kafka.TOPIC", "oms.migration.requests");
        e.getMessage().setHeader("kafka.PARTITION", partition);
        e.getMessage().setHeader("kafka.OFFSET", offset);
        return KafkaRecord.of(List.of(e), MAX_BYTES).get(0);
    }

    private static byte[] seed() {
        return SeedRequests.SEED_BODY.getBytes(StandardCharsets.UTF_8);
    }

    @Test
    void aKeyedRecordIsTheRequestNamedByItsKey() {
        ReceivedRequest in = record("order-42", 1, 7, seed()).intake(intakes);

        assertThat(in.valid()).isTrue();
        assertThat(in.requestId()).isEqualTo("order-42");
        assertThat(in.source()).isEqualTo(RequestSource.KAFKA);
        assertThat(in.origin()).isEqualTo("kafka:oms.migration.requests-1-7");
    }

    @Test
    void aRecordWithoutAKeyIsNamedByTopicPartitionAndOffsetWhichARedeliveryKeeps() {
        ReceivedRequest first = record(null, 0, 1234, seed()).intake(intakes);
        ReceivedRequest redelivered = record(null, 0, 1234, seed()).intake(intakes);

        assertThat(first.requestId()).isEqualTo("oms.migration.requests-0-1234").isEqualTo(redelivered.requestId());
    }

    @Test
    void aKeyThatIsNotAValidIdIsRefusedNamingTheKey() {
        ReceivedRequest in = record("tenant/acme", 0, 3, seed()).intake(intakes);

        assertThat(in.valid()).isFalse();
        assertThat(in.problems()).singleElement().satisfies(p -> {
            assertThat(p.field()).isEqualTo("key (record)");
            assertThat(p.message()).contains("[A-Za-z0-9._:-]{1,128}").contains("tenant/acme");
        });
    }

    @Test
    void aRecordOverTheSizeLimitIsRefusedUnread() {
        ReceivedRequest in =
                record("too-big", 0, 4, new byte[(int) MAX_BYTES + 1]).intake(intakes);

        assertThat(in.valid()).isFalse();
        assertThat(in.problems())
                .singleElement()
                .satisfies(p -> assertThat(p.message()).startsWith("too large:"));
    }
}
