package io.omsbridge.request;

import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.json.JsonReadFeature;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.json.JsonMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import java.util.Iterator;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The copy of an input the bridge keeps (a request file in {@code .done/} or {@code .failed/}, a dead-lettered
 * message): everything the sender wrote but the inline secrets, each replaced by a fingerprint
 * ({@code redacted:sha256:<16 hex>}, the start of the value's SHA-256), so an operator can still tell which key it was.
 * Secrets are found by field name wherever they are (a misspelt or misplaced field included); input that is not JSON
 * is searched for {@code "name": "value"} pairs of those names.
 */
public final class SecretRedaction {

    /** Field names whose values are secrets, in the v1 and v2 create and start bodies and in an IAM request. */
    static final Set<String> SECRET_NAMES = Set.of(
            "ak",
            "sk",
            "authentication_key",
            "security_token",
            "connection_string",
            "json_auth_file",
            "password",
            "token",
            "src_ak",
            "src_sk",
            "dst_ak",
            "dst_sk",
            "source_ak",
            "source_sk",
            "target_ak",
            "target_sk",
            "source_cdn_authentication_key",
            "src_security_token",
            "dst_security_token");

    private static final Pattern ANY_SECRET_NAME =
            Pattern.compile("(?i)[\"']?\\b(" + String.join("|", SECRET_NAMES) + ")\\b[\"']?\\s*:");
    private static final Pattern QUOTED_PAIR = Pattern.compile("(?i)([\"'](?:" + String.join("|", SECRET_NAMES)
            + ")[\"']\\s*:\\s*)(\"(?:[^\"\\\\]|\\\\.)*\"|'(?:[^'\\\\]|\\\\.)*')");
    /** Lenient, so the secrets of an almost-JSON input (comments, single quotes, a trailing comma) are found too. */
    private static final ObjectMapper LENIENT = JsonMapper.builder()
            .enable(
                    JsonReadFeature.ALLOW_JAVA_COMMENTS,
                    JsonReadFeature.ALLOW_SINGLE_QUOTES,
                    JsonReadFeature.ALLOW_UNQUOTED_FIELD_NAMES,
                    JsonReadFeature.ALLOW_TRAILING_COMMA,
                    JsonReadFeature.ALLOW_NON_NUMERIC_NUMBERS)
            .disable(JsonParser.Feature.STRICT_DUPLICATE_DETECTION)
            .build();

    private SecretRedaction() {}

    /** The input with its secrets replaced, line by line for a {@code .jsonl}; empty when it holds none. */
    public static Optional<byte[]> redact(byte[] input, boolean lines) {
        String text = new String(input, StandardCharsets.UTF_8);
        if (!ANY_SECRET_NAME.matcher(text).find()) {
            return Optional.empty();
        }
        if (!lines) {
            return Optional.of(redactDocument(text).getBytes(StandardCharsets.UTF_8));
        }
        StringBuilder out = new StringBuilder(text.length());
        int start = 0;
        while (start <= text.length()) {
            int end = text.indexOf('\n', start);
            String line = text.substring(start, end < 0 ? text.length() : end);
            boolean cr = line.endsWith("\r");
            String content = cr ? line.substring(0, line.length() - 1) : line;
            out.append(ANY_SECRET_NAME.matcher(content).find() ? redactDocument(content) : content);
            if (cr) {
                out.append('\r');
            }
            if (end < 0) {
                break;
            }
            out.append('\n');
            start = end + 1;
        }
        return Optional.of(out.toString().getBytes(StandardCharsets.UTF_8));
    }

    /** One JSON text: re-written with its secrets replaced, or, when it is not JSON, its quoted pairs replaced. */
    private static String redactDocument(String text) {
        try {
            JsonNode tree = LENIENT.readTree(text);
            if (tree != null && tree.isContainerNode()) {
                redactTree(tree);
                return LENIENT.writeValueAsString(tree);
            }
        } catch (Exception notJson) {
            // fall through to the textual search
        }
        Matcher m = QUOTED_PAIR.matcher(text);
        StringBuilder out = new StringBuilder();
        while (m.find()) {
            String quoted = m.group(2);
            m.appendReplacement(
                    out,
                    Matcher.quoteReplacement(
                            m.group(1) + "\"" + fingerprint(quoted.substring(1, quoted.length() - 1)) + "\""));
        }
        m.appendTail(out);
        return out.toString();
    }

    private static void redactTree(JsonNode node) {
        if (node instanceof ObjectNode object) {
            for (Iterator<Map.Entry<String, JsonNode>> it = object.fields(); it.hasNext(); ) {
                Map.Entry<String, JsonNode> field = it.next();
                if (SECRET_NAMES.contains(field.getKey().toLowerCase(Locale.ROOT))) {
                    JsonNode value = field.getValue();
                    field.setValue(object.textNode(fingerprint(value.isTextual() ? value.asText() : value.toString())));
                } else {
                    redactTree(field.getValue());
                }
            }
        } else if (node instanceof ArrayNode array) {
            array.forEach(SecretRedaction::redactTree);
        }
    }

    /** How a secret reads in a kept copy: enough to tell two keys apart, nothing to use. */
    public static String fingerprint(String secret) {
        try {
            byte[] hash = MessageDigest.getInstance("SHA-256").digest(secret.getBytes(StandardCharsets.UTF_8));
            return "redacted:sha256:" + HexFormat.of().formatHex(hash, 0, 8);
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }
}
