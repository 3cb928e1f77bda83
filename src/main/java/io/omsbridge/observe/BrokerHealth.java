package io.omsbridge.observe;

import jakarta.jms.Connection;
import jakarta.jms.ConnectionFactory;
import jakarta.jms.JMSException;
import java.util.function.BooleanSupplier;

/**
 * {@code broker}: the embedded Artemis broker is up, or the remote broker takes a connection with the bridge's
 * account. Readiness: without it the queue inbox cannot take requests, nor events reach the topic.
 */
public final class BrokerHealth extends BridgeHealthCheck {

    private final String url;
    private final BooleanSupplier embeddedUp;
    private final ConnectionFactory remote;
    private final String username;
    private final String password;

    private BrokerHealth(
            String url, BooleanSupplier embeddedUp, ConnectionFactory remote, String username, String password) {
        super("broker", true, false);
        this.url = url;
        this.embeddedUp = embeddedUp;
        this.remote = remote;
        this.username = username;
        this.password = password;
    }

    /** The broker runs in this process. */
    public static BrokerHealth embedded(String url, BooleanSupplier up) {
        return new BrokerHealth(url, up, null, null, null);
    }

    /** The broker is elsewhere: each check opens (and closes) a connection of its own. */
    public static BrokerHealth remote(String url, ConnectionFactory factory, String username, String password) {
        return new BrokerHealth(url, null, factory, username, password);
    }

    @Override
    Verdict check() {
        if (embeddedUp != null) {
            return embeddedUp.getAsBoolean()
                    ? Verdict.up("embedded Artemis broker is up (" + url + ")")
                    : Verdict.down("the embedded Artemis broker is not running (" + url + ")");
        }
        try (Connection connection =
                username == null ? remote.createConnection() : remote.createConnection(username, password)) {
            return Verdict.up("broker " + url + " takes connections");
        } catch (JMSException e) {
            return Verdict.down("broker " + url + " refuses or cannot be reached: " + e.getMessage());
        }
    }
}
