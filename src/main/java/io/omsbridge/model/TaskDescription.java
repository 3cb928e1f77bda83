package io.omsbridge.model;

import io.omsbridge.text.Texts;

/**
 * Every task's description carries its request id and the end of the lease it was posted under
 * ({@code [oms-bridge:<id>@<lease end, epoch ms on the ledger's clock>] <user text>}), within OMS's 255 characters:
 * a task can be traced back to its request, an unanswered create can be found instead of repeated, and a search can
 * tell from the tag that a task (OMS made it before that lease ended) is older than the attempt it looks for. Request
 * ids never contain {@code @} or {@code ]}. Tasks tagged before the lease end was added ({@code [oms-bridge:<id>]})
 * still read.
 */
public final class TaskDescription {

    public static final int MAX = 255;
    private static final String PREFIX = "[oms-bridge:";

    /** What a tag says: the request, and the end of the lease the task was posted under (null in an old tag). */
    public record Tag(String requestId, Long leaseUntil) {}

    private TaskDescription() {}

    public static String tag(String requestId, long leaseUntil) {
        return PREFIX + requestId + "@" + leaseUntil + "]";
    }

    /** The tag, then as much of the user's description as fits (cut at the end, never the tag). */
    public static String of(String requestId, long leaseUntil, String userDescription) {
        String tag = tag(requestId, leaseUntil);
        if (userDescription == null || userDescription.isBlank()) {
            return tag;
        }
        return Texts.prefix(tag + " " + userDescription, MAX);
    }

    /** The tag of a description, or null when the task was not made by the bridge. */
    public static Tag tagOf(String description) {
        if (description == null || !description.startsWith(PREFIX)) {
            return null;
        }
        int end = description.indexOf(']', PREFIX.length());
        if (end < 0) {
            return null;
        }
        String inside = description.substring(PREFIX.length(), end);
        int at = inside.lastIndexOf('@');
        if (at < 0) {
            return new Tag(inside, null);
        }
        try {
            return new Tag(inside.substring(0, at), Long.parseLong(inside.substring(at + 1)));
        } catch (NumberFormatException e) {
            return new Tag(inside, null);
        }
    }

    /** The request id in a description's tag, or null when the task was not made by the bridge. */
    public static String requestIdOf(String description) {
        Tag tag = tagOf(description);
        return tag == null ? null : tag.requestId();
    }
}
