package io.omsbridge.model;

/**
 * The request id of each pass of a migration: pass 1 is the request itself, pass n is {@code <id>~p<n>}. A request id
 * the user gives never contains {@code ~} ({@code [A-Za-z0-9._:-]}), so a pass's id can be no one else's; it is in
 * the OMS task's tag, so an unanswered create of a pass is found by the search like any request's.
 */
public final class PassIds {

    private static final String MARK = "~p";

    private PassIds() {}

    public static String of(String migrationId, int pass) {
        return pass == 1 ? migrationId : migrationId + MARK + pass;
    }

    /** What the request id of every pass after the first begins with. */
    public static String laterPassesPrefix(String migrationId) {
        return migrationId + MARK;
    }

    /** The migration a pass's request id belongs to (itself for pass 1, or a request without passes). */
    public static String migrationOf(String requestId) {
        int at = requestId.lastIndexOf(MARK);
        return at < 0 ? requestId : requestId.substring(0, at);
    }
}
