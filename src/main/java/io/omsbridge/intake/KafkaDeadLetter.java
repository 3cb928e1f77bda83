package io.omsbridge.intake;

/**
 * A rejected Kafka record on its way to {@code <topic>.DLT}: its key, its bytes without inline secrets, why it was
 * refused (the first problem, and all of them as JSON) and where it lay.
 */
public record KafkaDeadLetter(String key, byte[] body, String reason, String problems, String origin) {}
