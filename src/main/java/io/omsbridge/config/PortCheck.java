package io.omsbridge.config;

import io.omsbridge.settings.BridgeSettings;
import io.omsbridge.settings.ConfigurationException;
import io.omsbridge.settings.HttpSettings;
import io.omsbridge.settings.InUseException;
import io.vertx.core.net.impl.TCPServerBase;
import java.io.IOException;
import java.net.BindException;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import org.apache.camel.CamelContext;
import org.apache.camel.component.platform.http.vertx.VertxPlatformHttpServer;

/**
 * The ports this bridge will listen on, each with the setting that names it: tried before anything binds, so a port
 * another program holds stops the start with one line naming the setting, and asked again when a bind fails later (a
 * program that took the port in between).
 */
public final class PortCheck {

    /** A port the bridge listens on, and the setting that chose it. */
    record Port(String key, String host, int port) {}

    private final List<Port> ports;

    private PortCheck(List<Port> ports) {
        this.ports = List.copyOf(ports);
    }

    /** {@code httpServers}: Camel Main's HTTP servers are on the class path (a host may leave them out). */
    static PortCheck of(BridgeSettings settings, HttpSettings http, boolean httpServers) {
        List<Port> ports = new ArrayList<>();
        if (httpServers && http.serverEnabled()) {
            ports.add(new Port("camel.server.port", http.serverHost(), http.serverPort()));
        }
        if (httpServers && http.managementEnabled()) {
            ports.add(new Port("camel.management.port", http.managementHost(), http.managementPort()));
        }
        if (settings.embeddedBroker()) {
            ports.add(new Port("broker.port", settings.brokerHost(), settings.brokerPort()));
        }
        if (settings.simulatorEnabled()) {
            ports.add(new Port("simulator.port", "127.0.0.1", settings.simulatorPort()));
        }
        // port 0 asks the OS for any free one: nothing to check
        ports.removeIf(port -> port.port() == 0);
        return new PortCheck(ports);
    }

    /** Refuses the start, in one line, at the first port the bridge cannot listen on. */
    void requireFree() {
        explain().ifPresent(refusal -> {
            throw refusal;
        });
    }

    /** Why the first port the bridge cannot listen on now cannot be used, if one cannot. */
    public Optional<RuntimeException> explain() {
        for (Port port : ports) {
            try (ServerSocket socket = new ServerSocket()) {
                // as the servers bind (Vert.x, Netty and the JDK all set it): a port in TIME_WAIT is free, not taken
                socket.setReuseAddress(true);
                socket.bind(new InetSocketAddress(port.host(), port.port()));
            } catch (BindException e) {
                return Optional.of(
                        inUse(e)
                                ? InUseException.port(port.key(), port.host(), port.port())
                                : new ConfigurationException(List.of(port.key() + ": cannot listen on " + port.host()
                                        + ":" + port.port() + " (" + e.getMessage() + ")")));
            } catch (IOException e) {
                return Optional.of(new ConfigurationException(List.of(port.key() + ": cannot listen on " + port.host()
                        + ":" + port.port() + " (" + e.getMessage() + ")")));
            }
        }
        return Optional.empty();
    }

    /**
     * Camel's HTTP servers log a failed bind and let the bridge run on without them: refuse instead, naming the port.
     * Judges the servers already started (Main starts them before the bridge's own services).
     */
    void requireServersBound(CamelContext context) {
        for (VertxPlatformHttpServer server : context.hasServices(VertxPlatformHttpServer.class)) {
            // actualPort() says the configured port even after a failed bind; the server itself knows
            if (server.isStarted() && server.getServer() instanceof TCPServerBase tcp && !tcp.isListening()) {
                throw explain()
                        .orElseGet(() -> new InUseException("the HTTP server on " + server.getHost() + ":"
                                + server.getConfigurationPort() + " could not listen (camel.server.port or"
                                + " camel.management.port); its log line above says why"));
            }
        }
    }

    /** The OS's EADDRINUSE (other bind failures, a host that is not this machine's, say, are not "in use"). */
    static boolean inUse(BindException e) {
        return e.getMessage() != null && e.getMessage().contains("in use");
    }
}
