package io.omsbridge.simulator;

/**
 * Task-group status (oms-api.md §5.1); {@link #code()} is the number on the wire. The simulator creates a group's tasks
 * at once, so it never shows 0, 1 or 4, and a deleted group is gone rather than 8 or 9.
 */
public enum GroupStatus {
    WAITING(0),
    CREATING(1),
    MONITORING(2),
    PAUSED(3),
    CREATION_FAILED(4),
    FAILED(5),
    COMPLETED(6),
    PAUSING(7),
    WAITING_FOR_DELETION(8),
    DELETED(9);

    private final int code;

    GroupStatus(int code) {
        this.code = code;
    }

    public int code() {
        return code;
    }

    public static GroupStatus ofCode(int code) {
        if (code < 0 || code >= values().length) {
            throw new IllegalArgumentException("no task group status " + code);
        }
        return values()[code];
    }
}
