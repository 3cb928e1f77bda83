package io.omsbridge.oms;

/** The call did not get an answer (connection refused, reset, timed out): transient. */
public final class OmsUnreachableException extends RuntimeException {
    public OmsUnreachableException(Throwable cause) {
        super("OMS unreachable: " + cause.getMessage(), cause);
    }
}
