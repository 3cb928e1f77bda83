package io.omsbridge.request;

import java.util.regex.Pattern;

/** Default request ids (design.md, "A request"): stable, so dropping the same file again is recognised. */
public final class RequestIds {

    public static final Pattern EXPLICIT = Pattern.compile("[A-Za-z0-9._:-]{1,128}");
    private static final Pattern OTHER = Pattern.compile("[^A-Za-z0-9._:-]");

    private RequestIds() {}

    /** {@code orders 2026.json} becomes {@code orders_2026}; line n of a {@code .jsonl} adds {@code #n}. */
    public static String fromFileName(String fileName, Integer line) {
        String stem = fileName.contains(".") ? fileName.substring(0, fileName.lastIndexOf('.')) : fileName;
        String id = OTHER.matcher(stem).replaceAll("_");
        if (id.length() > 128) {
            id = id.substring(0, 128);
        }
        return line == null ? id : id + "#" + line;
    }

    /**
     * A Kafka record's key when it is a valid id, else its place in the log ({@code topic-partition-offset}), which a
     * redelivery of the record keeps.
     */
    public static String fromRecord(String key, String topic, int partition, long offset) {
        if (key != null && EXPLICIT.matcher(key).matches()) {
            return key;
        }
        String id = OTHER.matcher(topic + "-" + partition + "-" + offset).replaceAll("_");
        return id.length() > 128 ? id.substring(id.length() - 128) : id;
    }

    /** The JMS header {@code requestId} when it is a valid id, else the JMS message id made safe. */
    public static String fromMessage(String header, String messageId) {
        if (header != null && EXPLICIT.matcher(header).matches()) {
            return header;
        }
        String id = OTHER.matcher(messageId == null ? "message" : messageId).replaceAll("_");
        return id.length() > 128 ? id.substring(id.length() - 128) : id;
    }
}
