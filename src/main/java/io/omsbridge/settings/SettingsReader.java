package io.omsbridge.settings;

import java.net.URI;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.Set;
import java.util.TreeSet;
import java.util.function.Function;
import org.apache.camel.spi.PropertiesComponent;

/**
 * Reads typed settings from Camel's properties (files, then -D, then environment) and collects every problem instead of
 * failing on the first one.
 */
public final class SettingsReader {

    private final PropertiesComponent properties;
    private final List<String> problems = new ArrayList<>();

    public SettingsReader(PropertiesComponent properties) {
        this.properties = properties;
    }

    public Optional<String> optional(String key) {
        return properties.resolveProperty(key).map(String::trim).filter(v -> !v.isEmpty());
    }

    public String string(String key, String fallback) {
        return optional(key).orElse(fallback);
    }

    public String required(String key, String what) {
        Optional<String> value = optional(key);
        if (value.isEmpty()) {
            problems.add(key + ": required, " + what + " (set it in config/credentials.properties, -D" + key
                    + "=... or " + envName(key) + ")");
            return null;
        }
        return value.get();
    }

    /** Which of {@code keys} have a value. */
    public List<String> present(String... keys) {
        return Arrays.stream(keys).filter(k -> optional(k).isPresent()).toList();
    }

    /** The keys under {@code prefix} in the configuration files and the JVM's system properties. */
    public Set<String> keysStartingWith(String prefix) {
        Set<String> keys = new TreeSet<>(
                properties.loadProperties(k -> k.startsWith(prefix)).stringPropertyNames());
        System.getProperties().stringPropertyNames().stream()
                .filter(k -> k.startsWith(prefix))
                .forEach(keys::add);
        return keys;
    }

    public URI url(String key, String what, boolean required) {
        String raw = required ? required(key, what) : optional(key).orElse(null);
        if (raw == null) {
            return null;
        }
        return parse(key, raw, "an absolute http(s) URL, " + what, v -> {
            URI uri = URI.create(v.endsWith("/") ? v.substring(0, v.length() - 1) : v);
            if (uri.getHost() == null || !("http".equals(uri.getScheme()) || "https".equals(uri.getScheme()))) {
                throw new IllegalArgumentException();
            }
            return uri;
        });
    }

    /**
     * An IAM or OMS endpoint: https, or http only to a loopback address (the simulator) unless {@code insecure}, since
     * the IAM password, the token and every AK/SK travel on it.
     */
    public URI endpoint(String key, String what, boolean required, boolean insecure) {
        URI uri = url(key, what, required);
        if (uri != null && "http".equals(uri.getScheme()) && !insecure && !loopback(uri.getHost())) {
            problems.add(key + ": must be https:// (secrets travel on it); http:// is allowed only to a loopback"
                    + " address such as 127.0.0.1, or with bridge.allow-insecure-http=true, got '" + uri + "'");
        }
        return uri;
    }

    /** localhost, 127.0.0.0/8 or ::1, as written: a name that resolves there does not count. */
    static boolean loopback(String host) {
        String h = host.startsWith("[") ? host.substring(1, host.length() - 1) : host;
        return h.equalsIgnoreCase("localhost")
                || h.matches("127(\\.\\d{1,3}){3}")
                || h.equals("::1")
                || h.equals("0:0:0:0:0:0:0:1");
    }

    public int integer(String key, int fallback, int min, int max) {
        return optional(key)
                .map(v -> parse(key, v, "an integer between " + min + " and " + max, s -> {
                    int n = Integer.parseInt(s);
                    if (n < min || n > max) {
                        throw new IllegalArgumentException();
                    }
                    return n;
                }))
                .orElse(fallback);
    }

    public long millis(String key, long fallback) {
        return optional(key)
                .map(v -> parse(
                        key,
                        v,
                        "a duration in milliseconds (or ISO-8601 like PT30S)",
                        s -> s.startsWith("P") || s.startsWith("p")
                                ? Duration.parse(s).toMillis()
                                : Long.parseLong(s)))
                .orElse(fallback);
    }

    public double decimal(String key, double fallback) {
        return optional(key)
                .map(v -> parse(key, v, "a number", Double::parseDouble))
                .orElse(fallback);
    }

    public boolean bool(String key, boolean fallback) {
        return optional(key)
                .map(v -> parse(key, v, "true or false", s -> {
                    if (!s.equalsIgnoreCase("true") && !s.equalsIgnoreCase("false")) {
                        throw new IllegalArgumentException();
                    }
                    return Boolean.parseBoolean(s);
                }))
                .orElse(fallback);
    }

    public void problem(String line) {
        problems.add(line);
    }

    public List<String> problems() {
        return problems;
    }

    private <T> T parse(String key, String raw, String rule, Function<String, T> parser) {
        try {
            return parser.apply(raw);
        } catch (RuntimeException e) {
            problems.add(key + ": must be " + rule + ", got '" + raw + "'");
            return null;
        }
    }

    static String envName(String key) {
        return key.toUpperCase(Locale.ROOT).replace('.', '_').replace('-', '_');
    }
}
