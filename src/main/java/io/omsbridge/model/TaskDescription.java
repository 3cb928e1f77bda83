package io.omsbridge.model;


/**
 * The request id travels in every task's description ({@code [oms-bridge:<id>] <user text>}), within OMS's 255
 * characters, so a task can be traced back to its request and an unanswered create can be found instead of repeated.
 */
public final class TaskDescription {

    public static final int MAX = 255;
    private static final String PREFIX = "[oms-bridge:";

    private TaskDescription() {
    }

    public static String tag(String requestId) {
        return PREFIX + requestId + "]";
    }

    /** The tag, then as much of the user's description as fits (cut at the end, never the tag). */
    public static String of(String requestId, String userDescription) {
        String tag = tag(requestId);
        if (userDescription == null || userDescription.isBlank()) {
            return tag;
        }
        String full = tag + " " + userDescription;
        return Texts.prefix(full, MAX);
    }

    /** The request id in a description's tag, or null when the task was not made by the bridge. */
    public static String requestIdOf(String description) {
        if (description == null || !description.startsWith(PREFIX)) {
            return null;
        }
        int end = description.indexOf(']', PREFIX.length());
        return end < 0 ? null : description.substring(PREFIX.length(), end);
    }
}
