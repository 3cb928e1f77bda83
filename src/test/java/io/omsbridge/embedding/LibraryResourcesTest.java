package io.omsbridge.embedding;

import static org.assertj.core.api.Assertions.assertThat;

import io.omsbridge.OmsBridge;
import io.omsbridge.config.BridgeConfiguration;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;

/** The library puts nothing where a host looks for its own files: logback's configuration, Spring Boot's settings. */
class LibraryResourcesTest {

    /** What the library jar packages: the project's compiled classes and resources. */
    private static final Path CLASSES = Path.of("target", "classes");

    @Test
    void noLoggingConfigurationLiesAtTheRootOfTheLibrary() throws IOException {
        List<String> root;
        try (Stream<Path> entries = Files.list(CLASSES)) {
            root = entries.map(p -> p.getFileName().toString()).sorted().toList();
        }

        assertThat(root).as("the library's class path root").noneMatch(name -> name.startsWith("logback"));
    }

    @Test
    void noSettingsFileLiesWhereSpringBootReadsItsApplicationsOwn() {
        // Spring Boot reads classpath:application.properties and, over it, classpath:config/application.properties
        Stream<Path> places = Stream.of(CLASSES, CLASSES.resolve("config"));

        assertThat(places.filter(Files::isDirectory).flatMap(LibraryResourcesTest::list))
                .as("settings files where Spring Boot looks for an application's")
                .noneMatch(name -> name.startsWith("application") && name.endsWith(".properties"));
    }

    @Test
    void theBridgesDefaultsAreInItsOwnPackage() {
        assertThat(getClass().getResource(BridgeConfiguration.DEFAULTS)).isNotNull();
    }

    @Test
    void theRunnableFindsItsLoggingConfigurationInItsOwnPackage() {
        assertThat(getClass().getClassLoader().getResource(OmsBridge.LOGBACK_XML))
                .isNotNull();
        assertThat(getClass().getClassLoader().getResource("io/omsbridge/logback-text.xml"))
                .isNotNull();
        assertThat(getClass().getClassLoader().getResource("io/omsbridge/logback-json.xml"))
                .isNotNull();
    }

    private static Stream<String> list(Path dir) {
        try (Stream<Path> entries = Files.list(dir)) {
            return entries.map(p -> p.getFileName().toString()).toList().stream();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
