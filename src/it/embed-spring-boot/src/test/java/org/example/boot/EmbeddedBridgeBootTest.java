package org.example.boot;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.net.URL;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeSet;

import io.omsbridge.simulator.OmsSimulator;
import io.omsbridge.simulator.SimulatorSettings;
import org.apache.camel.CamelContext;
import org.apache.camel.ConsumerTemplate;
import org.apache.camel.ProducerTemplate;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;

/** A Spring Boot application embeds the bridge as the README says, on its own Camel, and gets one event per request. */
@SpringBootTest
class EmbeddedBridgeBootTest {

    private static final String AK = "BOOTAK00000000000001";
    private static final String SK = "boot-secret-key-0123456789abcdef";
    private static final String REQUEST = """
            {"src_node":{"region":"cn-beijing","credential":"src","object_key":{"path":"","keys":[]},
             "bucket":"boot-src","cloud_type":"AWS"},"thread_num":10,"enableKMS":false,
             "dst_node":{"region":"cn-north-1","credential":"dst","object_key":"/","bucket":"boot-dst"}}
            """;

    private static OmsSimulator oms;

    @Autowired
    private CamelContext camel;

    @Autowired
    private ProducerTemplate requests;

    @Autowired
    private ConsumerTemplate events;

    /** The simulator starts before the application, whose settings then name it (over application.properties). */
    @DynamicPropertySource
    static void simulator(DynamicPropertyRegistry registry) throws Exception {
        // the simulator ships in the library: the application's test needs no account
        oms = OmsSimulator.start(SimulatorSettings.builder().accessKey(AK, SK).waitTime(Duration.ofMillis(200))
                .runTime(Duration.ofMillis(500)).build());
        // a data directory of this run's own: a ledger left by an earlier run would answer "duplicate"
        Path dataDir = Files.createTempDirectory(Files.createDirectories(Path.of("target")), "oms-bridge-");
        registry.add("bridge.data-dir", dataDir::toString);
        registry.add("oms.endpoint", oms::baseUrl);
        registry.add("oms.project-id", SimulatorSettings.DEFAULT_USER::projectId);
        registry.add("oms.ak", () -> AK);
        registry.add("oms.sk", () -> SK);
        registry.add("credentials.src.ak", () -> "SRC_AK_0000000001");
        registry.add("credentials.src.sk", () -> "SRC_SK_0000000001");
        registry.add("credentials.dst.ak", () -> "DST_AK_0000000001");
        registry.add("credentials.dst.sk", () -> "DST_SK_0000000001");
        // a poll every second, so the test sees the tasks end soon after the simulator ends them
        registry.add("bridge.poll-cron", () -> "0/1 * * * * ?");
        registry.add("bridge.publish.interval", () -> "200");
    }

    @AfterAll
    static void stopSimulator() {
        oms.close();
    }

    @Test
    void requestsSentThroughDirectBecomeTasksAndEachEndsAsOneEventOnTheApplicationsOwnEndpoint() {
        List<String> ids = List.of("boot-1", "boot-2", "boot-3");
        for (String id : ids) {
            String ack = requests.requestBodyAndHeader("direct:oms-migration-request", REQUEST, "requestId", id,
                    String.class);
            assertThat(ack).contains("\"request_id\":\"" + id + "\"").contains("\"status\":\"accepted\"");
        }

        Map<String, List<String>> ended = new HashMap<>();
        long deadline = System.nanoTime() + Duration.ofMinutes(2).toNanos();
        while (ended.size() < ids.size() && System.nanoTime() < deadline) {
            String event = events.receiveBody("seda:boot-migration-events", 1000, String.class);
            if (event != null && event.contains("\"type\":\"oms.task.succeeded\"")) {
                ids.stream().filter(id -> event.contains("\"" + id + "\""))
                        .forEach(id -> ended.computeIfAbsent(id, k -> new ArrayList<>()).add(event));
            }
        }

        assertThat(ended).as("the completion events per request").containsOnlyKeys(ids)
                .allSatisfy((id, each) -> assertThat(each).hasSize(1));
        assertThat(oms.tasks().all()).hasSize(ids.size());
    }

    @Test
    void theClassPathHoldsOneCamelTheBootApplicationsAndNoneOfTheBridgesOptionalPartsItDidNotAskFor() throws Exception {
        ClassLoader loader = getClass().getClassLoader();
        List<URL> cores = Collections.list(loader.getResources("org/apache/camel/impl/engine/AbstractCamelContext.class"));
        assertThat(cores).as("copies of Camel's core on the class path").hasSize(1);
        // every Camel module is the one Camel that runs: the Boot BOM's, not the library's own build
        assertThat(camelModuleVersions(loader)).as("the versions of the camel-* modules on the class path")
                .containsExactly(camel.getVersion());
        assertThat(camel.getVersion()).isEqualTo("4.17.0");
        List<String> present = new ArrayList<>();
        Map.of("its AMQP protocol", "org.apache.activemq.artemis.protocol.amqp.broker.ProtonProtocolManagerFactory",
                "PostgreSQL's driver", "org.postgresql.Driver",
                "Camel Main's HTTP server", "org.apache.camel.component.platform.http.main.MainHttpServer",
                "Prometheus", "io.micrometer.prometheusmetrics.PrometheusMeterRegistry",
                "the command line", "picocli.CommandLine").forEach((part, className) -> {
                    try {
                        Class.forName(className);
                        present.add(part + " (" + className + ")");
                    } catch (ClassNotFoundException absent) {
                        // as it should be: the application did not ask for it
                    }
                });
        assertThat(present).as("the bridge's optional parts this application did not ask for").isEmpty();
    }

    /** The versions the class path's org.apache.camel jars were built as (each jar's Maven metadata). */
    private static TreeSet<String> camelModuleVersions(ClassLoader loader) throws IOException {
        TreeSet<String> versions = new TreeSet<>();
        for (URL manifest : Collections.list(loader.getResources("META-INF/MANIFEST.MF"))) {
            String jar = manifest.toString();
            int at = jar.indexOf("/org/apache/camel/camel-");
            if (jar.startsWith("jar:") && at >= 0) {
                // .../org/apache/camel/<artifact>/<version>/<artifact>-<version>.jar!/META-INF/MANIFEST.MF
                String[] parts = jar.substring(at + "/org/apache/camel/".length()).split("/");
                versions.add(parts[1]);
            }
        }
        return versions;
    }
}
