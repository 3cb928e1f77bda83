package io.omsbridge.settings;

import java.net.InetAddress;
import java.net.UnknownHostException;
import org.apache.camel.spi.PropertiesComponent;

/**
 * Camel Main's two HTTP servers as the bridge uses them (design.md): the API and the dashboard on
 * {@code camel.server.*}, with {@code bridge.api.token} as their bearer token; health and metrics on
 * {@code camel.management.*}. Checked at start: a server bound to an address other than loopback needs the token, and
 * the two servers need ports of their own (on one port Camel would serve both on the API's server and ignore
 * {@code camel.management.host}).
 */
public record HttpSettings(
        boolean serverEnabled,
        String serverHost,
        int serverPort,
        String apiToken,
        boolean managementEnabled,
        String managementHost,
        int managementPort,
        boolean serverTls,
        boolean managementTls) {

    public static HttpSettings read(PropertiesComponent properties) {
        SettingsReader in = new SettingsReader(properties);
        HttpSettings settings = new HttpSettings(
                in.bool("camel.server.enabled", false),
                in.string("camel.server.host", "0.0.0.0"),
                in.integer("camel.server.port", 8080, 0, 65535),
                in.string("bridge.api.token", null),
                in.bool("camel.management.enabled", false),
                in.string("camel.management.host", "0.0.0.0"),
                in.integer("camel.management.port", 8080, 0, 65535),
                tls(in, "camel.server"),
                tls(in, "camel.management"));
        if (settings.serverEnabled && settings.apiToken == null && !loopback(settings.serverHost)) {
            in.problem("bridge.api.token: required when the API listens on " + settings.serverHost
                    + " (camel.server.host), which is not a loopback address: anyone who reaches it could submit");
        }
        if (settings.apiToken != null && settings.apiToken.length() < 16) {
            in.problem("bridge.api.token: must be at least 16 characters");
        }
        if (settings.serverEnabled
                && settings.managementEnabled
                && settings.serverPort == settings.managementPort
                && settings.serverPort != 0) {
            in.problem("camel.management.port: must differ from camel.server.port (" + settings.serverPort
                    + "): on one port Camel serves health and metrics on the API's server and ignores"
                    + " camel.management.host");
        }
        if (!in.problems().isEmpty()) {
            throw new ConfigurationException(in.problems());
        }
        return settings;
    }

    /** Whether Camel serves this server over TLS (with the global {@code camel.ssl.*} parameters), in either spelling.
     * */
    private static boolean tls(SettingsReader in, String server) {
        return in.bool(server + ".useGlobalSslContextParameters", false)
                || in.bool(server + ".use-global-ssl-context-parameters", false);
    }

    /** The URL scheme a client of that server uses. */
    public String serverScheme() {
        return serverTls ? "https" : "http";
    }

    public String managementScheme() {
        return managementTls ? "https" : "http";
    }

    /** 127.0.0.0/8, ::1 or localhost: reachable from this machine only. */
    static boolean loopback(String host) {
        try {
            return host != null
                    && !host.isBlank()
                    && InetAddress.getByName(host).isLoopbackAddress();
        } catch (UnknownHostException e) {
            return false;
        }
    }

    @Override
    public String toString() {
        return "HttpSettings[server=" + serverEnabled + " " + serverHost + ":" + serverPort + ", token="
                + (apiToken == null ? "none" : "***") + ", management=" + managementEnabled + " " + managementHost
                + ":" + managementPort + "]";
    }
}
