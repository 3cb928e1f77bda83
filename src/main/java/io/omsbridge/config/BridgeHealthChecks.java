package io.omsbridge.config;

import java.util.List;
import org.apache.camel.health.HealthCheck;

/** The bridge's own health checks, in the order the status page lists them. */
public record BridgeHealthChecks(List<HealthCheck> all) {

    /** The registry name the API's status injects. */
    public static final String BEAN = "bridgeHealthChecks";
}
