package io.omsbridge.request;

import io.omsbridge.model.Problem;
import io.omsbridge.model.ReceivedRequest;
import io.omsbridge.model.RequestSource;
import io.omsbridge.text.Texts;
import java.nio.ByteBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HexFormat;
import java.util.List;
import java.util.Locale;

/**
 * Cuts raw input (a file's bytes, a message's text) into {@link ReceivedRequest}s: checks what makes the input unusable
 * (empty, too big, binary, not UTF-8), then reads each request with the {@link RequestReader}. A {@code .jsonl} is
 * checked line
 * by line, so one bad line costs only that line.
 */
public final class InputReader {

    private final RequestReader reader;
    private final long maxBytes;

    public InputReader(RequestReader reader, long maxBytes) {
        this.reader = reader;
        this.maxBytes = maxBytes;
    }

    /** A {@code .json} file holds one request, a {@code .jsonl} one per non-blank line. */
    public List<ReceivedRequest> fromFile(String fileName, byte[] bytes, long size) {
        if (fileName.toLowerCase(Locale.ROOT).endsWith(".jsonl")) {
            return fromLines(fileName, bytes, size);
        }
        String id = RequestIds.fromFileName(fileName, null);
        String unusable = tooBigOrEmpty(bytes, size);
        String text = unusable == null ? text(bytes, 0, bytes.length) : null;
        if (text == null) {
            return List.of(rejected(
                    id,
                    RequestSource.FILE,
                    fileName,
                    null,
                    null,
                    false,
                    unusable != null ? unusable : notText(bytes, 0, bytes.length),
                    bytes));
        }
        return List.of(received(reader.read(stripBom(text), id), RequestSource.FILE, fileName, null, null, text));
    }

    /** Each line is split off at its '\n' byte, then checked and decoded on its own. */
    private List<ReceivedRequest> fromLines(String fileName, byte[] bytes, long size) {
        String unusable = tooBigOrEmpty(bytes, size);
        if (unusable != null) {
            return List.of(rejected(
                    RequestIds.fromFileName(fileName, 1),
                    RequestSource.FILE,
                    fileName,
                    null,
                    1,
                    true,
                    unusable,
                    bytes));
        }
        List<ReceivedRequest> requests = new ArrayList<>();
        Integer firstBadLine = null;
        int textLines = 0;
        int line = 0;
        int start = 0;
        while (start <= bytes.length) {
            int end = indexOf(bytes, (byte) '\n', start, bytes.length);
            int from = line == 0 && startsWithBom(bytes) ? 3 : start;
            int to = end > from && bytes[end - 1] == '\r' ? end - 1 : end;
            line++;
            start = end + 1;
            String text = text(bytes, from, to);
            if (text == null) {
                firstBadLine = firstBadLine == null ? line : firstBadLine;
                String id = RequestIds.fromFileName(fileName, line);
                requests.add(rejected(
                        id,
                        RequestSource.FILE,
                        fileName + "#" + line,
                        null,
                        line,
                        true,
                        notText(bytes, from, to),
                        Arrays.copyOfRange(bytes, from, to)));
            } else if (!text.isBlank()) {
                textLines++;
                requests.add(received(
                        reader.read(text, RequestIds.fromFileName(fileName, line)),
                        RequestSource.FILE,
                        fileName + "#" + line,
                        null,
                        line,
                        text));
            }
        }
        if (requests.isEmpty()) {
            return List.of(rejected(
                    RequestIds.fromFileName(fileName, 1),
                    RequestSource.FILE,
                    fileName,
                    null,
                    1,
                    true,
                    "empty: no request in the file",
                    bytes));
        }
        int notText = requests.size() - textLines;
        if (notText > textLines && requests.stream().noneMatch(ReceivedRequest::valid)) {
            // a binary file: one rejection, not one per newline byte that happens to be in it
            return List.of(rejected(
                    RequestIds.fromFileName(fileName, firstBadLine),
                    RequestSource.FILE,
                    fileName,
                    null,
                    firstBadLine,
                    true,
                    notText(bytes, 0, bytes.length) + " (the file is mostly not text and holds no valid request)",
                    bytes));
        }
        return requests;
    }

    public long maxBytes() {
        return maxBytes;
    }

    /** A queue message holds one request. */
    public ReceivedRequest fromMessage(String requestId, byte[] bytes, String origin, String replyTo) {
        return fromBytes(requestId, bytes, RequestSource.QUEUE, origin, replyTo);
    }

    /** A Kafka record holds one request; {@code bytes} null when it is larger than the limit. */
    public ReceivedRequest fromRecord(String requestId, byte[] bytes, long size, String origin) {
        if (bytes == null) {
            return rejected(
                    requestId, RequestSource.KAFKA, origin, null, null, false, tooBigOrEmpty(null, size), new byte[0]);
        }
        return fromBytes(requestId, bytes, RequestSource.KAFKA, origin, null);
    }

    private ReceivedRequest fromBytes(
            String requestId, byte[] bytes, RequestSource source, String origin, String replyTo) {
        String unusable = tooBigOrEmpty(bytes, bytes.length);
        String text = unusable == null ? text(bytes, 0, bytes.length) : null;
        if (text == null) {
            return rejected(
                    requestId,
                    source,
                    origin,
                    replyTo,
                    null,
                    false,
                    unusable != null ? unusable : notText(bytes, 0, bytes.length),
                    bytes);
        }
        return received(reader.read(stripBom(text), requestId), source, origin, replyTo, null, text);
    }

    /** A message over the size limit, refused unread. */
    public ReceivedRequest tooLargeMessage(String requestId, String origin, String replyTo, long size) {
        return rejected(
                requestId, RequestSource.QUEUE, origin, replyTo, null, false, tooBigOrEmpty(null, size), new byte[0]);
    }

    /** A message whose {@code requestId} header is not a valid id: refused rather than given another id silently. */
    public ReceivedRequest badRequestIdHeader(
            String id, RequestSource source, String origin, String replyTo, String header, byte[] bytes) {
        return badRequestId(id, source, origin, replyTo, "requestId (header)", header, bytes);
    }

    /** A Kafka record whose key is not a valid id: refused like a bad header, since the key stands for the id. */
    public ReceivedRequest badRecordKey(String id, String origin, String key, byte[] bytes) {
        return badRequestId(id, RequestSource.KAFKA, origin, null, "key (record)", key, bytes);
    }

    private static ReceivedRequest badRequestId(
            String id, RequestSource source, String origin, String replyTo, String field, String given, byte[] bytes) {
        String shown = Texts.cut(given, 40);
        return new ReceivedRequest(
                id,
                source,
                origin,
                replyTo,
                null,
                List.of(new Problem(id, null, field, "must match [A-Za-z0-9._:-]{1,128}, got '" + shown + "'")),
                fingerprint(bytes));
    }

    /** An already-parsed request handed over by an embedding application. */
    public ReceivedRequest fromText(String requestId, String text, RequestSource source, String origin) {
        return received(reader.read(text, requestId), source, origin, null, null, text);
    }

    private String tooBigOrEmpty(byte[] bytes, long size) {
        if (size > maxBytes) {
            return "too large: " + size + " bytes, the limit is " + maxBytes + " (bridge.inbox.max-file-bytes)";
        }
        if (bytes != null && bytes.length > maxBytes) {
            // it grew after it was listed: the read stopped one byte past the limit
            return "too large: more than the limit of " + maxBytes + " bytes (bridge.inbox.max-file-bytes)";
        }
        if (bytes == null || bytes.length == 0) {
            return "empty: a request is a JSON object";
        }
        return null;
    }

    /** Why bytes[from, to) are not text: the rejection message. */
    private static String notText(byte[] bytes, int from, int to) {
        return indexOf(bytes, (byte) 0, from, to) < to
                ? "binary content (NUL bytes): a request is UTF-8 JSON text"
                : "not valid UTF-8 text";
    }

    /** bytes[from, to) as text, or null when they hold a NUL or are not UTF-8. */
    private static String text(byte[] bytes, int from, int to) {
        if (indexOf(bytes, (byte) 0, from, to) < to) {
            return null;
        }
        try {
            return StandardCharsets.UTF_8
                    .newDecoder()
                    .onMalformedInput(CodingErrorAction.REPORT)
                    .onUnmappableCharacter(CodingErrorAction.REPORT)
                    .decode(ByteBuffer.wrap(bytes, from, to - from))
                    .toString();
        } catch (CharacterCodingException e) {
            return null;
        }
    }

    /** The index of the first {@code b} in bytes[from, to), else {@code to}. */
    private static int indexOf(byte[] bytes, byte b, int from, int to) {
        for (int i = from; i < to; i++) {
            if (bytes[i] == b) {
                return i;
            }
        }
        return to;
    }

    private static boolean startsWithBom(byte[] bytes) {
        return bytes.length >= 3 && bytes[0] == (byte) 0xEF && bytes[1] == (byte) 0xBB && bytes[2] == (byte) 0xBF;
    }

    private static ReceivedRequest received(
            RequestReader.Result result,
            RequestSource source,
            String origin,
            String replyTo,
            Integer line,
            String text) {
        if (result.valid()) {
            return new ReceivedRequest(
                    result.requestId(),
                    source,
                    origin,
                    replyTo,
                    result.request(),
                    List.of(),
                    null,
                    result.forOperation(),
                    result.operation(),
                    result.migrationId(),
                    line);
        }
        List<Problem> problems = result.problems().stream()
                .map(p -> p.withLine(result.requestId(), line))
                .toList();
        return new ReceivedRequest(
                result.requestId(),
                source,
                origin,
                replyTo,
                null,
                problems,
                fingerprint(text.getBytes(StandardCharsets.UTF_8)),
                result.forOperation(),
                null,
                result.migrationId(),
                line);
    }

    private static ReceivedRequest rejected(
            String id,
            RequestSource source,
            String origin,
            String replyTo,
            Integer line,
            boolean withLine,
            String message,
            byte[] bytes) {
        return new ReceivedRequest(
                id,
                source,
                origin,
                replyTo,
                null,
                List.of(new Problem(id, withLine ? line : null, null, message)),
                fingerprint(bytes),
                false,
                null,
                null,
                withLine ? line : null);
    }

    private static String stripBom(String text) {
        return text.startsWith("\uFEFF") ? text.substring(1) : text;
    }

    /** Identifies bad input without keeping it (it may hold secrets). */
    static String fingerprint(byte[] bytes) {
        try {
            return "sha256:"
                    + HexFormat.of()
                            .formatHex(
                                    MessageDigest.getInstance("SHA-256").digest(bytes == null ? new byte[0] : bytes));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }
}
