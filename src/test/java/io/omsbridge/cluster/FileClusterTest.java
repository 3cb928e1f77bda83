package io.omsbridge.cluster;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.omsbridge.model.Duties;
import io.omsbridge.settings.ClusterSettings;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicInteger;
import org.apache.camel.CamelContext;
import org.apache.camel.builder.RouteBuilder;
import org.apache.camel.impl.DefaultCamelContext;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/** With {@code bridge.cluster=file}, two contexts on one shared directory run a duty's route on one of them at a time.
 * */
class FileClusterTest {

    private static final Duration ACQUIRE = Duration.ofSeconds(1);

    private final Map<String, CamelContext> contexts = new ConcurrentHashMap<>();
    private final Map<String, AtomicInteger> runs = new ConcurrentHashMap<>();

    @AfterEach
    void stop() {
        contexts.values().forEach(CamelContext::stop);
    }

    /** A context with the poll duty's route (a 50 ms timer counting its runs) under the bridge's cluster wiring. */
    private Duties node(String id, Path root) throws Exception {
        CamelContext context = new DefaultCamelContext();
        Duties duties = DutyCluster.wire(
                context,
                new ClusterSettings(
                        ClusterSettings.Kind.file, null, new ClusterSettings.File(root, ACQUIRE.toMillis())),
                null,
                id,
                0,
                Clock.systemUTC());
        runs.put(id, new AtomicInteger());
        context.addRoutes(new RouteBuilder() {
            @Override
            public void configure() {
                from("timer:duty?period=50")
                        .routeId("poll")
                        .routePolicyRef(DutyCluster.policyName(Duties.POLL))
                        .process(exchange -> runs.get(id).incrementAndGet());
            }
        });
        context.start();
        contexts.put(id, context);
        return duties;
    }

    @Test
    void oneOfTwoContextsOnASharedDirectoryRunsTheDutyAndTheOtherTakesItOverWhenItStops() throws Exception {
        Path root = Files.createTempDirectory("cluster");
        Duties a = node("node-a", root);
        await().atMost(Duration.ofSeconds(10))
                .until(() -> a.leads(Duties.POLL) && runs.get("node-a").get() > 0);
        Duties b = node("node-b", root);

        // node-b has tried the lock a few times meanwhile, and never ran the route
        await().during(ACQUIRE.multipliedBy(3))
                .atMost(ACQUIRE.multipliedBy(5))
                .until(() -> !b.leads(Duties.POLL) && runs.get("node-b").get() == 0);
        assertThat(a.leads(Duties.POLL)).isTrue();

        contexts.remove("node-a").stop();
        int before = runs.get("node-a").get();
        await().atMost(ACQUIRE.multipliedBy(10))
                .until(() -> b.leads(Duties.POLL) && runs.get("node-b").get() > 0);
        assertThat(runs.get("node-a").get())
                .as("the stopped context ran no more")
                .isEqualTo(before);
    }
}
