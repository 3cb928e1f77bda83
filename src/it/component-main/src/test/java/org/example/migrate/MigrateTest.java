package org.example.migrate;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.URL;
import java.util.ArrayList;
import java.time.Duration;
import java.util.Collections;
import java.util.List;
import java.util.Map;

import io.omsbridge.simulator.OmsSimulator;
import io.omsbridge.simulator.SimulatorSettings;
import org.apache.camel.Exchange;
import org.apache.camel.ProducerTemplate;
import org.apache.camel.main.Main;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** A consumer of oms-bridge's library: its own Camel Main app and YAML routes call OMS through hwcloud-oms. */
class MigrateTest {

    private static final String AK = "CONSUMERAK0000000001";
    private static final String SK = "consumer-secret-key-0123456789";
    private static final String CREATE = """
            {"src_node":{"region":"cn-beijing","ak":"SRC_AK","sk":"SRC_SK","bucket":"consumer-src","cloud_type":"AWS",
             "object_key":[""]},"description":"from a consumer",
             "dst_node":{"region":"cn-north-1","ak":"DST_AK","sk":"DST_SK","bucket":"consumer-dst"}}
            """;

    private static OmsSimulator oms;
    private static Main main;

    @BeforeAll
    static void start() throws Exception {
        // the simulator ships in the library: the application's test needs no account
        oms = OmsSimulator.start(SimulatorSettings.builder().accessKey(AK, SK).waitTime(Duration.ofMinutes(1))
                .build());
        main = new Main();
        main.addInitialProperty("oms.endpoint", oms.baseUrl());
        main.addInitialProperty("oms.project-id", SimulatorSettings.DEFAULT_USER.projectId());
        main.addInitialProperty("oms.ak", AK);
        main.addInitialProperty("oms.sk", SK);
        main.start();
    }

    @AfterAll
    static void stop() throws Exception {
        main.stop();
        oms.close();
    }

    @Test
    void theApplicationsYamlRouteCreatesAV2TaskAndShowsIt() {
        ProducerTemplate template = main.getCamelContext().createProducerTemplate();
        Exchange done = template.request("direct:migrate", e -> e.getIn().setBody(CREATE));

        assertThat(done.getException()).isNull();
        long id = done.getMessage().getHeader("CamelHwcloudOmsTaskId", Long.class);
        String shown = done.getMessage().getBody(String.class);
        assertThat(shown).contains(String.valueOf(id)).contains("consumer-src");
        assertThat(oms.tasks().find(id)).isPresent();
    }

    @Test
    void theKameletInTheLibrarysJarCreatesATask() {
        ProducerTemplate template = main.getCamelContext().createProducerTemplate();
        Exchange done = template.request("direct:migrate-kamelet", e -> e.getIn().setBody(CREATE));

        assertThat(done.getException()).isNull();
        assertThat(done.getMessage().getHeader("CamelHwcloudOmsTaskId", Long.class)).isPositive();
    }

    @Test
    void itRunsOnTheCamelItsOwnBomChose() {
        assertThat(main.getCamelContext().getVersion()).isEqualTo(System.getProperty("camel.version"));
    }

    @Test
    void theClassPathHoldsOneCamelAndNoneOfTheBridgesOptionalParts() throws Exception {
        List<URL> cores = Collections.list(getClass().getClassLoader()
                .getResources("org/apache/camel/impl/engine/AbstractCamelContext.class"));
        assertThat(cores).as("copies of Camel's core on the class path").hasSize(1);
        List<URL> apis = Collections.list(getClass().getClassLoader().getResources("org/apache/camel/CamelContext.class"));
        assertThat(apis).as("copies of Camel's API on the class path").hasSize(1);
        List<String> present = new ArrayList<>();
        Map.of("the embedded Artemis broker", "org.apache.activemq.artemis.core.server.ActiveMQServer",
                "its AMQP protocol", "org.apache.activemq.artemis.protocol.amqp.broker.ProtonProtocolManagerFactory",
                "SQLite's driver", "org.sqlite.JDBC",
                "PostgreSQL's driver", "org.postgresql.Driver",
                "logback", "ch.qos.logback.classic.Logger",
                "Camel Main's HTTP server", "org.apache.camel.component.platform.http.main.MainHttpServer",
                "the command line", "picocli.CommandLine",
                "camel-kafka (the Kafka inbox and event endpoints)", "org.apache.camel.component.kafka.KafkaComponent",
                "camel-kubernetes (bridge.cluster=kubernetes)",
                "org.apache.camel.component.kubernetes.cluster.KubernetesClusterService").forEach((part, className) -> {
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
