package io.omsbridge.request;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatCode;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.math.BigDecimal;
import java.math.BigInteger;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import java.util.function.Function;
import org.junit.jupiter.api.Test;

/**
 * Proves that whatever text arrives, the reader never throws and gives either a valid request or named problems.
 * Inputs come from a seeded random generator, so a failure names its input and repeats on every run.
 */
class RequestReaderFuzzTest {

    private static final int TRIES = 400;
    private static final JsonNodeFactory NODES = JsonNodeFactory.instance;
    private static final List<String> TOKENS = List.of(
            "{",
            "}",
            "[",
            "]",
            ",",
            ":",
            "\"",
            "null",
            "true",
            "false",
            "-",
            "1e400",
            "0",
            "\"src_node\"",
            "\"thread_num\"",
            "\"request_id\"",
            "\"bandwidth_policy\"",
            "\\u0000",
            "\uFEFF",
            " ",
            "\n");
    private static final List<JsonNode> ODD_VALUES = List.of(
            NODES.textNode("50"),
            NODES.numberNode(-1),
            NODES.numberNode(Long.MAX_VALUE),
            NODES.numberNode(1.5),
            NODES.numberNode(new BigDecimal("1e400")),
            NODES.numberNode(new BigInteger("9".repeat(60))),
            NODES.booleanNode(true),
            NODES.nullNode(),
            NODES.arrayNode(),
            NODES.objectNode(),
            NODES.arrayNode().add("a").add(1),
            NODES.objectNode().put("unexpected", 1),
            NODES.textNode("<&>()'\"".repeat(50)),
            NODES.textNode(""));

    private final RequestReader reader = SeedRequests.reader();

    @Test
    void anyStringGivesARequestOrProblems() {
        fuzz(1, random -> randomString(random, 60));
    }

    @Test
    void anyStringMadeOfJsonTokensGivesARequestOrProblems() {
        fuzz(2, random -> {
            StringBuilder text = new StringBuilder();
            for (int i = random.nextInt(40); i > 0; i--) {
                text.append(random.nextBoolean() ? TOKENS.get(random.nextInt(TOKENS.size())) : randomString(random, 5));
            }
            return text.toString();
        });
    }

    @Test
    void theSeedBodyWithCharactersInsertedOrCutGivesARequestOrProblems() {
        String seed = SeedRequests.SEED_BODY;
        fuzz(3, random -> {
            int at = random.nextInt(seed.length() + 1);
            return seed.substring(0, at)
                    + randomString(random, 3)
                    + seed.substring(Math.min(seed.length(), at + random.nextInt(21)));
        });
    }

    @Test
    void theSeedBodyWithFieldsDroppedOrRetypedGivesARequestOrProblems() {
        List<List<Object>> paths = paths(SeedRequests.seed(), new ArrayList<>(), new ArrayList<>());
        fuzz(4, random -> {
            ObjectNode body = SeedRequests.seed();
            for (int i = 1 + random.nextInt(3); i > 0; i--) {
                JsonNode value = switch (random.nextInt(3)) {
                    case 0 -> ODD_VALUES.get(random.nextInt(ODD_VALUES.size()));
                    case 1 -> NODES.textNode(randomString(random, 20));
                    default -> NODES.numberNode(random.nextLong());
                };
                mutate(body, paths.get(random.nextInt(paths.size())), value, random.nextBoolean());
            }
            return SeedRequests.json(body);
        });
    }

    private void fuzz(long seed, Function<Random, String> inputs) {
        Random random = new Random(seed);
        for (int i = 0; i < TRIES; i++) {
            assertWellFormedOutcome(inputs.apply(random));
        }
    }

    private void assertWellFormedOutcome(String text) {
        RequestReader.Result[] result = new RequestReader.Result[1];
        assertThatCode(() -> result[0] = reader.read(text, "default-id"))
                .as("reading %s", text)
                .doesNotThrowAnyException();
        RequestReader.Result r = result[0];
        assertThat(r.requestId()).isNotBlank();
        if (r.valid()) {
            assertThat(r.problems()).isEmpty();
            assertThat(r.request().body()).isNotNull();
        } else {
            assertThat(r.problems())
                    .as("problems of %s", text)
                    .isNotEmpty()
                    .allSatisfy(p -> assertThat(p.message()).isNotBlank());
        }
    }

    private static String randomString(Random random, int maxLength) {
        StringBuilder s = new StringBuilder();
        for (int i = random.nextInt(maxLength + 1); i > 0; i--) {
            int kind = random.nextInt(4);
            s.appendCodePoint(
                    kind == 0
                            ? 32 + random.nextInt(95)
                            : kind == 1
                                    ? random.nextInt(32)
                                    : kind == 2 ? 0x80 + random.nextInt(0x780) : 0x4E00 + random.nextInt(0x5000));
        }
        return s.toString();
    }

    /** Drops the field at {@code path}, or sets it to {@code value}. */
    private static void mutate(ObjectNode body, List<Object> path, JsonNode value, boolean drop) {
        JsonNode parent = body;
        for (Object step : path.subList(0, path.size() - 1)) {
            parent = parent.get((String) step);
            if (parent == null || !parent.isContainerNode()) {
                return; // an earlier mutation removed or replaced it
            }
        }
        String last = (String) path.get(path.size() - 1);
        if (parent instanceof ObjectNode object) {
            if (drop) {
                object.remove(last);
            } else {
                object.set(last, value.deepCopy());
            }
        } else if (parent instanceof ArrayNode) {
            return;
        }
    }

    private static List<List<Object>> paths(JsonNode node, List<Object> prefix, List<List<Object>> out) {
        if (node.isObject()) {
            node.fieldNames().forEachRemaining(name -> {
                List<Object> path = new ArrayList<>(prefix);
                path.add(name);
                out.add(path);
                paths(node.get(name), path, out);
            });
        }
        return out;
    }
}
