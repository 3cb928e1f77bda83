package io.omsbridge;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.Future;
import kafka.testkit.KafkaClusterTestKit;
import kafka.testkit.TestKitNodes;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.NewTopic;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.consumer.OffsetAndMetadata;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.clients.producer.RecordMetadata;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.apache.kafka.common.serialization.StringSerializer;
import org.slf4j.LoggerFactory;

/**
 * A real Kafka broker (KRaft, one combined broker and controller) inside the test JVM, from Kafka's own test kit at the
 * client version camel-kafka brings; one per test class, it takes a few seconds to start.
 */
public final class KafkaBroker implements AutoCloseable {

    private final KafkaClusterTestKit cluster;

    private KafkaBroker(KafkaClusterTestKit cluster) {
        this.cluster = cluster;
    }

    public static KafkaBroker start() {
        // the broker and the clients log every step at INFO: only their warnings are worth a test log's lines
        for (String name : List.of("kafka", "org.apache.kafka", "state.change.logger")) {
            ((ch.qos.logback.classic.Logger) LoggerFactory.getLogger(name)).setLevel(ch.qos.logback.classic.Level.WARN);
        }
        try {
            KafkaClusterTestKit cluster = new KafkaClusterTestKit.Builder(new TestKitNodes.Builder()
                            .setCombined(true)
                            .setNumBrokerNodes(1)
                            .setNumControllerNodes(1)
                            .build())
                    // one broker: the internal topics cannot have three replicas
                    .setConfigProp("offsets.topic.replication.factor", "1")
                    .setConfigProp("transaction.state.log.replication.factor", "1")
                    .setConfigProp("group.initial.rebalance.delay.ms", "0")
                    .build();
            cluster.format();
            cluster.startup();
            cluster.waitForReadyBrokers();
            return new KafkaBroker(cluster);
        } catch (Exception e) {
            throw new IllegalStateException("the test Kafka broker did not start", e);
        }
    }

    public String bootstrapServers() {
        return cluster.bootstrapServers();
    }

    /** Creates the topics with {@code partitions} partitions each (a consumer's topic auto-created has one). */
    public void createTopics(int partitions, String... names) {
        Properties admin = new Properties();
        admin.putAll(Map.of("bootstrap.servers", bootstrapServers()));
        try (Admin client = Admin.create(admin)) {
            client.createTopics(List.of(names).stream()
                            .map(n -> new NewTopic(n, partitions, (short) 1))
                            .toList())
                    .all()
                    .get();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        } catch (ExecutionException e) {
            throw new IllegalStateException("cannot create topics " + List.of(names), e.getCause());
        }
    }

    /**
     * Sends each {@code key -> value} (a null key for none) to {@code topic}, acknowledged by the broker; returns where
     * each landed, as {@code topic-partition-offset}.
     */
    public List<String> send(String topic, List<Map.Entry<String, String>> records) {
        Properties props = new Properties();
        props.putAll(Map.of("bootstrap.servers", bootstrapServers(), "acks", "all", "linger.ms", "5"));
        try (KafkaProducer<String, String> producer =
                new KafkaProducer<>(props, new StringSerializer(), new StringSerializer())) {
            // all sent before any answer is awaited: the producer batches them
            List<Future<RecordMetadata>> sent = new ArrayList<>();
            for (Map.Entry<String, String> r : records) {
                sent.add(producer.send(new ProducerRecord<>(topic, r.getKey(), r.getValue())));
            }
            List<String> places = new ArrayList<>();
            for (var answer : sent) {
                var at = answer.get();
                places.add(at.topic() + "-" + at.partition() + "-" + at.offset());
            }
            return places;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        } catch (ExecutionException e) {
            throw new IllegalStateException("cannot send to " + topic, e.getCause());
        }
    }

    /** Every record on {@code topic} now (read from the start of each partition, no group, nothing committed). */
    public List<ConsumerRecord<String, String>> read(String topic) {
        Properties props = new Properties();
        props.putAll(Map.of("bootstrap.servers", bootstrapServers()));
        List<ConsumerRecord<String, String>> all = new ArrayList<>();
        try (KafkaConsumer<String, String> consumer =
                new KafkaConsumer<>(props, new StringDeserializer(), new StringDeserializer())) {
            List<TopicPartition> partitions = consumer.partitionsFor(topic, Duration.ofSeconds(10)).stream()
                    .map(p -> new TopicPartition(topic, p.partition()))
                    .toList();
            consumer.assign(partitions);
            consumer.seekToBeginning(partitions);
            Map<TopicPartition, Long> end = consumer.endOffsets(partitions);
            while (partitions.stream().anyMatch(p -> consumer.position(p) < end.get(p))) {
                consumer.poll(Duration.ofMillis(200)).forEach(all::add);
            }
        }
        return all;
    }

    /** The offsets {@code group} has committed on {@code topic}, summed over its partitions (0 before any commit). */
    public long committed(String group, String topic) {
        Properties props = new Properties();
        props.putAll(Map.of("bootstrap.servers", bootstrapServers()));
        try (Admin client = Admin.create(props)) {
            Map<TopicPartition, OffsetAndMetadata> offsets = client.listConsumerGroupOffsets(group)
                    .partitionsToOffsetAndMetadata()
                    .get();
            return offsets.entrySet().stream()
                    .filter(e -> e.getKey().topic().equals(topic) && e.getValue() != null)
                    .mapToLong(e -> e.getValue().offset())
                    .sum();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        } catch (ExecutionException e) {
            throw new IllegalStateException("cannot read the offsets of group " + group, e.getCause());
        }
    }

    /** A record header's value as text, or null. */
    public static String header(ConsumerRecord<?, ?> record, String name) {
        var header = record.headers().lastHeader(name);
        return header == null ? null : new String(header.value(), StandardCharsets.UTF_8);
    }

    @Override
    public void close() {
        try {
            cluster.close();
        } catch (Exception e) {
            throw new IllegalStateException("the test Kafka broker did not stop", e);
        }
    }
}
