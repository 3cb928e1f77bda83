package io.omsbridge.architecture;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;

/** Every route in routes/ reads at a glance: no step lies more than three levels of steps deep. */
class RouteNestingTest {

    private static final int MAX_DEPTH = 3;
    private static final ObjectMapper YAML = new ObjectMapper(new YAMLFactory());

    @Test
    void noRouteNestsItsStepsMoreThanThreeLevelsDeep() throws IOException {
        List<String> tooDeep = new ArrayList<>();
        List<Path> files;
        try (Stream<Path> walk = Files.walk(Path.of("routes"))) {
            files = walk.filter(f -> f.toString().endsWith(".yaml")).sorted().toList();
        }
        assertThat(files).as("the route files").isNotEmpty();
        for (Path file : files) {
            for (JsonNode item : YAML.readTree(file.toFile())) {
                String where = file + " " + item.fieldNames().next() + " "
                        + item.findPath("id").asText("");
                for (JsonNode steps : stepLists(item)) {
                    walk(steps, 1, where, tooDeep);
                }
            }
        }
        assertThat(tooDeep).as("steps nested deeper than %d levels", MAX_DEPTH).isEmpty();
    }

    @Test
    void theCheckSeesAStepFourLevelsDeep() throws IOException {
        JsonNode route = YAML.readTree("""
                - route:
                    id: deep
                    from:
                      uri: direct:deep
                      steps:
                        - split:
                            simple: ${body}
                            steps:
                              - doTry:
                                  steps:
                                    - to: mock:three
                                  doCatch:
                                    - exception: ["java.lang.Exception"]
                                      steps:
                                        - choice:
                                            when:
                                              - simple: ${body} == 'x'
                                                steps:
                                                  - to: mock:four
                                            otherwise:
                                              steps:
                                                - to: mock:four-too
                """).get(0);
        List<String> tooDeep = new ArrayList<>();

        for (JsonNode steps : stepLists(route)) {
            walk(steps, 1, "deep", tooDeep);
        }

        assertThat(tooDeep).containsExactly("deep: to at level 4", "deep: to at level 4");
    }

    /** Each step at this level; the steps of its blocks (a split's, a when's, a doCatch's) one level deeper. */
    private static void walk(JsonNode steps, int depth, String where, List<String> tooDeep) {
        for (JsonNode step : steps) {
            Map.Entry<String, JsonNode> eip = step.fields().next();
            if (depth > MAX_DEPTH) {
                tooDeep.add(where + ": " + eip.getKey() + " at level " + depth);
            }
            for (JsonNode inner : stepLists(eip.getValue())) {
                walk(inner, depth + 1, where, tooDeep);
            }
        }
    }

    /** The nearest {@code steps} lists under a node, through branches (when, otherwise, doCatch, doFinally...). */
    private static List<JsonNode> stepLists(JsonNode node) {
        List<JsonNode> found = new ArrayList<>();
        if (node.isObject()) {
            node.fields().forEachRemaining(field -> {
                if (field.getKey().equals("steps") && field.getValue().isArray()) {
                    found.add(field.getValue());
                } else {
                    found.addAll(stepLists(field.getValue()));
                }
            });
        } else if (node.isArray()) {
            node.forEach(element -> found.addAll(stepLists(element)));
        }
        return found;
    }
}
