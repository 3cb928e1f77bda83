package io.omsbridge.embedding;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.omsbridge.BridgeRun;
import io.omsbridge.Requests;
import io.omsbridge.Tasks;
import io.omsbridge.config.BridgeConfiguration;
import io.omsbridge.simulator.OmsSimulator;
import io.omsbridge.simulator.SimulatorSettings;
import java.nio.file.Path;
import java.time.Duration;
import org.apache.camel.CamelContext;
import org.apache.camel.Endpoint;
import org.apache.camel.builder.AdviceWith;
import org.apache.camel.builder.RouteBuilder;
import org.apache.camel.component.jms.JmsEndpoint;
import org.apache.camel.component.mock.MockEndpoint;
import org.apache.camel.component.seda.SedaEndpoint;
import org.apache.camel.spi.PropertiesComponent;
import org.apache.camel.spi.Resource;
import org.apache.camel.support.PluginHelper;
import org.apache.camel.test.junit5.CamelTestSupport;
import org.apache.camel.test.junit5.TestExecutionConfiguration;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** Another Camel runtime (a plain CamelContext, no Main) loads the routes and beans from the classpath and submits. */
class EmbeddingTest extends CamelTestSupport {

    private static OmsSimulator sim;
    private static final Path DATA = BridgeRun.newDataDir("embedded");

    @BeforeAll
    static void simulator() {
        sim = OmsSimulator.start(
                SimulatorSettings.builder().waitTime(Duration.ofMinutes(5)).build());
    }

    @AfterAll
    static void stopSimulator() {
        sim.close();
    }

    @Override
    public void configureTest(TestExecutionConfiguration configuration) {
        configuration.withUseAdviceWith(true);
    }

    @Override
    protected CamelContext createCamelContext() throws Exception {
        CamelContext context = super.createCamelContext();
        PropertiesComponent properties = context.getPropertiesComponent();
        // the embedding application's own settings: its data directory, OMS and IAM; the library has the defaults
        BridgeRun.defaults(sim, DATA).forEach(properties::addOverrideProperty);
        // one pool the host sizes itself; the others keep the embedded sizing
        properties.addOverrideProperty("bridge.publish.threads", "2");
        new BridgeConfiguration().configure(context);
        for (Resource routes :
                PluginHelper.getPackageScanResourceResolver(context).findResources("classpath:routes/*.camel.yaml")) {
            PluginHelper.getRoutesLoader(context).loadRoutes(routes);
        }
        return context;
    }

    @Test
    void anEmbeddingRuntimeLoadsTheRoutesFromTheClasspathAndSubmitsARequestThroughThem() throws Exception {
        AdviceWith.adviceWith(context, "submit", route -> route.weaveAddLast().to("mock:submitted"));
        context.start();
        MockEndpoint submitted = getMockEndpoint("mock:submitted");
        submitted.expectedMessageCount(1);

        String ack = template.requestBodyAndHeader(
                "direct:oms-migration-request", Requests.aliased(null, "esb"), "requestId", "esb-1", String.class);

        assertThat(ack).contains("\"request_id\":\"esb-1\"").contains("\"status\":\"accepted\"");
        submitted.assertIsSatisfied();
        assertThat(Tasks.perRequest(sim)).containsEntry("esb-1", 1L);
        assertThat(context.getRouteController().getRouteStatus("inbox-file").isStarted())
                .isTrue();
    }

    @Test
    void anEmbeddedBridgeRunsSmallerThreadPoolsThanTheStandaloneJarUnlessTheHostSizesThem() throws Exception {
        context.start();

        assertThat(concurrentConsumers("submit")).isEqualTo(8);
        assertThat(concurrentConsumers("inbox-queue")).isEqualTo(1);
        assertThat(concurrentConsumers("publish-endpoint")).isEqualTo(2);
        assertThat(concurrentConsumers("operate")).isEqualTo(1);
        assertThat(context.resolvePropertyPlaceholders("{{bridge.poll.show-threads}}"))
                .isEqualTo("2");
    }

    private int concurrentConsumers(String routeId) {
        Endpoint from = context.getRoute(routeId).getEndpoint();
        return from instanceof SedaEndpoint seda
                ? seda.getConcurrentConsumers()
                : ((JmsEndpoint) from).getConcurrentConsumers();
    }

    @Test
    void theKafkaInboxIsLeftOutWhileNoBootstrapServersAreSet() throws Exception {
        context.start();

        assertThat(context.getRoute("inbox-kafka")).isNull();
        assertThat(context.getRoute("inbox-queue")).isNotNull();
    }

    @Test
    void aRequestSentThroughTheMigrationSinkKameletIsAcknowledgedAndBecomesOneTask() throws Exception {
        context.addRoutes(new RouteBuilder() {
            @Override
            public void configure() {
                from("direct:esb-orders").to("kamelet:hwcloud-oms-migration-sink?requestId=esb-kamelet-1");
            }
        });
        context.start();

        String ack = template.requestBody("direct:esb-orders", Requests.aliased(null, "esb"), String.class);
        String again = template.requestBody("direct:esb-orders", Requests.aliased(null, "esb"), String.class);

        assertThat(ack).contains("\"request_id\":\"esb-kamelet-1\"").contains("\"status\":\"accepted\"");
        assertThat(again).contains("\"status\":\"duplicate\"");
        await().atMost(Duration.ofSeconds(30)).until(() -> Tasks.perRequest(sim).get("esb-kamelet-1") != null);
        assertThat(Tasks.perRequest(sim)).containsEntry("esb-kamelet-1", 1L);
    }
}
