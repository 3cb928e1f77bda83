package io.omsbridge.simulator;

import com.sun.net.httpserver.HttpExchange;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.HashMap;
import java.util.Map;
import java.util.concurrent.ThreadLocalRandom;

/** Small helpers for reading requests and writing answers on a JDK HttpExchange. */
final class HttpIo {

    static final String JSON = "application/json;charset=UTF-8";
    private static final char[] HEX = "0123456789abcdef".toCharArray();

    private HttpIo() {}

    /** Tags the answer with a fresh X-Request-Id and returns it. */
    static String begin(HttpExchange ex) {
        String id = requestId();
        ex.getResponseHeaders().set("X-Request-Id", id);
        return id;
    }

    static String requestId() {
        ThreadLocalRandom r = ThreadLocalRandom.current();
        char[] out = new char[32];
        long a = r.nextLong();
        long b = r.nextLong();
        for (int i = 0; i < 16; i++) {
            out[i] = HEX[(int) (a >>> (i * 4)) & 0xF];
            out[16 + i] = HEX[(int) (b >>> (i * 4)) & 0xF];
        }
        return new String(out);
    }

    static byte[] readBody(HttpExchange ex) throws IOException {
        try (InputStream in = ex.getRequestBody()) {
            return in.readAllBytes();
        }
    }

    static void sendJson(HttpExchange ex, int status, byte[] body) throws IOException {
        ex.getResponseHeaders().set("Content-Type", JSON);
        ex.sendResponseHeaders(status, body.length);
        ex.getResponseBody().write(body);
        ex.close();
    }

    /**
     * The answer with its Content-Length, the headers at once and then the body one byte at a time, a pause of
     * total/length before each byte, so no single read waits long but the whole answer takes {@code total}.
     */
    static void sendTrickled(HttpExchange ex, int status, byte[] body, Duration total) throws IOException {
        ex.getResponseHeaders().set("Content-Type", JSON);
        ex.sendResponseHeaders(status, body.length);
        OutputStream out = ex.getResponseBody();
        out.flush();
        long pause = total.toNanos() / Math.max(1, body.length);
        for (byte b : body) {
            FaultGate.sleep(pause);
            out.write(b);
            out.flush();
        }
        ex.close();
    }

    /** 200-style answer with zero body bytes (Content-Length: 0). */
    static void sendEmpty(HttpExchange ex, int status) throws IOException {
        ex.sendResponseHeaders(status, -1);
        ex.close();
    }

    /** Decoded query parameters; the last value wins on repeats. */
    static Map<String, String> query(HttpExchange ex) {
        String raw = ex.getRequestURI().getRawQuery();
        Map<String, String> params = new HashMap<>();
        if (raw == null || raw.isEmpty()) {
            return params;
        }
        for (String pair : raw.split("&")) {
            if (pair.isEmpty()) {
                continue;
            }
            int eq = pair.indexOf('=');
            String key = eq < 0 ? pair : pair.substring(0, eq);
            String value = eq < 0 ? "" : pair.substring(eq + 1);
            params.put(decode(key), decode(value));
        }
        return params;
    }

    static boolean fromLoopback(HttpExchange ex) {
        return ex.getRemoteAddress() != null
                && ex.getRemoteAddress().getAddress() != null
                && ex.getRemoteAddress().getAddress().isLoopbackAddress();
    }

    private static String decode(String s) {
        try {
            return URLDecoder.decode(s, StandardCharsets.UTF_8);
        } catch (IllegalArgumentException e) {
            return s;
        }
    }
}
