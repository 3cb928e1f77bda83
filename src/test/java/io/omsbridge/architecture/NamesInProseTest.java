package io.omsbridge.architecture;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.lang.reflect.Field;
import java.lang.reflect.Modifier;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** Every class the README, docs/ and the routes' comments name exists: a rename leaves no stale name behind. */
class NamesInProseTest {

    private static final Pattern FULL_NAME = Pattern.compile("\\bio\\.omsbridge(?:\\.\\w+)+");
    private static final Pattern TYPE_NAME = Pattern.compile("(?<![\\w.$-])([A-Z][a-z0-9]+(?:[A-Z][a-z0-9]*)+)\\b");
    private static final Pattern QUOTED = Pattern.compile("`([^`\\n]+)`");
    private static final Pattern STRING_LITERAL = Pattern.compile("\"([A-Za-z]\\w*)\"");
    /** Names of other code: Camel's, Jackson's, logback's, and OMS API operations the prose quotes by their name. */
    private static final List<String> OTHER_PACKAGES = List.of(
            "org.apache.camel.",
            "com.fasterxml.jackson.databind.",
            "ch.qos.logback.classic.encoder.",
            "com.huaweicloud.sdk.oms.v2.model.",
            "org.apache.camel.cluster.",
            "org.apache.camel.support.cluster.",
            "org.apache.camel.impl.cluster.",
            "java.lang.management.");

    private static final Set<String> NOT_CODE = Set.of("JavaScript", "CreateTaskGroup", "ShowTaskGroup", "CamelCase");

    private static final Set<String> ourTypes = new TreeSet<>();
    private static final Set<String> ourStrings = new TreeSet<>();

    @BeforeAll
    static void readTheSources() throws IOException {
        for (String root : List.of("src/main/java", "src/test/java", "src/generated/java", "src/it")) {
            for (Path file : files(Path.of(root), ".java")) {
                ourTypes.add(file.getFileName().toString().replace(".java", ""));
                if (file.getFileName().toString().endsWith("Constants.java") && root.equals("src/main/java")) {
                    ourStrings.addAll(constants(Path.of(root).relativize(file)));
                }
                Matcher literal = STRING_LITERAL.matcher(Files.readString(file));
                while (literal.find()) {
                    ourStrings.add(literal.group(1));
                }
            }
        }
    }

    @Test
    void everyFullClassOrPackageNameInTheProseIsInTheSources() throws IOException {
        List<String> stale = new ArrayList<>();
        for (Path file : prose()) {
            Matcher name = FULL_NAME.matcher(Files.readString(file));
            while (name.find()) {
                if (!exists(name.group())) {
                    stale.add(file + ": " + name.group());
                }
            }
        }
        assertThat(stale).as("names that are no package or class of the bridge").isEmpty();
    }

    @Test
    void everyClassNameQuotedInTheDocsOrTheRoutesCommentsIsACodeName() throws IOException {
        List<String> stale = new ArrayList<>();
        for (Path file : prose()) {
            for (String text : quoted(file)) {
                Matcher type = TYPE_NAME.matcher(text);
                while (type.find()) {
                    if (!known(type.group(1))) {
                        stale.add(file + ": " + type.group(1));
                    }
                }
            }
        }
        assertThat(stale)
                .as("class names in `quotes` (docs) or comments (routes) that no code defines; if one is"
                        + " another library's, add its package to OTHER_PACKAGES")
                .isEmpty();
    }

    /** A package, a class, or a class with a member after it ({@code io.omsbridge.x.Y.method}). */
    private static boolean exists(String fullName) {
        List<String> parts = List.of(fullName.split("\\."));
        int type = 0;
        while (type < parts.size() && !Character.isUpperCase(parts.get(type).charAt(0))) {
            type++;
        }
        String path = String.join("/", parts.subList(0, Math.min(type + 1, parts.size())));
        for (String root : List.of("src/main/java/", "src/test/java/", "src/generated/java/")) {
            boolean found = type == parts.size()
                    ? Files.isDirectory(Path.of(root + path))
                    : Files.isRegularFile(Path.of(root + path + ".java"));
            if (found) {
                return true;
            }
        }
        return false;
    }

    private static boolean known(String name) {
        if (ourTypes.contains(name) || ourStrings.contains(name) || NOT_CODE.contains(name)) {
            return true;
        }
        for (String pkg : OTHER_PACKAGES) {
            try {
                Class.forName(pkg + name, false, NamesInProseTest.class.getClassLoader());
                return true;
            } catch (ClassNotFoundException notThere) {
                // try the next package
            }
        }
        return false;
    }

    /** The values of a constants class's String fields (header names made of a prefix and a name). */
    private static List<String> constants(Path source) {
        String name = source.toString().replace(".java", "").replace('/', '.');
        List<String> values = new ArrayList<>();
        try {
            for (Field field : Class.forName(name).getDeclaredFields()) {
                if (Modifier.isStatic(field.getModifiers()) && field.getType() == String.class) {
                    field.setAccessible(true);
                    values.add((String) field.get(null));
                }
            }
        } catch (ReflectiveOperationException e) {
            throw new IllegalStateException("cannot read the constants of " + name, e);
        }
        return values;
    }

    /** Markdown: what is in `backquotes` but not a command-line flag; YAML: the comments. */
    private static List<String> quoted(Path file) throws IOException {
        List<String> texts = new ArrayList<>();
        if (file.toString().endsWith(".md")) {
            Matcher quote = QUOTED.matcher(Files.readString(file));
            while (quote.find()) {
                if (!quote.group(1).startsWith("-")) {
                    texts.add(quote.group(1));
                }
            }
        } else {
            for (String line : Files.readAllLines(file)) {
                int hash = line.indexOf('#');
                if (hash >= 0) {
                    texts.add(line.substring(hash + 1));
                }
            }
        }
        return texts;
    }

    private static List<Path> prose() throws IOException {
        List<Path> prose = new ArrayList<>(List.of(Path.of("README.md")));
        prose.addAll(files(Path.of("docs"), ".md"));
        prose.addAll(files(Path.of("routes"), ".yaml"));
        return prose;
    }

    private static List<Path> files(Path root, String suffix) throws IOException {
        if (!Files.isDirectory(root)) {
            return List.of();
        }
        try (Stream<Path> walk = Files.walk(root)) {
            return walk.filter(p -> p.toString().endsWith(suffix)).sorted().toList();
        }
    }
}
