package io.omsbridge.readme;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/** The README's fenced blocks that a {@code <!-- readme-test: ... -->} comment marks, in the order they appear. */
final class ReadmeBlocks {

    // <!-- readme-test: demo run expect "two-requests.jsonl" -->, <!-- readme-test: real start "ready" -->
    private static final Pattern MARKER = Pattern.compile(
            "<!-- readme-test: (?:build|(\\S+) (start|run|settings)(?: expect)?(?: \"((?:[^\"\\\\]|\\\\.)*)\")?) -->");
    private static final Pattern FENCE = Pattern.compile("^```(\\w*)\\s*$");

    private ReadmeBlocks() {}

    static List<ReadmeCommandsIT.Block> read(Path readme) {
        List<String> lines = lines(readme);
        List<ReadmeCommandsIT.Block> blocks = new ArrayList<>();
        for (int i = 0; i < lines.size(); i++) {
            Matcher marker = MARKER.matcher(lines.get(i).strip());
            if (!marker.matches()) {
                continue;
            }
            Matcher fence = i + 1 < lines.size() ? FENCE.matcher(lines.get(i + 1)) : null;
            if (fence == null || !fence.matches()) {
                throw new IllegalStateException(
                        "README line " + (i + 1) + ": a readme-test marker must stand right " + "above a fenced block");
            }
            StringBuilder text = new StringBuilder();
            int j = i + 2;
            while (j < lines.size() && !lines.get(j).startsWith("```")) {
                text.append(lines.get(j)).append('\n');
                j++;
            }
            boolean build = marker.group(1) == null;
            String quoted = marker.group(3) == null ? null : marker.group(3).replace("\\\"", "\"");
            blocks.add(new ReadmeCommandsIT.Block(
                    i + 2,
                    build ? "" : marker.group(1),
                    build ? "build" : marker.group(2),
                    quoted,
                    fence.group(1),
                    text.toString()));
            i = j;
        }
        return blocks;
    }

    /** The line numbers of {@code ```bash} fences with no marker above them. */
    static List<String> unmarkedShellFences(Path readme) {
        List<String> lines = lines(readme);
        List<String> unmarked = new ArrayList<>();
        boolean inside = false;
        for (int i = 0; i < lines.size(); i++) {
            String line = lines.get(i);
            if (!line.startsWith("```")) {
                continue;
            }
            if (!inside
                    && line.strip().equals("```bash")
                    && (i == 0 || !MARKER.matcher(lines.get(i - 1).strip()).matches())) {
                unmarked.add(String.valueOf(i + 1));
            }
            inside = !inside;
        }
        return unmarked;
    }

    private static List<String> lines(Path readme) {
        try {
            return Files.readAllLines(readme);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
