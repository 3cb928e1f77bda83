package io.omsbridge.architecture;

import static org.assertj.core.api.Assertions.assertThat;

import io.omsbridge.hwcloud.oms.OmsConstants;
import io.omsbridge.model.BridgeConstants;
import java.lang.reflect.Field;
import java.lang.reflect.Modifier;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.apache.camel.Exchange;
import org.junit.jupiter.api.Test;

/** Every exchange property and header a route names is a constant of the code: no name drifts between YAML and Java. */
class RouteNamesTest {

    /** {@code ${exchangeProperty.X}}, {@code ${header.X}} (and {@code headers.X}), and the name a setProperty sets. */
    private static final Pattern NAMED = Pattern.compile(
            "\\$\\{(?:exchangeProperty|headers?)\\.([A-Za-z0-9_]+)|setProperty:\\s*\\n\\s*name:\\s*\"?([A-Za-z0-9_]+)");

    @Test
    void everyPropertyAndHeaderARouteNamesIsAConstantOfTheCode() throws Exception {
        Set<String> constants = new HashSet<>();
        for (Class<?> holder : List.of(BridgeConstants.class, OmsConstants.class, Exchange.class)) {
            constants.addAll(stringConstants(holder));
        }
        int named = 0;
        List<String> unknown = new ArrayList<>();
        try (Stream<Path> files = Files.walk(Path.of("routes"))) {
            for (Path file :
                    files.filter(f -> f.toString().endsWith(".yaml")).sorted().toList()) {
                Matcher m = NAMED.matcher(Files.readString(file));
                while (m.find()) {
                    named++;
                    String name = m.group(1) != null ? m.group(1) : m.group(2);
                    if (!constants.contains(name)) {
                        unknown.add(file + ": " + name);
                    }
                }
            }
        }

        assertThat(named).as("names found in routes/").isPositive();
        assertThat(unknown).as("names no constant of the code defines").isEmpty();
    }

    private static Set<String> stringConstants(Class<?> holder) throws IllegalAccessException {
        Set<String> values = new HashSet<>();
        for (Field f : holder.getFields()) {
            if (Modifier.isStatic(f.getModifiers()) && f.getType() == String.class) {
                values.add((String) f.get(null));
            }
        }
        return values;
    }
}
