package io.omsbridge.request;

import static org.assertj.core.api.Assertions.assertThat;

import io.omsbridge.model.Problem;
import io.omsbridge.model.ReceivedRequest;
import io.omsbridge.model.RequestSource;
import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.Test;

/** Proves that input is cut into intakes with stable ids, and that unusable input is one clear rejection. */
class InputReaderTest {

    private static final long MAX_BYTES = 64 * 1024;

    private final InputReader intakes = new InputReader(SeedRequests.reader(), MAX_BYTES);

    /** The seed body on one line, as a .jsonl line holds it. */
    private static final String LINE = SeedRequests.json(SeedRequests.seed());
    /** The same with one rule broken (thread_num above 50). */
    private static final String BAD_LINE = SeedRequests.json(SeedRequests.seed().put("thread_num", 99));

    private static byte[] utf8(String text) {
        return text.getBytes(StandardCharsets.UTF_8);
    }

    private List<ReceivedRequest> file(String name, byte[] bytes) {
        return intakes.fromFile(name, bytes, bytes.length);
    }

    private static void assertOneRejection(List<ReceivedRequest> result, String id, String words) {
        assertThat(result).singleElement().satisfies(in -> {
            assertThat(in.valid()).isFalse();
            assertThat(in.requestId()).isEqualTo(id);
            assertThat(in.request()).isNull();
            assertThat(in.problems())
                    .singleElement()
                    .satisfies(p -> assertThat(p.message()).containsIgnoringCase(words));
            assertThat(in.fingerprint()).matches("sha256:[0-9a-f]{64}");
        });
    }

    @Test
    void aJsonFileHoldsOneRequestNamedAfterTheFile() {
        List<ReceivedRequest> result = file("orders-2026.json", utf8(SeedRequests.SEED_BODY));

        assertThat(result).singleElement().satisfies(in -> {
            assertThat(in.valid()).isTrue();
            assertThat(in.requestId()).isEqualTo("orders-2026");
            assertThat(in.source()).isEqualTo(RequestSource.FILE);
            assertThat(in.origin()).isEqualTo("orders-2026.json");
            assertThat(in.problems()).isEmpty();
            assertThat(in.fingerprint()).isNull();
        });
    }

    @Test
    void aJsonlFileHoldsOneRequestPerNonBlankLineWithTheLineNumberInTheId() {
        String text = LINE + "\n\n   \n" + LINE + "\r\n" + BAD_LINE + "\n\n";

        List<ReceivedRequest> result = file("batch.jsonl", utf8(text));

        assertThat(result).extracting(ReceivedRequest::requestId).containsExactly("batch#1", "batch#4", "batch#5");
        assertThat(result)
                .extracting(ReceivedRequest::origin)
                .containsExactly("batch.jsonl#1", "batch.jsonl#4", "batch.jsonl#5");
        assertThat(result).extracting(ReceivedRequest::valid).containsExactly(true, true, false);
        assertThat(result.get(2).problems()).isNotEmpty().allSatisfy(p -> {
            assertThat(p.line()).isEqualTo(5);
            assertThat(p.requestId()).isEqualTo("batch#5");
        });
    }

    @Test
    void anExplicitRequestIdOnAJsonlLineWinsOverTheLineId() {
        String line = LINE.replaceFirst("^\\{", "{\"request_id\":\"mine-1\",");

        List<ReceivedRequest> result = file("batch.jsonl", utf8("\n" + line + "\n"));

        assertThat(result)
                .singleElement()
                .satisfies(in -> assertThat(in.requestId()).isEqualTo("mine-1"));
    }

    @Test
    void anEmptyFileIsOneRejection() {
        assertOneRejection(file("empty.json", new byte[0]), "empty", "empty");
    }

    @Test
    void aWhitespaceOnlyJsonlFileIsOneRejectionOnLine1() {
        List<ReceivedRequest> result = file("blank.jsonl", utf8(" \n\t\n\r\n  "));

        assertOneRejection(result, "blank#1", "empty");
        assertThat(result.get(0).problems().get(0).line()).isEqualTo(1);
    }

    @Test
    void aWhitespaceOnlyJsonFileIsOneRejection() {
        assertOneRejection(file("blank.json", utf8("  \n ")), "blank", "empty");
    }

    @Test
    void aFileWithNulBytesIsOneRejectionAsBinary() {
        byte[] bytes = utf8(SeedRequests.SEED_BODY);
        bytes[10] = 0;

        assertOneRejection(file("binary.json", bytes), "binary", "NUL");
    }

    /** Three lines, the second with {@code bad} put in the middle of its description. */
    private static byte[] jsonlWithSecondLine(byte[] bad) {
        String second = SeedRequests.json(SeedRequests.seed().put("description", "before|after"));
        String[] halves = second.split("\\|");
        return concat(utf8(LINE + "\n" + halves[0]), bad, utf8(halves[1] + "\r\n" + LINE + "\n"));
    }

    private static byte[] concat(byte[]... parts) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        for (byte[] part : parts) {
            out.writeBytes(part);
        }
        return out.toByteArray();
    }

    private static void assertOnlyTheSecondLineIsRejected(List<ReceivedRequest> result, String words) {
        assertThat(result).extracting(ReceivedRequest::requestId).containsExactly("batch#1", "batch#2", "batch#3");
        assertThat(result).extracting(ReceivedRequest::valid).containsExactly(true, false, true);
        assertThat(result.get(1).origin()).isEqualTo("batch.jsonl#2");
        assertThat(result.get(1).fingerprint()).matches("sha256:[0-9a-f]{64}");
        assertThat(result.get(1).problems()).singleElement().satisfies(p -> {
            assertThat(p.requestId()).isEqualTo("batch#2");
            assertThat(p.line()).isEqualTo(2);
            assertThat(p.field()).isNull();
            assertThat(p.message()).containsIgnoringCase(words);
        });
    }

    @Test
    void aNulByteOnOneJsonlLineRejectsOnlyThatLineUnderItsOwnNumber() {
        assertOnlyTheSecondLineIsRejected(file("batch.jsonl", jsonlWithSecondLine(new byte[] {0})), "NUL");
    }

    @Test
    void aLatin1ByteOnOneJsonlLineRejectsOnlyThatLineUnderItsOwnNumber() {
        assertOnlyTheSecondLineIsRejected(file("batch.jsonl", jsonlWithSecondLine(new byte[] {(byte) 0xE9})), "UTF-8");
    }

    @Test
    void aCutMultiByteCharacterAtTheEndOfAJsonlLineRejectsOnlyThatLine() {
        // the first two bytes of the three of U+65E5: the line break must not be swallowed into the character
        byte[] bytes = concat(
                utf8(LINE + "\n" + LINE.substring(0, LINE.length() - 1)),
                new byte[] {(byte) 0xE6, (byte) 0x97},
                utf8("\n" + LINE));

        List<ReceivedRequest> result = file("batch.jsonl", bytes);

        assertThat(result).extracting(ReceivedRequest::valid).containsExactly(true, false, true);
        assertThat(result.get(1).problems())
                .singleElement()
                .satisfies(p -> assertThat(p.line()).isEqualTo(2));
    }

    @Test
    void aValidNonAsciiLineOfAJsonlIsAccepted() {
        String line =
                SeedRequests.json(SeedRequests.seed().put("description", "\u00dcbersicht \u65e5\u672c \uD83D\uDCE6"));

        assertThat(file("batch.jsonl", utf8(LINE + "\n" + line + "\n")))
                .extracting(ReceivedRequest::valid)
                .containsExactly(true, true);
    }

    @Test
    void aJsonlFileThatIsAllBinaryIsOneRejectionNotOnePerLine() {
        byte[] bytes = new byte[4096];
        new Random(7).nextBytes(bytes);
        bytes[1] = 0;

        List<ReceivedRequest> result = file("blob.jsonl", bytes);

        assertThat(result).singleElement().satisfies(in -> {
            assertThat(in.valid()).isFalse();
            assertThat(in.requestId()).isEqualTo("blob#1");
            assertThat(in.origin()).isEqualTo("blob.jsonl");
            assertThat(in.problems()).singleElement().satisfies(p -> {
                assertThat(p.line()).isEqualTo(1);
                assertThat(p.message()).contains("binary content").contains("mostly not text");
            });
        });
    }

    @Test
    void aJsonlFileWhoseEveryLineIsLatin1IsOneRejectionAsNotUtf8() {
        byte[] line = "{\"description\":\"caf\u00e9\"}".getBytes(StandardCharsets.ISO_8859_1);

        List<ReceivedRequest> result = file("latin.jsonl", concat(utf8("\n"), line, utf8("\n"), line));

        assertOneRejection(result, "latin#2", "not valid UTF-8");
        assertThat(result.get(0).problems().get(0).line()).isEqualTo(2);
    }

    @Test
    void aJsonlFileWithOneLatin1LineAndOneBadRequestReportsEachLine() {
        byte[] latin = "{\"description\":\"caf\u00e9\"}".getBytes(StandardCharsets.ISO_8859_1);

        List<ReceivedRequest> result = file("batch.jsonl", concat(latin, utf8("\n" + BAD_LINE)));

        assertThat(result).extracting(ReceivedRequest::requestId).containsExactly("batch#1", "batch#2");
        assertThat(result.get(0).problems())
                .singleElement()
                .satisfies(p -> assertThat(p.message()).isEqualTo("not valid UTF-8 text"));
        assertThat(result.get(1).problems())
                .anySatisfy(p -> assertThat(p.field()).isEqualTo("thread_num"));
    }

    @Test
    void aJsonlLineOverTheRequestLimitIsRejectedAndTheOtherLinesGoThrough() {
        InputReader roomy = new InputReader(SeedRequests.reader(), 4L * RequestReader.MAX_REQUEST_CHARS);
        String padded = LINE + " ".repeat(RequestReader.MAX_REQUEST_CHARS);
        byte[] bytes = utf8(LINE + "\n" + padded + "\n" + LINE);

        List<ReceivedRequest> result = roomy.fromFile("big.jsonl", bytes, bytes.length);

        assertThat(result).extracting(ReceivedRequest::valid).containsExactly(true, false, true);
        assertThat(result.get(1).problems()).singleElement().satisfies(p -> {
            assertThat(p.line()).isEqualTo(2);
            assertThat(p.message()).startsWith("too long").contains(String.valueOf(RequestReader.MAX_REQUEST_CHARS));
        });
    }

    @Test
    void aJsonFileWithOneBadByteIsStillOneRejectionForTheWholeFile() {
        byte[] bytes = jsonlWithSecondLine(new byte[] {(byte) 0xE9});

        assertOneRejection(file("batch.json", bytes), "batch", "UTF-8");
        assertThat(file("batch.json", bytes).get(0).problems().get(0).line()).isNull();
    }

    @Test
    void aRequestIdHeaderIsShownCutWithoutSplittingACharacter() {
        String header = "x".repeat(39) + "\uD83D\uDCE6" + "y".repeat(20);

        ReceivedRequest in =
                intakes.badRequestIdHeader("msg-3", RequestSource.QUEUE, "jms:1", null, header, utf8("{}"));

        assertThat(in.problems())
                .singleElement()
                .satisfies(p -> assertThat(p.message()).endsWith("got '" + "x".repeat(39) + "...'"));
    }

    @Test
    void invalidUtf8IsOneRejection() {
        byte[] text = utf8(SeedRequests.SEED_BODY);
        byte[] bytes = new byte[text.length + 2];
        System.arraycopy(text, 0, bytes, 0, 20);
        bytes[20] = (byte) 0xC3;
        bytes[21] = (byte) 0x28;
        System.arraycopy(text, 20, bytes, 22, text.length - 20);

        assertOneRejection(file("latin.json", bytes), "latin", "UTF-8");
    }

    @Test
    void aFileOverTheSizeLimitIsOneRejectionNamingTheLimit() {
        List<ReceivedRequest> result = intakes.fromFile("huge.jsonl", utf8(LINE), MAX_BYTES + 1);

        assertOneRejection(result, "huge#1", "too large");
        assertThat(result.get(0).problems().get(0).message()).contains(String.valueOf(MAX_BYTES));
    }

    @Test
    void aFileOfExactlyTheSizeLimitIsRead() {
        byte[] bytes = utf8(SeedRequests.SEED_BODY + " ".repeat((int) MAX_BYTES - utf8(SeedRequests.SEED_BODY).length));

        assertThat(file("full.json", bytes))
                .singleElement()
                .satisfies(in -> assertThat(in.valid()).isTrue());
    }

    @Test
    void aByteOrderMarkIsTolerated() {
        byte[] bom = {(byte) 0xEF, (byte) 0xBB, (byte) 0xBF};
        byte[] body = utf8(LINE + "\n" + LINE);
        byte[] bytes = new byte[bom.length + body.length];
        System.arraycopy(bom, 0, bytes, 0, 3);
        System.arraycopy(body, 0, bytes, 3, body.length);

        assertThat(file("bom.json", utf8("\uFEFF" + SeedRequests.SEED_BODY)))
                .singleElement()
                .satisfies(in -> assertThat(in.valid()).isTrue());
        assertThat(file("bom.jsonl", bytes))
                .hasSize(2)
                .allSatisfy(in -> assertThat(in.valid()).isTrue());
    }

    @Test
    void aFileNameWithSpacesAndOddCharactersGivesASanitizedId() {
        List<ReceivedRequest> result = file("orders 2026 (copy)+ä.json", utf8(SeedRequests.SEED_BODY));

        assertThat(result).singleElement().satisfies(in -> {
            assertThat(in.requestId()).isEqualTo("orders_2026__copy___");
            assertThat(in.requestId()).matches(RequestIds.EXPLICIT);
            assertThat(in.origin()).isEqualTo("orders 2026 (copy)+ä.json");
        });
    }

    @Test
    void aVeryLongFileNameGivesAnIdOfAtMost128Characters() {
        List<ReceivedRequest> result = file("x".repeat(300) + ".json", utf8(SeedRequests.SEED_BODY));

        assertThat(result.get(0).requestId()).hasSize(128).matches(RequestIds.EXPLICIT);
    }

    @Test
    void aRejectedRequestHasAFingerprintButNeverItsRawText() {
        List<ReceivedRequest> result = file("bad.jsonl", utf8(BAD_LINE + "\n"));

        assertThat(result).singleElement().satisfies(in -> {
            assertThat(in.valid()).isFalse();
            assertThat(in.fingerprint()).matches("sha256:[0-9a-f]{64}");
            assertThat(in.toString())
                    .doesNotContain(SeedRequests.SOURCE_SK, SeedRequests.DESTINATION_SK, "source_bucket");
            assertThat(in.problems())
                    .extracting(Problem::message)
                    .noneMatch(m -> m.contains(SeedRequests.SOURCE_SK) || m.contains(SeedRequests.DESTINATION_SK));
        });
    }

    @Test
    void theSameBadInputGivesTheSameFingerprintAndOtherInputAnother() {
        byte[] bad = utf8(BAD_LINE);

        String first = file("a.json", bad).get(0).fingerprint();
        String again = file("b.json", bad).get(0).fingerprint();
        String other = file("a.json", utf8(BAD_LINE.replace("99", "98"))).get(0).fingerprint();

        assertThat(first).isEqualTo(again).isNotEqualTo(other);
    }

    @Test
    void aQueueMessageHoldsOneRequestUnderTheGivenId() {
        ReceivedRequest in = intakes.fromMessage(
                "msg-1", utf8(SeedRequests.SEED_BODY), "queue:oms.migration.requests", "queue:replies");

        assertThat(in.valid()).isTrue();
        assertThat(in.requestId()).isEqualTo("msg-1");
        assertThat(in.source()).isEqualTo(RequestSource.QUEUE);
        assertThat(in.replyTo()).isEqualTo("queue:replies");
    }

    @Test
    void anUnusableQueueMessageIsOneRejectionWithoutALine() {
        ReceivedRequest in =
                intakes.fromMessage("msg-2", new byte[] {'{', 0, '}'}, "queue:oms.migration.requests", null);

        assertThat(in.valid()).isFalse();
        assertThat(in.problems()).singleElement().satisfies(p -> {
            assertThat(p.line()).isNull();
            assertThat(p.message()).contains("NUL");
        });
        assertThat(in.fingerprint()).startsWith("sha256:");
    }
}
