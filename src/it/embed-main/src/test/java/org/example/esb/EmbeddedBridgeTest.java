package org.example.esb;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.URL;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

import io.omsbridge.simulator.OmsSimulator;
import io.omsbridge.simulator.SimulatorSettings;
import org.apache.camel.ConsumerTemplate;
import org.apache.camel.ProducerTemplate;
import org.apache.camel.main.Main;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** An ESB's Camel Main application embeds the bridge as the README says, and gets one completion event per request. */
class EmbeddedBridgeTest {

    private static final String AK = "ESBAK000000000000001";
    private static final String SK = "esb-secret-key-0123456789abcdef";
    private static final String REQUEST = """
            {"src_node":{"region":"cn-beijing","credential":"src","object_key":{"path":"","keys":[]},
             "bucket":"esb-src","cloud_type":"AWS"},"thread_num":10,"enableKMS":false,
             "dst_node":{"region":"cn-north-1","credential":"dst","object_key":"/","bucket":"esb-dst"}}
            """;

    private static OmsSimulator oms;
    private static Main main;

    @BeforeAll
    static void start() throws Exception {
        // the simulator ships in the library: the application's test needs no account
        oms = OmsSimulator.start(SimulatorSettings.builder().accessKey(AK, SK).waitTime(Duration.ofMillis(200))
                .runTime(Duration.ofMillis(500)).build());
        main = new Main();
        // the test's own values over application.properties: the simulator, its keys, the request's aliases
        main.addOverrideProperty("oms.endpoint", oms.baseUrl());
        main.addOverrideProperty("oms.project-id", SimulatorSettings.DEFAULT_USER.projectId());
        main.addOverrideProperty("oms.ak", AK);
        main.addOverrideProperty("oms.sk", SK);
        main.addOverrideProperty("credentials.src.ak", "SRC_AK_0000000001");
        main.addOverrideProperty("credentials.src.sk", "SRC_SK_0000000001");
        main.addOverrideProperty("credentials.dst.ak", "DST_AK_0000000001");
        main.addOverrideProperty("credentials.dst.sk", "DST_SK_0000000001");
        // a poll every second, so the test sees the tasks end soon after the simulator ends them
        main.addOverrideProperty("bridge.poll-cron", "0/1 * * * * ?");
        main.addOverrideProperty("bridge.publish.interval", "200");
        main.start();
    }

    @AfterAll
    static void stop() throws Exception {
        main.stop();
        oms.close();
    }

    @Test
    void requestsSentThroughDirectBecomeTasksAndEachEndsAsOneEventOnTheApplicationsOwnEndpoint() {
        ProducerTemplate requests = main.getCamelContext().createProducerTemplate();
        List<String> ids = List.of("esb-1", "esb-2", "esb-3");
        for (String id : ids) {
            String ack = requests.requestBodyAndHeader("direct:oms-migration-request", REQUEST, "requestId", id,
                    String.class);
            assertThat(ack).contains("\"request_id\":\"" + id + "\"").contains("\"status\":\"accepted\"");
        }

        Map<String, List<String>> ended = new HashMap<>();
        ConsumerTemplate events = main.getCamelContext().createConsumerTemplate();
        long deadline = System.nanoTime() + Duration.ofMinutes(2).toNanos();
        while (ended.size() < ids.size() && System.nanoTime() < deadline) {
            String event = events.receiveBody("seda:esb-migration-events", 1000, String.class);
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
    void theClassPathHoldsOneCamelAndNoneOfTheBridgesOptionalPartsItDidNotAskFor() throws Exception {
        ClassLoader loader = getClass().getClassLoader();
        List<URL> cores = Collections.list(loader.getResources("org/apache/camel/impl/engine/AbstractCamelContext.class"));
        assertThat(cores).as("copies of Camel's core on the class path").hasSize(1);
        // the library keeps the runnable's logging in its own package: a host's logging backend finds none of it
        assertThat(loader.getResource("logback.xml")).as("a logback.xml at the class path's root").isNull();
        List<String> present = new ArrayList<>();
        Map.of("its AMQP protocol", "org.apache.activemq.artemis.protocol.amqp.broker.ProtonProtocolManagerFactory",
                "PostgreSQL's driver", "org.postgresql.Driver",
                "logback", "ch.qos.logback.classic.Logger",
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
}
