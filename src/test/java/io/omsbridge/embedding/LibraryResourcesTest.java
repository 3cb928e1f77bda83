package io.omsbridge.embedding;

import static org.assertj.core.api.Assertions.assertThat;

import io.omsbridge.OmsBridge;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;

/** The library puts nothing at the class path's root that a host would take for its own (logback's configuration). */
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
    void theRunnableFindsItsLoggingConfigurationInItsOwnPackage() {
        assertThat(getClass().getClassLoader().getResource(OmsBridge.LOGBACK_XML))
                .isNotNull();
        assertThat(getClass().getClassLoader().getResource("io/omsbridge/logback-text.xml"))
                .isNotNull();
        assertThat(getClass().getClassLoader().getResource("io/omsbridge/logback-json.xml"))
                .isNotNull();
    }
}
