package io.omsbridge.settings;

import java.io.IOException;
import java.net.BindException;
import java.net.InetSocketAddress;
import java.net.ServerSocket;

/**
 * Start-up refused because something the bridge needs is taken (its data directory by another bridge, a port by
 * another program): one line that names the setting, what holds it where known, and what to do.
 */
public final class InUseException extends RuntimeException {

    public InUseException(String line) {
        super(line);
    }

    /** Whether another program listens on {@code host:port} now (port 0: any free one, never taken). */
    public static boolean taken(String host, int port) {
        if (port == 0) {
            return false;
        }
        try (ServerSocket socket = new ServerSocket()) {
            // as the servers bind (Vert.x, Netty and the JDK all set it): a port in TIME_WAIT is free, not taken
            socket.setReuseAddress(true);
            socket.bind(new InetSocketAddress(host, port));
            return false;
        } catch (BindException e) {
            return e.getMessage() != null && e.getMessage().contains("in use");
        } catch (IOException e) {
            return false;
        }
    }

    /** The line for a port another program listens on. */
    public static InUseException port(String key, String host, int port) {
        return new InUseException(key + " " + port + " is already in use on " + host + " by another program; stop it"
                + " or choose another " + key);
    }
}
