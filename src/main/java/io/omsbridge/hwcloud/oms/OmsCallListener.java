package io.omsbridge.hwcloud.oms;

/**
 * Told of every OMS call a component's producers make, once its outcome is known (after the retry with a fresh token,
 * if any): for metrics and health checks. Called on the caller's thread; it must be quick and must not throw.
 */
@FunctionalInterface
public interface OmsCallListener {

    void called(OmsCall call);
}
