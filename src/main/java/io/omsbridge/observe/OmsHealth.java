package io.omsbridge.observe;

import io.omsbridge.hwcloud.oms.OmsCall;
import io.omsbridge.hwcloud.oms.OmsCallListener;

/**
 * {@code oms}: how OMS answered the last call. Down when that call got no answer, a server error, throttling or a
 * refused credential; an answer that refuses one request (a 400) says OMS works. Neither readiness nor liveness:
 * requests are accepted (and retried from the ledger) while OMS is down.
 */
public final class OmsHealth extends BridgeHealthCheck implements OmsCallListener {

    private volatile OmsCall last;

    public OmsHealth() {
        super("oms", false, false);
    }

    @Override
    public void called(OmsCall call) {
        last = call;
    }

    @Override
    Verdict check() {
        OmsCall call = last;
        if (call == null) {
            return Verdict.up("no call to OMS yet");
        }
        String what = "last call (" + call.operation() + ", " + call.at() + ")";
        if (call.succeeded()) {
            return Verdict.up(what + " answered " + call.status() + " in " + call.millis() + " ms");
        }
        boolean down = call.status() == 0
                || call.status() >= 500
                || call.status() == 429
                || call.status() == 401
                || call.status() == 403
                        && call.errorCode() != null
                        && call.errorCode().startsWith("APIG");
        String answer = call.status() == 0
                ? "got no answer (" + call.errorCode() + ")"
                : "was answered " + call.status() + " " + call.errorCode();
        return down
                ? Verdict.down(what + " " + answer)
                : Verdict.up(what + " " + answer + ": OMS refused that" + " request, and answers");
    }
}
