package io.omsbridge.api;

import java.io.IOException;
import java.io.InputStream;
import java.util.Map;
import java.util.regex.Pattern;
import org.apache.camel.Exchange;
import org.apache.camel.Header;
import org.apache.camel.Message;

/**
 * The dashboard's files, served from the jar's {@code dashboard/} folder and nowhere else: a name is one plain file
 * name with a known extension ({@code index.html}, {@code app.js}, ...), so no path leads to another file of the
 * classpath or the disk (Camel's own static file server would serve both).
 */
public final class DashboardAssets {

    private static final Pattern NAME = Pattern.compile("[a-z0-9][a-z0-9-]*\\.(html|js|css|svg|png|ico)");
    private static final Map<String, String> TYPES = Map.of(
            "html",
            "text/html; charset=utf-8",
            "js",
            "text/javascript; charset=utf-8",
            "css",
            "text/css; charset=utf-8",
            "svg",
            "image/svg+xml",
            "png",
            "image/png",
            "ico",
            "image/x-icon");

    /** {@code GET /} and {@code GET /dashboard/{file}}: the file as bytes with its type, or a 404 (in JSON). */
    public void serve(@Header("file") String file, Exchange exchange) throws IOException {
        String name = file == null || file.isEmpty() ? "index.html" : file;
        Message out = exchange.getMessage();
        out.removeHeaders("*");
        byte[] bytes = NAME.matcher(name).matches() ? read(name) : null;
        if (bytes == null) {
            throw new ApiException(
                    404,
                    "NOT_FOUND",
                    "no such file of the dashboard: " + (name.length() > 80 ? name.substring(0, 80) + "..." : name));
        }
        out.setHeader(Exchange.CONTENT_TYPE, TYPES.get(name.substring(name.lastIndexOf('.') + 1)));
        // the page changes with the jar: always ask again, never show an old one
        out.setHeader("Cache-Control", "no-cache");
        out.setHeader("X-Content-Type-Options", "nosniff");
        out.setBody(bytes);
    }

    private static byte[] read(String name) throws IOException {
        try (InputStream in = DashboardAssets.class.getResourceAsStream("/dashboard/" + name)) {
            return in == null ? null : in.readAllBytes();
        }
    }
}
