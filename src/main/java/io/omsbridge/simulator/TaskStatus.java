package io.omsbridge.simulator;

/**
 * OMS task status (oms-api.md §2.11, §4.12); {@link #code()} is the number on the wire. v1 and v2 share one store, so
 * v2's 7 (pausing, on the way from 2 to 3) can show in v1 too once the pausing time is above zero; 6 (retrying) is
 * never produced: a restarted task waits again.
 */
public enum TaskStatus {
    INITIALIZING(0),
    WAITING(1),
    RUNNING(2),
    STOPPED(3),
    FAILED(4),
    SUCCEEDED(5),
    PAUSING(7);

    private static final TaskStatus[] BY_CODE = new TaskStatus[8];

    static {
        for (TaskStatus s : values()) {
            BY_CODE[s.code] = s;
        }
    }

    private final int code;

    TaskStatus(int code) {
        this.code = code;
    }

    public int code() {
        return code;
    }

    public boolean ended() {
        return this == FAILED || this == SUCCEEDED;
    }

    public static TaskStatus ofCode(int code) {
        TaskStatus status = code < 0 || code >= BY_CODE.length ? null : BY_CODE[code];
        if (status == null) {
            throw new IllegalArgumentException("no task status " + code);
        }
        return status;
    }
}
