package io.omsbridge.model;

/** OMS task status codes (v1 0-5; v2 adds 6 retrying and 7 pausing) and the ledger state each one means. */
public enum OmsStatus {
    INITIALISING(0, LedgerState.SUBMITTED),
    WAITING(1, LedgerState.SUBMITTED),
    RUNNING(2, LedgerState.RUNNING),
    STOPPED(3, LedgerState.STOPPED),
    FAILED(4, LedgerState.FAILED),
    SUCCEEDED(5, LedgerState.SUCCEEDED),
    RETRYING(6, LedgerState.RUNNING),
    PAUSING(7, LedgerState.RUNNING);

    private final int code;
    private final LedgerState state;

    OmsStatus(int code, LedgerState state) {
        this.code = code;
        this.state = state;
    }

    public int code() {
        return code;
    }

    public LedgerState state() {
        return state;
    }

    public static OmsStatus of(int code) {
        for (OmsStatus s : values()) {
            if (s.code == code) {
                return s;
            }
        }
        throw new IllegalArgumentException("unknown OMS task status " + code);
    }
}
