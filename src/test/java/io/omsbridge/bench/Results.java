package io.omsbridge.bench;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/** The benchmark's table: one row per figure, with its target where the issue sets one; markdown and JSON. */
final class Results {

    record Row(String section, String figure, String value, String target, String verdict) {}

    private final List<Row> rows = new ArrayList<>();

    void add(String section, String figure, String value) {
        rows.add(new Row(section, figure, value, "", ""));
    }

    void check(String section, String figure, double value, String unit, String target, boolean met) {
        rows.add(new Row(
                section, figure, format(value) + (unit.isEmpty() ? "" : " " + unit), target, met ? "met" : "MISSED"));
    }

    static String format(double v) {
        return v == Math.rint(v) && Math.abs(v) < 1e12 ? String.valueOf((long) v) : String.format("%.1f", v);
    }

    String markdown(String machine) {
        StringBuilder md = new StringBuilder("Machine: ")
                .append(machine)
                .append("\n\n")
                .append("| section | figure | value | target | |\n|---|---|---|---|---|\n");
        for (Row r : rows) {
            md.append("| ")
                    .append(r.section())
                    .append(" | ")
                    .append(r.figure())
                    .append(" | ")
                    .append(r.value())
                    .append(" | ")
                    .append(r.target())
                    .append(" | ")
                    .append(r.verdict())
                    .append(" |\n");
        }
        return md.toString();
    }

    void write(Path dir, String machine) throws IOException {
        Files.createDirectories(dir);
        Files.writeString(dir.resolve("results.md"), markdown(machine));
        ObjectMapper json = new ObjectMapper();
        ObjectNode root = json.createObjectNode().put("machine", machine);
        ArrayNode list = root.putArray("rows");
        rows.forEach(r -> list.addObject()
                .put("section", r.section())
                .put("figure", r.figure())
                .put("value", r.value())
                .put("target", r.target())
                .put("verdict", r.verdict()));
        json.writerWithDefaultPrettyPrinter()
                .writeValue(dir.resolve("results.json").toFile(), root);
    }
}
