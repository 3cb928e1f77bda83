package io.omsbridge.embedding;

import static org.assertj.core.api.Assertions.assertThat;

import io.omsbridge.hwcloud.oms.OmsConstants;
import io.omsbridge.simulator.OmsSimulator;
import io.omsbridge.simulator.SimTask;
import io.omsbridge.simulator.SimulatorSettings;
import java.time.Duration;
import org.apache.camel.CamelContext;
import org.apache.camel.Exchange;
import org.apache.camel.builder.RouteBuilder;
import org.apache.camel.impl.DefaultCamelContext;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** The Kamelet in the jar, found by kamelet: on the class path, turns a body into one OMS task in a host's route. */
class KameletsTest {

    private static final String PROJECT = SimulatorSettings.DEFAULT_USER.projectId();
    private static final String AK = "KAMELETTESTAK000001";
    private static final String SK = "kameletTestSecretKey0123456789abcdef";
    private static final String CREATE_V2 = """
            {"src_node":{"region":"cn-beijing","ak":"SRC_AK","sk":"SRC_SK","bucket":"kamelet-src","cloud_type":"AWS",
             "object_key":[""]},"description":"from a kamelet",
             "dst_node":{"region":"cn-north-1","ak":"DST_AK","sk":"DST_SK","bucket":"kamelet-dst"}}
            """;

    private OmsSimulator sim;
    private CamelContext context;

    @BeforeEach
    void start() throws Exception {
        sim = OmsSimulator.start(SimulatorSettings.builder()
                .accessKey(AK, SK)
                .waitTime(Duration.ofMinutes(1))
                .build());
        context = new DefaultCamelContext();
        context.addRoutes(new RouteBuilder() {
            @Override
            public void configure() {
                from("direct:migrate")
                        .to("kamelet:hwcloud-oms-task-sink?endpoint=" + sim.baseUrl() + "&projectId=" + PROJECT
                                + "&accessKey=RAW(" + AK + ")&secretKey=RAW(" + SK + ")");
            }
        });
        context.start();
    }

    @AfterEach
    void stop() throws Exception {
        context.close();
        sim.close();
    }

    @Test
    void theTaskSinkMakesOneSignedV2TaskFromTheBody() {
        Exchange done = context.createProducerTemplate()
                .request("direct:migrate", e -> e.getIn().setBody(CREATE_V2));

        assertThat(done.getException()).isNull();
        long taskId = done.getMessage().getHeader(OmsConstants.TASK_ID, Long.class);
        SimTask task = sim.tasks().find(taskId).orElseThrow();
        assertThat(task.srcBucket()).isEqualTo("kamelet-src");
        assertThat(sim.tasks().size()).isEqualTo(1);
    }
}
