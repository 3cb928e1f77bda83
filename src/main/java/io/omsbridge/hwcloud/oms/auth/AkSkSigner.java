package io.omsbridge.hwcloud.oms.auth;

import java.net.URI;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.security.InvalidKeyException;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.TreeMap;
import java.util.function.Function;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;

/**
 * {@code SDK-HMAC-SHA256} request signing (oms-api.md §8) the way Huawei's official Java SDK 3.1.143 computes it
 * (§11): the client side signs a request, the server side parses an {@code Authorization} header and recomputes the
 * signature over exactly the headers the client named. No state, so no secret can leak through a {@code toString()};
 * no message of this class ever contains a secret key.
 *
 * <p>To sign as the SDK does, pass {@code User-Agent} and {@code X-Project-Id} as the headers to sign and leave
 * {@code Content-Type} out: the SDK signs {@code host;user-agent;x-project-id;x-sdk-date} on every OMS call.
 */
public final class AkSkSigner {

    public static final String ALGORITHM = "SDK-HMAC-SHA256";
    public static final String DATE_HEADER = "X-Sdk-Date";
    /** A temporary access key's security token, as Huawei's SDKs send it beside the signature. */
    public static final String SECURITY_TOKEN_HEADER = "X-Security-Token";
    /** When a client sends this header its value stands in for the body hash (the SDK does so for non-JSON bodies). */
    public static final String CONTENT_SHA256_HEADER = "X-Sdk-Content-Sha256";

    public static final String UNSIGNED_PAYLOAD = "UNSIGNED-PAYLOAD";
    /** Hex SHA-256 of zero bytes: the body hash of a GET or of a POST with an empty body. */
    public static final String EMPTY_BODY_SHA256 = "e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855";
    /** {@code X-Sdk-Date}: basic ISO 8601 in UTC, e.g. {@code 20191115T033655Z}. */
    public static final DateTimeFormatter SDK_DATE =
            DateTimeFormatter.ofPattern("yyyyMMdd'T'HHmmss'Z'").withZone(ZoneOffset.UTC);

    private static final HexFormat HEX = HexFormat.of();
    private static final String HMAC = "HmacSHA256";

    private AkSkSigner() {}

    /** What a client adds to its request: {@code X-Sdk-Date} and {@code Authorization}; the canonical request for
     * debugging. */
    public record Signed(String sdkDate, String authorization, String canonicalRequest) {}

    /** The three parts of an {@code Authorization: SDK-HMAC-SHA256 Access=..., SignedHeaders=..., Signature=...}
     * header. */
    public record Authorization(String accessKey, List<String> signedHeaders, String signature) {

        public Authorization {
            signedHeaders = List.copyOf(signedHeaders);
        }
    }

    /**
     * Signs a request.
     *
     * @param method        HTTP method, any case
     * @param uri           the full request URI as it goes on the wire, percent-encoded (its path and query are signed)
     * @param headersToSign names and values of the headers to sign; {@code Host} is added from the URI's authority and
     *                      {@code X-Sdk-Date} from {@code now} unless given here (a given X-Sdk-Date is signed as is)
     * @param body          the body bytes exactly as sent; null or empty for none
     * @param now           the signing instant
     */
    public static Signed sign(
            String method, URI uri, Map<String, String> headersToSign, byte[] body, String ak, String sk, Instant now) {
        Objects.requireNonNull(method, "method");
        Objects.requireNonNull(uri, "uri");
        Objects.requireNonNull(now, "now");
        requireKey(ak, "ak");
        requireKey(sk, "sk");
        if (ak.indexOf(',') >= 0 || ak.chars().anyMatch(Character::isWhitespace)) {
            throw new IllegalArgumentException(
                    "ak must not contain commas or blanks: it goes into the Authorization header");
        }
        // TreeMap: the SDK signs the lower-cased names in String order
        TreeMap<String, String> headers = new TreeMap<>();
        for (Map.Entry<String, String> h : headersToSign.entrySet()) {
            String name = h.getKey().toLowerCase(Locale.ROOT);
            if (name.isEmpty() || name.indexOf('_') >= 0 || name.indexOf(':') >= 0 || name.indexOf(';') >= 0) {
                // gateways drop names with '_' (the SDK never signs them); ':' and ';' would break the canonical form
                throw new IllegalArgumentException("header name cannot be signed: '" + h.getKey() + "'");
            }
            if (headers.put(name, Objects.requireNonNull(h.getValue(), name)) != null) {
                throw new IllegalArgumentException("header given twice: " + name);
            }
        }
        headers.putIfAbsent("host", Objects.requireNonNull(uri.getRawAuthority(), "uri has no authority"));
        headers.putIfAbsent("x-sdk-date", SDK_DATE.format(now));
        String sdkDate = headers.get("x-sdk-date");
        String payloadHash = UNSIGNED_PAYLOAD.equals(headers.get("x-sdk-content-sha256"))
                ? UNSIGNED_PAYLOAD
                : sha256Hex(body == null ? new byte[0] : body);
        String canonical = canonicalRequest(method, uri.getRawPath(), uri.getRawQuery(), headers, payloadHash);
        String signature = signature(canonical, sdkDate, sk);
        String authorization = ALGORITHM + " Access=" + ak + ", SignedHeaders=" + String.join(";", headers.keySet())
                + ", Signature=" + signature;
        return new Signed(sdkDate, authorization, canonical);
    }

    /**
     * Parses an {@code Authorization} header of this algorithm.
     *
     * @return empty when the header is of another scheme or lacks Access, SignedHeaders or Signature
     */
    public static Optional<Authorization> parseAuthorization(String header) {
        if (header == null || !header.startsWith(ALGORITHM + " ")) {
            return Optional.empty();
        }
        Map<String, String> parts = new LinkedHashMap<>();
        for (String part : header.substring(ALGORITHM.length() + 1).split(",")) {
            String p = part.trim();
            int eq = p.indexOf('=');
            if (eq <= 0 || parts.putIfAbsent(p.substring(0, eq), p.substring(eq + 1)) != null) {
                return Optional.empty();
            }
        }
        String access = parts.get("Access");
        String names = parts.get("SignedHeaders");
        String signature = parts.get("Signature");
        if (access == null
                || access.isEmpty()
                || names == null
                || names.isEmpty()
                || signature == null
                || signature.isEmpty()) {
            return Optional.empty();
        }
        List<String> signed = List.of(names.split(";", -1));
        if (signed.stream().anyMatch(String::isEmpty)) {
            return Optional.empty();
        }
        return Optional.of(new Authorization(access, signed, signature));
    }

    /**
     * Recomputes the signature of a received request and compares it in constant time.
     *
     * @param rawPath the path as received, still percent-encoded
     * @param rawQuery the query as received, still percent-encoded; null for none
     * @param header  the request's header values by name, case-insensitive; null when absent
     * @param body    the body bytes as received (de-chunked)
     * @return false too when a header the client named is missing or X-Sdk-Date is absent
     */
    public static boolean verify(
            String method,
            String rawPath,
            String rawQuery,
            Function<String, String> header,
            byte[] body,
            Authorization authorization,
            String sk) {
        String expected = expectedSignature(method, rawPath, rawQuery, header, body, authorization, sk);
        return expected != null
                && MessageDigest.isEqual(
                        expected.getBytes(StandardCharsets.US_ASCII),
                        authorization.signature().getBytes(StandardCharsets.UTF_8));
    }

    /** The signature a server expects for this request; null when it cannot be computed. */
    static String expectedSignature(
            String method,
            String rawPath,
            String rawQuery,
            Function<String, String> header,
            byte[] body,
            Authorization authorization,
            String sk) {
        requireKey(sk, "sk");
        String sdkDate = header.apply(DATE_HEADER);
        if (sdkDate == null) {
            return null;
        }
        // exactly the headers the client named, in its order and spelling: a header it left out may change freely
        Map<String, String> headers = new LinkedHashMap<>();
        for (String name : authorization.signedHeaders()) {
            String value = header.apply(name);
            if (value == null) {
                return null;
            }
            headers.put(name, value);
        }
        String payloadHash = UNSIGNED_PAYLOAD.equals(header.apply(CONTENT_SHA256_HEADER))
                ? UNSIGNED_PAYLOAD
                : sha256Hex(body == null ? new byte[0] : body);
        return signature(canonicalRequest(method, rawPath, rawQuery, headers, payloadHash), sdkDate, sk);
    }

    /** The instant of an {@code X-Sdk-Date} value; empty when it does not parse. */
    public static Optional<Instant> parseDate(String sdkDate) {
        if (sdkDate == null) {
            return Optional.empty();
        }
        try {
            return Optional.of(Instant.from(SDK_DATE.parse(sdkDate)));
        } catch (DateTimeParseException e) {
            return Optional.empty();
        }
    }

    /** Lower-case hex SHA-256 of the bytes. */
    public static String sha256Hex(byte[] bytes) {
        return HEX.formatHex(sha256().digest(bytes));
    }

    static String canonicalRequest(
            String method, String rawPath, String rawQuery, Map<String, String> headers, String payloadHash) {
        StringBuilder canonicalHeaders = new StringBuilder();
        // values as they are: the SDK does not trim them (§11)
        headers.forEach((name, value) ->
                canonicalHeaders.append(name).append(':').append(value).append('\n'));
        return String.join(
                "\n",
                method.toUpperCase(Locale.ROOT),
                canonicalUri(rawPath),
                canonicalQuery(rawQuery),
                canonicalHeaders.toString(),
                String.join(";", headers.keySet()),
                payloadHash);
    }

    /**
     * Each segment decoded, encoded the SDK's way and followed by '/'. The SDK encodes the segments of its unencoded
     * {@code URL.getPath()} ({@code /tasks/a b}); the wire carries them encoded ({@code /tasks/a%20b}): decoding
     * first makes both sides meet.
     */
    static String canonicalUri(String rawPath) {
        if (rawPath == null || rawPath.isEmpty() || rawPath.equals("/")) {
            return "/";
        }
        StringBuilder uri = new StringBuilder();
        // String.split drops trailing empty segments, so "/a/" and "/a" both end in a single "/"
        for (String segment : rawPath.split("/")) {
            uri.append(encode(decode(segment))).append('/');
        }
        return uri.toString();
    }

    /** Pairs decoded, encoded the SDK's way, sorted by key only; values of a repeated key keep their order. */
    static String canonicalQuery(String rawQuery) {
        if (rawQuery == null || rawQuery.isEmpty()) {
            return "";
        }
        TreeMap<String, List<String>> sorted = new TreeMap<>();
        for (String pair : rawQuery.split("&")) {
            if (pair.isEmpty()) {
                continue;
            }
            int eq = pair.indexOf('=');
            String key = encode(decode(eq < 0 ? pair : pair.substring(0, eq)));
            String value = encode(decode(eq < 0 ? "" : pair.substring(eq + 1)));
            sorted.computeIfAbsent(key, k -> new ArrayList<>()).add(value);
        }
        StringBuilder query = new StringBuilder();
        sorted.forEach((key, values) -> values.forEach(v -> {
            if (query.length() > 0) {
                query.append('&');
            }
            query.append(key).append('=').append(v);
        }));
        return query.toString();
    }

    /** The SDK's {@code SignUtils.urlEncode}: form encoding with %20 for blanks, %2A for '*' and a bare '~'. */
    static String encode(String s) {
        return URLEncoder.encode(s, StandardCharsets.UTF_8)
                .replace("+", "%20")
                .replace("*", "%2A")
                .replace("%7E", "~");
    }

    /** Percent-decoding only ('+' stays '+'); a malformed escape is kept as it is. */
    static String decode(String s) {
        if (s.indexOf('%') < 0) {
            return s;
        }
        byte[] raw = s.getBytes(StandardCharsets.UTF_8);
        // decoding never lengthens the bytes
        byte[] out = new byte[raw.length];
        int n = 0;
        for (int i = 0; i < raw.length; i++) {
            int hi = i + 2 < raw.length && raw[i] == '%' ? Character.digit(raw[i + 1], 16) : -1;
            int lo = hi >= 0 ? Character.digit(raw[i + 2], 16) : -1;
            if (lo >= 0) {
                out[n++] = (byte) (hi * 16 + lo);
                i += 2;
            } else {
                out[n++] = raw[i];
            }
        }
        return new String(out, 0, n, StandardCharsets.UTF_8);
    }

    private static String signature(String canonicalRequest, String sdkDate, String sk) {
        String stringToSign =
                ALGORITHM + "\n" + sdkDate + "\n" + sha256Hex(canonicalRequest.getBytes(StandardCharsets.UTF_8));
        try {
            Mac mac = Mac.getInstance(HMAC);
            mac.init(new SecretKeySpec(sk.getBytes(StandardCharsets.UTF_8), HMAC));
            return HEX.formatHex(mac.doFinal(stringToSign.getBytes(StandardCharsets.UTF_8)));
        } catch (NoSuchAlgorithmException | InvalidKeyException e) {
            // never the key itself in the message
            throw new IllegalStateException(
                    "HMAC-SHA256 is not available: " + e.getClass().getSimpleName());
        }
    }

    private static MessageDigest sha256() {
        try {
            return MessageDigest.getInstance("SHA-256");
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("SHA-256 is not available", e);
        }
    }

    private static void requireKey(String key, String what) {
        Objects.requireNonNull(key, what);
        if (key.isEmpty()) {
            throw new IllegalArgumentException(what + " must not be empty");
        }
    }
}
