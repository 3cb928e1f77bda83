package io.omsbridge.simulator;

/** OMS v1 task status (oms-api.md §2.11); {@link #code()} is the number on the wire. */
public enum TaskStatus {
    INITIALIZING(0), WAITING(1), RUNNING(2), STOPPED(3), FAILED(4), SUCCEEDED(5);

    private static final TaskStatus[] BY_CODE = values();

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
        if (code < 0 || code >= BY_CODE.length) {
            throw new IllegalArgumentException("no task status " + code);
        }
        return BY_CODE[code];
    }
}
