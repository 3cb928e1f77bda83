package io.omsbridge.settings;

import io.omsbridge.model.AliasPolicy;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.regex.Pattern;
import org.apache.camel.spi.PropertiesComponent;
import org.apache.camel.util.URISupport;

/**
 * The settings the Java beans need, read once at start from {@code config/application.properties} (overridable by
 * {@code -Dkey=value} and by the environment variable {@code KEY_NAME}). Route tunables stay placeholders in the
 * routes.
 */
public record BridgeSettings(
        OmsSettings oms,
        Map<String, Credential> credentials,
        Path dataDir,
        Path inbox,
        Path outbox,
        String brokerUrl,
        String brokerHost,
        int brokerPort,
        String brokerUsername,
        String brokerPassword,
        boolean simulatorEnabled,
        int simulatorPort,
        long inboxMaxFileBytes,
        String secretKey,
        Path secretKeyFile,
        String nodeId,
        boolean allowMixedCredentials,
        String replyToPattern,
        boolean preflight) {

    /** What a node id may hold: it is stored in the ledger's lease and duty columns (at most 64 characters). */
    public static final Pattern NODE_ID = Pattern.compile("[A-Za-z0-9._:-]{1,64}");

    /** Reads and checks every setting; throws one {@link ConfigurationException} listing all problems. */
    public static BridgeSettings read(PropertiesComponent properties) {
        SettingsReader in = new SettingsReader(properties);
        boolean simulator = in.bool("simulator.enabled", false);

        Path dataDir = Path.of(in.string("bridge.data-dir", "data"));
        Path inbox = Path.of(in.string("bridge.inbox", dataDir.resolve("inbox").toString()));
        Path outbox =
                Path.of(in.string("bridge.outbox", dataDir.resolve("outbox").toString()));
        String nodeId = in.string("bridge.node-id", null);
        if (nodeId != null && !NODE_ID.matcher(nodeId).matches()) {
            in.problem("bridge.node-id: must be 1 to 64 of A-Z a-z 0-9 . _ : - (it is stored in the ledger's lease"
                    + " columns), got "
                    + (nodeId.length() > 64 ? nodeId.length() + " characters" : "'" + nodeId + "'"));
        }

        BridgeSettings settings = new BridgeSettings(
                OmsSettings.read(in, simulator),
                credentials(properties, in),
                dataDir,
                inbox,
                outbox,
                brokerUrl(in),
                in.string("broker.host", "127.0.0.1"),
                in.integer("broker.port", 61616, 0, 65535),
                in.string("broker.username", null),
                in.string("broker.password", null),
                simulator,
                in.integer("simulator.port", 0, 0, 65535),
                in.integer("bridge.inbox.max-file-bytes", 10 * 1024 * 1024, 1, Integer.MAX_VALUE),
                in.string("bridge.secret-key", null),
                Path.of(in.string(
                        "bridge.secret-key-file", dataDir.resolve("secret.key").toString())),
                nodeId,
                in.bool("bridge.requests.allow-mixed-credentials", false),
                in.string("bridge.queue.reply-to-pattern", null),
                in.bool("bridge.requests.preflight", false));
        if (settings.preflight() && !settings.oms().v2()) {
            in.problem("bridge.requests.preflight: the checks before a task are OMS API v2's calls (CheckPrefix,"
                    + " ShowBucketRegion, ListBuckets): set oms.api-version=v2 too");
        }
        if (!settings.oms().v2()) {
            settings.credentials.forEach((alias, c) -> {
                if (c.securityToken() != null) {
                    in.problem("credentials." + alias + ".security-token: OMS API v1 takes no security token (temporary"
                            + " keys need oms.api-version=v2)");
                }
            });
        }
        boolean portNamed = in.problems().stream().anyMatch(p -> p.startsWith("broker.port:"));
        if (settings.embeddedBroker()
                && settings.brokerPort() > 0
                && !portNamed
                && (settings.brokerUsername() == null || settings.brokerPassword() == null)) {
            in.problem("broker.username, broker.password: required while the embedded broker listens on broker.port "
                    + settings.brokerPort() + " (anyone who reaches the port could submit requests); set both"
                    + " (BROKER_USERNAME, BROKER_PASSWORD) or broker.port=0 for in-VM use only");
        }
        if (!in.problems().isEmpty()) {
            throw new ConfigurationException(in.problems());
        }
        return settings;
    }

    /** The project of requests that do not name one (and of the token's scope). */
    public String projectId() {
        return oms.projectId();
    }

    public Optional<Credential> credential(String alias) {
        return Optional.ofNullable(credentials.get(alias));
    }

    public boolean embeddedBroker() {
        return brokerUrl.startsWith("vm://");
    }

    /** An AMQP 1.0 broker (amqp:// or amqps://), reached with Qpid JMS; anything else is an Artemis URL. */
    public boolean amqpBroker() {
        return brokerUrl.startsWith("amqp://") || brokerUrl.startsWith("amqps://");
    }

    private static String brokerUrl(SettingsReader in) {
        String url = in.string("broker.url", "vm://0");
        if (!url.matches("(?i)(vm|tcp|ssl|amqp|amqps)://.+|\\(.+\\).*")) {
            in.problem("broker.url: must be vm://0 (the embedded broker), an Artemis URL (tcp://host:61616, a"
                    + " (tcp://a:61616,tcp://b:61616) list) or an AMQP 1.0 URL (amqp://host:5672, amqps://...), got '"
                    + url + "'");
        }
        return url;
    }

    private static final Set<String> CREDENTIAL_KEYS = Set.of("ak", "sk", "security-token", "sides", "buckets");

    private static Map<String, Credential> credentials(PropertiesComponent properties, SettingsReader in) {
        TreeMap<String, Map<String, String>> byAlias = new TreeMap<>();
        Set<String> keys = new TreeSet<>(
                properties.loadProperties(k -> k.startsWith("credentials.")).stringPropertyNames());
        System.getProperties().stringPropertyNames().stream()
                .filter(k -> k.startsWith("credentials."))
                .forEach(keys::add);
        for (String key : keys) {
            String[] parts = key.split("\\.");
            if (parts.length != 3 || !CREDENTIAL_KEYS.contains(parts[2])) {
                in.problem(key + ": credential keys must look like credentials.<alias>.ak, .sk, .security-token,"
                        + " .sides or .buckets");
                continue;
            }
            Map<String, String> values = byAlias.computeIfAbsent(parts[1], a -> new HashMap<>());
            in.optional(key).ifPresent(v -> values.put(parts[2], v));
        }
        TreeMap<String, Credential> result = new TreeMap<>();
        byAlias.forEach((alias, values) -> {
            if (values.get("ak") == null || values.get("sk") == null) {
                in.problem("credentials." + alias + ": both credentials." + alias + ".ak and credentials." + alias
                        + ".sk must be set");
                return;
            }
            String sides = values.getOrDefault("sides", "both").trim().toLowerCase(Locale.ROOT);
            boolean source = sides.equals("both") || sides.equals("source");
            boolean destination = sides.equals("both") || sides.equals("destination");
            if (!source && !destination) {
                in.problem("credentials." + alias + ".sides: must be source, destination or both, got '" + sides + "'");
            }
            List<String> buckets = values.containsKey("buckets")
                    ? Arrays.stream(values.get("buckets").split(","))
                            .map(String::trim)
                            .filter(b -> !b.isEmpty())
                            .toList()
                    : List.of();
            String token = values.get("security-token");
            if (token != null && !token.matches("[!-~]{1,16384}")) {
                // the value is not repeated: it is a secret
                in.problem("credentials." + alias + ".security-token: must be 1 to 16384 printable characters without"
                        + " spaces");
            }
            result.put(
                    alias,
                    new Credential(
                            values.get("ak"),
                            values.get("sk"),
                            new AliasPolicy(source, destination, buckets, token != null),
                            token));
        });
        return Map.copyOf(result);
    }

    @Override
    public String toString() {
        return "BridgeSettings[" + oms + ", credentials=" + credentials.keySet() + ", data=" + dataDir + ", broker="
                + URISupport.sanitizeUri(brokerUrl) + "]";
    }
}
