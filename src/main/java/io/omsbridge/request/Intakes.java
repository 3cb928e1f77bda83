package io.omsbridge.request;

import java.nio.ByteBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;

import io.omsbridge.ledger.Intake;

/**
 * Cuts raw input (a file's bytes, a message's text) into {@link Intake}s: checks what makes the whole input unusable
 * (empty, too big, binary, not UTF-8), then reads each request with the {@link RequestReader}.
 */
public final class Intakes {

    private final RequestReader reader;
    private final long maxBytes;

    public Intakes(RequestReader reader, long maxBytes) {
        this.reader = reader;
        this.maxBytes = maxBytes;
    }

    /** A {@code .json} file holds one request, a {@code .jsonl} one per non-blank line. */
    public List<Intake> fromFile(String fileName, byte[] bytes, long size) {
        boolean lines = fileName.toLowerCase().endsWith(".jsonl");
        String wholeId = RequestIds.fromFileName(fileName, null);
        String unusable = unusable(bytes, size);
        String text = unusable == null ? utf8(bytes) : null;
        if (unusable == null && text == null) {
            unusable = "not valid UTF-8 text";
        }
        if (unusable != null) {
            String id = lines ? RequestIds.fromFileName(fileName, 1) : wholeId;
            return List.of(rejected(id, RequestSource.FILE, fileName, null, 1, lines, unusable, bytes));
        }
        if (!lines) {
            return List.of(intake(reader.read(stripBom(text), wholeId), RequestSource.FILE, fileName, null, null,
                    text));
        }
        List<Intake> intakes = new ArrayList<>();
        String[] split = stripBom(text).split("\r?\n", -1);
        for (int i = 0; i < split.length; i++) {
            if (split[i].isBlank()) {
                continue;
            }
            int line = i + 1;
            intakes.add(intake(reader.read(split[i], RequestIds.fromFileName(fileName, line)), RequestSource.FILE,
                    fileName + "#" + line, null, line, split[i]));
        }
        if (intakes.isEmpty()) {
            return List.of(rejected(RequestIds.fromFileName(fileName, 1), RequestSource.FILE, fileName, null, 1, true,
                    "empty: no request in the file", bytes));
        }
        return intakes;
    }

    public long maxBytes() {
        return maxBytes;
    }

    /** A queue message holds one request. */
    public Intake fromMessage(String requestId, byte[] bytes, String origin, String replyTo) {
        String unusable = unusable(bytes, bytes.length);
        String text = unusable == null ? utf8(bytes) : null;
        if (unusable == null && text == null) {
            unusable = "not valid UTF-8 text";
        }
        if (unusable != null) {
            return rejected(requestId, RequestSource.QUEUE, origin, replyTo, null, false, unusable, bytes);
        }
        return intake(reader.read(stripBom(text), requestId), RequestSource.QUEUE, origin, replyTo, null, text);
    }

    /** A message whose {@code requestId} header is not a valid id: refused rather than given another id silently. */
    public Intake badRequestIdHeader(String id, RequestSource source, String origin, String replyTo, String header,
            byte[] bytes) {
        String shown = header.length() > 40 ? header.substring(0, 40) + "..." : header;
        return new Intake(id, source, origin, replyTo, null, List.of(new Problem(id, null, "requestId (header)",
                "must match [A-Za-z0-9._:-]{1,128}, got '" + shown + "'")), fingerprint(bytes));
    }

    /** An already-parsed request handed over by an embedding application. */
    public Intake fromText(String requestId, String text, RequestSource source, String origin) {
        return intake(reader.read(text, requestId), source, origin, null, null, text);
    }

    private String unusable(byte[] bytes, long size) {
        if (size > maxBytes) {
            return "too large: " + size + " bytes, the limit is " + maxBytes + " (bridge.inbox.max-file-bytes)";
        }
        if (bytes == null || bytes.length == 0) {
            return "empty: a request is a JSON object";
        }
        for (byte b : bytes) {
            if (b == 0) {
                return "binary content (NUL bytes): a request is UTF-8 JSON text";
            }
        }
        return null;
    }

    private static Intake intake(RequestReader.Result result, RequestSource source, String origin, String replyTo,
            Integer line, String text) {
        if (result.valid()) {
            return new Intake(result.requestId(), source, origin, replyTo, result.request(), List.of(), null);
        }
        List<Problem> problems = result.problems().stream().map(p -> p.withLine(result.requestId(), line)).toList();
        return new Intake(result.requestId(), source, origin, replyTo, null, problems,
                fingerprint(text.getBytes(StandardCharsets.UTF_8)));
    }

    private static Intake rejected(String id, RequestSource source, String origin, String replyTo, Integer line,
            boolean withLine, String message, byte[] bytes) {
        return new Intake(id, source, origin, replyTo, null,
                List.of(new Problem(id, withLine ? line : null, null, message)), fingerprint(bytes));
    }

    private static String utf8(byte[] bytes) {
        try {
            return StandardCharsets.UTF_8.newDecoder().onMalformedInput(CodingErrorAction.REPORT)
                    .onUnmappableCharacter(CodingErrorAction.REPORT).decode(ByteBuffer.wrap(bytes)).toString();
        } catch (CharacterCodingException e) {
            return null;
        }
    }

    private static String stripBom(String text) {
        return text.startsWith("\uFEFF") ? text.substring(1) : text;
    }

    /** Identifies bad input without keeping it (it may hold secrets). */
    static String fingerprint(byte[] bytes) {
        try {
            return "sha256:" + HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(
                    bytes == null ? new byte[0] : bytes));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }
}
