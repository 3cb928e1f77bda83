package io.omsbridge.publish;

import jakarta.jms.JMSException;
import jakarta.jms.Queue;
import jakarta.jms.TemporaryQueue;
import jakarta.jms.TemporaryTopic;
import jakarta.jms.Topic;
import java.util.Locale;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * A request message's {@code JMSReplyTo}, as the ledger keeps it ({@code queue:NAME} or {@code topic:NAME}) and as a
 * Camel JMS endpoint to send to. Also reads the forms brokers print for a destination ({@code ActiveMQQueue[NAME]},
 * {@code queue://NAME}, a bare name), so rows written before this form existed still get their reply.
 */
public final class ReplyDestination {

    private static final Pattern PREFIXED = Pattern.compile("(?i)(?:temp-)?(queue|topic):(?://)?(.+)");
    private static final Pattern ARTEMIS = Pattern.compile("ActiveMQ(?:Temporary)?(Queue|Topic)\\[(.+)]");
    private static final Pattern SAFE_NAME = Pattern.compile("[A-Za-z0-9._:/$#-]{1,255}");

    private ReplyDestination() {}

    /**
     * The form the ledger stores for a JMS destination object (or whatever else a header carried); null for a
     * temporary destination, which dies with the requester's connection long before the task ends (the broker would
     * otherwise create a queue of that name that nobody reads).
     */
    public static String describe(Object destination) {
        if (destination instanceof TemporaryQueue || destination instanceof TemporaryTopic) {
            return null;
        }
        try {
            if (destination instanceof Queue queue) {
                return "queue:" + queue.getQueueName();
            }
            if (destination instanceof Topic topic) {
                return "topic:" + topic.getTopicName();
            }
        } catch (JMSException e) {
            // fall through to the printed form, which parse() also reads
        }
        return destination == null ? null : destination.toString();
    }

    /** The Camel endpoint URI of a stored reply destination ({@code jms:queue:NAME}), empty if it cannot be read. */
    public static Optional<String> endpointUri(String stored) {
        if (stored == null || stored.isBlank()) {
            return Optional.empty();
        }
        String s = stored.trim();
        String kind = "queue";
        String name = s;
        Matcher m = ARTEMIS.matcher(s);
        if (m.matches()) {
            kind = m.group(1).toLowerCase(Locale.ROOT);
            name = m.group(2);
        } else if ((m = PREFIXED.matcher(s)).matches()) {
            kind = m.group(1).toLowerCase(Locale.ROOT);
            name = m.group(2);
        }
        return SAFE_NAME.matcher(name).matches() ? Optional.of("jms:" + kind + ":" + name) : Optional.empty();
    }
}
