package io.omsbridge.publish;

import io.omsbridge.text.Globs;
import java.util.Optional;
import java.util.Set;
import java.util.regex.Pattern;

/**
 * Where a request message's {@code JMSReplyTo} may point: never at one of the bridge's own destinations (its request
 * queue, the dead-letter queue, the events topic: a reply there would be read as a request, or published as an
 * event), and, when {@code bridge.queue.reply-to-pattern} is set, only at names that match it (a glob: {@code *} any
 * characters, {@code ?} one). A temporary destination (the usual request-reply) belongs to its requester and is
 * always allowed.
 */
public final class ReplyPolicy {

    private final Set<String> own;
    private final Pattern allowed;
    private final String pattern;

    /** {@code own}: the bridge's destinations as stored ({@code queue:NAME}, {@code topic:NAME}); pattern may be null.
     * */
    public ReplyPolicy(Set<String> own, String pattern) {
        this.own = Set.copyOf(own);
        this.pattern = pattern;
        this.allowed = pattern == null ? null : Globs.compile(pattern);
    }

    /** Why a reply may not go to {@code stored} ({@code queue:NAME} or {@code topic:NAME}); empty when it may. */
    public Optional<String> refusal(String stored) {
        if (stored == null) {
            return Optional.empty();
        }
        if (own.contains(stored)) {
            return Optional.of("it is one of the bridge's own destinations");
        }
        String name = stored.substring(stored.indexOf(':') + 1);
        if (allowed != null && !allowed.matcher(name).matches()) {
            return Optional.of("it does not match bridge.queue.reply-to-pattern (" + pattern + ")");
        }
        return Optional.empty();
    }
}
