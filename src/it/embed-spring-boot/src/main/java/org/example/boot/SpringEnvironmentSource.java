package org.example.boot;

import java.util.Properties;
import java.util.function.Predicate;

import org.apache.camel.spi.LoadablePropertiesSource;
import org.springframework.core.env.ConfigurableEnvironment;
import org.springframework.core.env.EnumerablePropertySource;
import org.springframework.core.env.PropertySource;

/**
 * Spring's Environment as a source of Camel's properties. Camel's Spring Boot asks Spring only for a key no Camel
 * source has and never lists Spring's keys; the bridge's defaults are a Camel source, and it lists keys by prefix
 * (credentials.*), so it must see the application's settings as one.
 */
final class SpringEnvironmentSource implements LoadablePropertiesSource {

    private final ConfigurableEnvironment environment;

    SpringEnvironmentSource(ConfigurableEnvironment environment) {
        this.environment = environment;
    }

    @Override
    public String getName() {
        return "SpringEnvironment";
    }

    @Override
    public String getProperty(String name) {
        return environment.getProperty(name);
    }

    @Override
    public Properties loadProperties() {
        return loadProperties(name -> true);
    }

    @Override
    public Properties loadProperties(Predicate<String> filter) {
        Properties found = new Properties();
        for (PropertySource<?> source : environment.getPropertySources()) {
            if (source instanceof EnumerablePropertySource<?> names) {
                for (String name : names.getPropertyNames()) {
                    if (!found.containsKey(name) && filter.test(name)) {
                        try {
                            String value = environment.getProperty(name);
                            if (value != null) {
                                found.setProperty(name, value);
                            }
                        } catch (IllegalArgumentException unresolved) {
                            // a value naming a variable that is not set: as if the key were absent
                        }
                    }
                }
            }
        }
        return found;
    }

    @Override
    public void reloadProperties(String location) {
        // Spring's Environment is read live: nothing is cached
    }
}
