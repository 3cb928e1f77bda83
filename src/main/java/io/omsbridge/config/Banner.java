package io.omsbridge.config;

import io.omsbridge.settings.BridgeSettings;
import io.omsbridge.settings.HttpSettings;
import org.apache.camel.util.URISupport;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/** What an operator needs to see at start: where to drop requests, where events appear, and where tasks go. */
final class Banner {

    private static final Logger BANNER = LoggerFactory.getLogger("omsbridge.banner");

    private Banner() {}

    static void print(BridgeSettings s, HttpSettings http, String omsEndpoint) {
        StringBuilder b = new StringBuilder("\n");
        if (s.simulatorEnabled()) {
            b.append("  ************************************************************************\n")
                    .append("  *  DEMO: tasks go to the built-in OMS/IAM SIMULATOR, not Huawei Cloud.  *\n")
                    .append("  *  Nothing is migrated. Simulator: ")
                    .append(pad(omsEndpoint, 36))
                    .append("*\n")
                    .append("  ************************************************************************\n");
        }
        b.append("  oms-bridge ready\n")
                .append("  inbox  : ")
                .append(s.inbox().toAbsolutePath())
                .append("   (drop *.json / *.jsonl here)\n")
                .append("  outbox : ")
                .append(s.outbox().toAbsolutePath())
                .append('\n')
                .append("  queue  : oms.migration.requests on ")
                .append(URISupport.sanitizeUri(s.brokerUrl()))
                .append(
                        s.embeddedBroker() && s.brokerPort() > 0
                                ? " (and tcp://" + s.brokerHost() + ":" + s.brokerPort()
                                        + " for Artemis and AMQP clients, as user " + s.brokerUsername()
                                        + ": broker.username / broker.password"
                                        + (s.simulatorEnabled() ? " in config/application-demo.properties" : "") + ")"
                                : "")
                .append('\n')
                .append("  OMS    : ")
                .append(s.oms().regional() ? "by destination region" : omsEndpoint + "  project " + s.projectId())
                .append("  API ")
                .append(s.oms().apiVersion())
                .append(s.oms().aksk() ? ", AK/SK signing" : ", IAM token")
                .append('\n');
        s.oms()
                .regions()
                .values()
                .forEach(r -> b.append("    ")
                        .append(r.name())
                        .append(": ")
                        .append(r.endpoint())
                        .append("  project ")
                        .append(r.projectId())
                        .append('\n'));
        if (http.serverEnabled()) {
            String base = http.serverScheme() + "://" + host(http.serverHost()) + ":" + http.serverPort();
            b.append("  page   : ")
                    .append(base)
                    .append("/   API ")
                    .append(base)
                    .append("/api/migrations")
                    .append(http.apiToken() != null ? " (bearer token: bridge.api.token)" : "")
                    .append(bound(http.serverHost()))
                    .append('\n');
        }
        if (http.managementEnabled()) {
            String base = http.managementScheme() + "://" + host(http.managementHost()) + ":" + http.managementPort();
            b.append("  health : ")
                    .append(base)
                    .append("/observe/health   metrics ")
                    .append(base)
                    .append("/observe/metrics")
                    .append(bound(http.managementHost()))
                    .append('\n');
        }
        // a logger of its own: as the banner reads in text (io/omsbridge/logback.xml), one JSON line with
        // LOG_FORMAT=json
        BANNER.info("{}", b);
    }

    /** A URL's host for a bound address: an address of every interface is reached here as localhost. */
    private static String host(String bound) {
        return everywhere(bound) ? "localhost" : bound;
    }

    /** Says so where the server listens on every interface, which the localhost URL does not show. */
    private static String bound(String host) {
        return everywhere(host) ? "   (listening on " + host + ": every address of this machine)" : "";
    }

    private static boolean everywhere(String host) {
        return host.equals("0.0.0.0") || host.equals("::");
    }

    private static String pad(String text, int width) {
        return text.length() >= width ? text + " " : text + " ".repeat(width - text.length());
    }
}
