package io.omsbridge.crash;

import io.omsbridge.Requests;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.stream.Collectors;
import java.util.stream.IntStream;

/** The requests of one crash or fault run: every id handed to the bridge, and those OMS is made to fail. */
final class Batch {

    /** Every tenth request names a source bucket with "fail" in it, which the simulator fails. */
    private static final int FAIL_EVERY = 10;

    private final Set<String> expected = new TreeSet<>();
    private final Set<String> failing = new TreeSet<>();

    Set<String> expected() {
        return expected;
    }

    Set<String> failing() {
        return failing;
    }

    int size() {
        return expected.size();
    }

    /** {@code n} requests with inline keys, one per line, ids {@code <prefix>-<i>}. */
    String jsonl(String prefix, int n) {
        return IntStream.range(0, n)
                .mapToObj(i -> Requests.inline(add(prefix + "-" + i, i), bucket(prefix, i)))
                .collect(Collectors.joining("\n"));
    }

    /** One request with inline keys whose id comes from the file name {@code <id>.json}. */
    String single(String id, int i) {
        add(id, i);
        return Requests.inline(null, bucket(id, i));
    }

    /** Request id to message body (credential aliases, the id travels in the {@code requestId} header). */
    Map<String, String> messages(String prefix, int n) {
        Map<String, String> messages = new LinkedHashMap<>();
        for (int i = 0; i < n; i++) {
            messages.put(add(prefix + "-" + i, i), Requests.aliased(null, bucket(prefix, i)));
        }
        return messages;
    }

    /** Writes {@code name} into {@code inbox} as a careful writer does: a temporary name first, then a rename. */
    static void drop(Path inbox, String name, String content) {
        try {
            Files.createDirectories(inbox);
            Path tmp = inbox.resolve(name + ".tmp");
            Files.writeString(tmp, content, StandardCharsets.UTF_8);
            Files.move(tmp, inbox.resolve(name), StandardCopyOption.ATOMIC_MOVE);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private String add(String id, int i) {
        expected.add(id);
        if (i % FAIL_EVERY == FAIL_EVERY - 1) {
            failing.add(id);
        }
        return id;
    }

    private static String bucket(String prefix, int i) {
        return (i % FAIL_EVERY == FAIL_EVERY - 1 ? "fail-" : "src-") + prefix.toLowerCase() + "-" + i;
    }
}
