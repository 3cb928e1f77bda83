package io.omsbridge.corpus;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.omsbridge.BridgeRun;
import io.omsbridge.request.RequestReader;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/** The bad-input corpus as the manifest {@code corpus/expected.json} describes it: entries, outcomes and bytes. */
record CorpusManifest(int maxFileBytes, List<String> acceptedBefore, List<Entry> entries) {

    static final String DIR = "/corpus/";

    /** What one request (a {@code .json} file, or one line of a {@code .jsonl}) must come to. */
    record Outcome(Integer line, String expect, String requestId, String field, String message) {

        boolean accepted() {
            return "accepted".equals(expect);
        }

        boolean duplicate() {
            return "duplicate".equals(expect);
        }

        boolean rejected() {
            return "rejected".equals(expect);
        }

        /** "rejected on thread_num (maximum value of 50)", "accepted", "duplicate". */
        String describe() {
            return rejected()
                    ? "rejected on " + (field == null ? "the whole input" : field) + " (" + message + ")"
                    : expect;
        }
    }

    /**
     * One corpus file; {@code outcomes}: one for a {@code .json}, one per request line of a {@code .jsonl};
     * {@code mustNotShow}: secrets in it that nothing the bridge writes about it may repeat.
     */
    record Entry(
            String file,
            String dropAs,
            String about,
            String generate,
            String from,
            boolean queue,
            String queueRequestId,
            List<Outcome> outcomes,
            List<String> mustNotShow) {

        String dropName() {
            return dropAs == null ? file : dropAs;
        }

        boolean jsonl() {
            return file.endsWith(".jsonl");
        }

        /** A single request, so it can also be sent to the queue. */
        boolean queueable() {
            return queue && !jsonl();
        }

        Outcome single() {
            return outcomes.get(0);
        }

        boolean anyRejected() {
            return outcomes.stream().anyMatch(Outcome::rejected);
        }

        long count(String expect) {
            return outcomes.stream().filter(o -> o.expect().equals(expect)).count();
        }

        /** The id the queue uses: the body's own valid request_id if it has one, else the requestId header. */
        String queueId(String header) {
            return queueRequestId == null ? header : queueRequestId;
        }

        /** "syntax-trailing-comma.json: a trailing comma is not JSON". */
        String title() {
            return file + ": " + about;
        }
    }

    static CorpusManifest load() {
        JsonNode root = readJson("expected.json");
        List<String> before = new ArrayList<>();
        root.path("accepted_before").forEach(n -> before.add(n.asText()));
        List<Entry> entries = new ArrayList<>();
        for (JsonNode e : root.path("entries")) {
            List<Outcome> outcomes = new ArrayList<>();
            if (e.has("lines")) {
                e.path("lines").forEach(l -> outcomes.add(outcome(l)));
            } else {
                outcomes.add(outcome(e));
            }
            List<String> secrets = new ArrayList<>();
            e.path("must_not_show").forEach(n -> secrets.add(n.asText()));
            entries.add(new Entry(
                    e.path("file").asText(),
                    text(e, "drop_as"),
                    e.path("about").asText(),
                    text(e, "generate"),
                    text(e, "from"),
                    e.path("queue").asBoolean(true),
                    text(e, "queue_request_id"),
                    List.copyOf(outcomes),
                    List.copyOf(secrets)));
        }
        return new CorpusManifest(root.path("max_file_bytes").asInt(), List.copyOf(before), List.copyOf(entries));
    }

    /** The bytes of an entry: the corpus file, or the bytes the test makes for entries awkward to commit. */
    byte[] bytes(Entry entry) {
        if (entry.generate() == null) {
            return resource(entry.file());
        }
        byte[] source = resource(entry.from());
        if (entry.generate().startsWith("long-description-")) {
            return longDescription(source, Integer.parseInt(entry.generate().substring("long-description-".length())));
        }
        if (entry.generate().startsWith("latin-1-line-")) {
            return latin1Line(source, Integer.parseInt(entry.generate().substring("latin-1-line-".length())));
        }
        return switch (entry.generate()) {
            case "nul-bytes" -> {
                byte[] b = Arrays.copyOf(source, source.length + 1);
                System.arraycopy(source, 1, b, 2, source.length - 1);
                b[1] = 0;
                yield b;
            }
            case "latin-1" -> new String(source, StandardCharsets.UTF_8).getBytes(StandardCharsets.ISO_8859_1);
            case "utf8-bom" -> concat(new byte[] {(byte) 0xEF, (byte) 0xBB, (byte) 0xBF}, source);
            // valid JSON, padded with trailing blanks past the cap: only the size rule can reject it
            case "oversize" -> concat(source, " ".repeat(maxFileBytes).getBytes(StandardCharsets.US_ASCII));
            case "long-request" -> longRequest(source);
            default -> throw new IllegalArgumentException("unknown generator " + entry.generate());
        };
    }

    /** Line {@code n} (1-based) re-encoded as Latin-1, the other lines left as UTF-8. */
    private static byte[] latin1Line(byte[] source, int n) {
        String[] lines = new String(source, StandardCharsets.UTF_8).split("\n", -1);
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        for (int i = 0; i < lines.length; i++) {
            out.writeBytes(lines[i].getBytes(i == n - 1 ? StandardCharsets.ISO_8859_1 : StandardCharsets.UTF_8));
            if (i < lines.length - 1) {
                out.write('\n');
            }
        }
        return out.toByteArray();
    }

    /** The request with a description of {@code length} characters: far over its 255, under the request's limit. */
    private static byte[] longDescription(byte[] source, int length) {
        try {
            ObjectNode body = (ObjectNode) BridgeRun.JSON.readTree(source);
            body.put("description", "d".repeat(length));
            return BridgeRun.JSON.writeValueAsBytes(body);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** A valid request naming so many objects that it is just over {@link RequestReader#MAX_REQUEST_CHARS}. */
    private static byte[] longRequest(byte[] source) {
        try {
            ObjectNode body = (ObjectNode) BridgeRun.JSON.readTree(source);
            ArrayNode keys =
                    (ArrayNode) body.path("src_node").path("object_key").path("keys");
            for (int i = 0; i < RequestReader.MAX_REQUEST_CHARS / 34 + 100; i++) {
                keys.add(String.format("corpus/objects/part-%07d.bin", i));
            }
            return BridgeRun.JSON.writeValueAsBytes(body);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static Outcome outcome(JsonNode n) {
        return new Outcome(
                n.has("line") ? n.path("line").asInt() : null,
                n.path("expect").asText(),
                n.path("request_id").asText(),
                text(n, "field"),
                text(n, "message"));
    }

    private static String text(JsonNode n, String name) {
        JsonNode v = n.get(name);
        return v == null || v.isNull() ? null : v.asText();
    }

    private static byte[] concat(byte[] a, byte[] b) {
        byte[] c = Arrays.copyOf(a, a.length + b.length);
        System.arraycopy(b, 0, c, a.length, b.length);
        return c;
    }

    private static JsonNode readJson(String name) {
        try {
            return BridgeRun.JSON.readTree(resource(name));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static byte[] resource(String name) {
        try (InputStream in = CorpusManifest.class.getResourceAsStream(DIR + name)) {
            if (in == null) {
                throw new IllegalStateException("corpus file missing: " + DIR + name);
            }
            return in.readAllBytes();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
