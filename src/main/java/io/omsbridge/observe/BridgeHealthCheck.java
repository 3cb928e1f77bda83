package io.omsbridge.observe;

import java.util.Map;
import org.apache.camel.health.HealthCheck;
import org.apache.camel.health.HealthCheckResultBuilder;
import org.apache.camel.impl.health.AbstractHealthCheck;

/**
 * A check of the bridge's own on Camel's health registry ({@code /observe/health} on the management server): named,
 * and with a reason whenever it is down. Readiness checks ({@code /ready}) say whether the bridge can take requests;
 * liveness checks ({@code /live}) only whether it is stuck, so they are asked a narrower question.
 */
public abstract class BridgeHealthCheck extends AbstractHealthCheck {

    /** What a check found: up or down, and why, in a line a person reads. */
    public record Verdict(boolean up, String message) {

        static Verdict up(String message) {
            return new Verdict(true, message);
        }

        static Verdict down(String message) {
            return new Verdict(false, message);
        }
    }

    private final boolean readiness;
    private final boolean liveness;

    BridgeHealthCheck(String id, boolean readiness, boolean liveness) {
        super("oms-bridge", id);
        this.readiness = readiness;
        this.liveness = liveness;
    }

    @Override
    public boolean isReadiness() {
        return readiness;
    }

    @Override
    public boolean isLiveness() {
        return liveness;
    }

    /** The whole picture now, its message as written (the API's JSON carries it as it is). */
    public Verdict now() {
        try {
            return check();
        } catch (RuntimeException e) {
            return Verdict.down("the check itself failed: " + e);
        }
    }

    @Override
    protected final void doCall(HealthCheckResultBuilder builder, Map<String, Object> options) {
        boolean livenessOnly = options.get(HealthCheck.CHECK_KIND) == HealthCheck.Kind.LIVENESS;
        Verdict verdict;
        try {
            verdict = livenessOnly ? stuck() : check();
        } catch (RuntimeException e) {
            verdict = Verdict.down("the check itself failed: " + e);
        }
        // as written: HealthEndpoint renders it with Jackson, not Camel's writer that escaped slashes twice
        String message = verdict.message();
        if (verdict.up()) {
            builder.up().message(message);
        } else {
            builder.down().message(message);
        }
    }

    /** The whole picture. */
    abstract Verdict check();

    /** For liveness: down only when the bridge is stuck (checks that are liveness checks override it). */
    Verdict stuck() {
        return check();
    }
}
