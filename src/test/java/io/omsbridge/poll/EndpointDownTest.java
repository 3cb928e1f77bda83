package io.omsbridge.poll;

import static io.omsbridge.Requests.inline;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import com.sun.net.httpserver.HttpServer;
import io.omsbridge.BridgeRun;
import io.omsbridge.ledger.EventOutbox;
import io.omsbridge.simulator.OmsSimulator;
import io.omsbridge.simulator.SimulatorSettings;
import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import org.junit.jupiter.api.Test;

/** An event endpoint that is down or hangs delays only its own deliveries, and gets every event once it comes up. */
class EndpointDownTest {

    private static final Duration WAIT = Duration.ofSeconds(15);

    @Test
    void aWebhookThatIsDownGetsTheEventOnceItIsUpWhileTheOtherEndpointsGetItAtOnce() throws Exception {
        int port = BridgeRun.freePort();
        List<String> posted = new CopyOnWriteArrayList<>();
        List<String> contentTypes = new CopyOnWriteArrayList<>();
        try (OmsSimulator sim = OmsSimulator.start(SimulatorSettings.builder()
                        .waitTime(Duration.ofMillis(100))
                        .runTime(Duration.ofMillis(800))
                        .maxCreatesPer24h(0)
                        .maxWaitingTasks(0)
                        .maxRunningTasks(0)
                        .build());
                BridgeRun bridge = BridgeRun.start(
                        sim,
                        BridgeRun.newDataDir("down"),
                        Map.of(
                                "events.endpoints",
                                        "file:{{bridge.outbox}},jms:topic:oms.migration.events," + "http://127.0.0.1:"
                                                + port + "/hook",
                                "bridge.publish.retry-delay", "300",
                                // one event per endpoint and run: the event held by the webhook must not hide the next
                                // one
                                "bridge.publish.batch", "1"));
                EventTopic topic = EventTopic.events()) {
            bridge.drop("hook-1.json", inline("hook-1", "source-bucket"));
            bridge.drop("hook-2.json", inline("hook-2", "fail-bucket"));

            // the file and the topic get both events although the webhook refuses connections
            for (String id : List.of("hook-1", "hook-2")) {
                await().atMost(WAIT).until(() -> bridge.outboxEvents(id).size() == 1);
                await().atMost(WAIT).until(() -> topic.events(id).size() == 1);
            }
            String eventId = bridge.outboxEvents("hook-1").get(0).path("id").asText();
            assertThat(bridge.eventRows("hook-1"))
                    .singleElement()
                    .satisfies(row -> assertThat(row.published()).isFalse());
            assertThat(bridge.bean("eventOutbox", EventOutbox.class)
                            .delivered(eventId, "http://127.0.0.1:" + port + "/hook"))
                    .isFalse();

            HttpServer hook = HttpServer.create(new InetSocketAddress("127.0.0.1", port), 16);
            hook.createContext("/hook", exchange -> {
                posted.add(new String(exchange.getRequestBody().readAllBytes(), StandardCharsets.UTF_8));
                contentTypes.add(exchange.getRequestHeaders().getFirst("Content-Type"));
                exchange.sendResponseHeaders(202, -1);
                exchange.close();
            });
            hook.start();
            try {
                await().atMost(WAIT)
                        .until(() -> bridge.eventRows("hook-1").get(0).published()
                                && bridge.eventRows("hook-2").get(0).published());

                List<JsonNode> events =
                        posted.stream().map(EndpointDownTest::json).toList();
                assertThat(events).hasSize(2);
                assertThat(events)
                        .filteredOn(e -> e.path("subject").asText().equals("hook-1"))
                        .singleElement()
                        .satisfies(e -> {
                            assertThat(e.path("id").asText()).isEqualTo(eventId);
                            assertThat(e.path("type").asText()).isEqualTo("oms.task.succeeded");
                        });
                assertThat(events)
                        .filteredOn(e -> e.path("subject").asText().equals("hook-2"))
                        .singleElement()
                        .satisfies(e -> assertThat(e.path("type").asText()).isEqualTo("oms.task.failed"));
                assertThat(contentTypes.get(0)).startsWith("application/cloudevents+json");
                assertThat(bridge.outboxEvents("hook-1")).hasSize(1);
                assertThat(topic.events("hook-1")).hasSize(1);
            } finally {
                hook.stop(0);
            }
        }
    }

    @Test
    void aWebhookThatAcceptsButNeverAnswersDoesNotDelayTheOtherEndpoints() throws Exception {
        List<Socket> held = new CopyOnWriteArrayList<>();
        try (ServerSocket blackHole = new ServerSocket(0, 50, InetAddress.getLoopbackAddress())) {
            Thread acceptor = new Thread(
                    () -> {
                        try {
                            while (true) {
                                // accepted and never answered, like a black-holed webhook behind a load balancer
                                held.add(blackHole.accept());
                            }
                        } catch (IOException closed) {
                            // the test is over
                        }
                    },
                    "black-hole");
            acceptor.setDaemon(true);
            acceptor.start();
            String hook = "http://127.0.0.1:" + blackHole.getLocalPort() + "/hook";
            try (OmsSimulator sim = OmsSimulator.start(SimulatorSettings.builder()
                            .waitTime(Duration.ofMillis(100))
                            .runTime(Duration.ofMillis(800))
                            .maxCreatesPer24h(0)
                            .maxWaitingTasks(0)
                            .maxRunningTasks(0)
                            .build());
                    BridgeRun bridge = BridgeRun.start(
                            sim,
                            BridgeRun.newDataDir("hang"),
                            Map.of(
                                    // listed first, and each call hangs for 30 s: sent one after another, it would hold
                                    // up
                                    // every other endpoint that long
                                    "events.endpoints",
                                    hook + "?responseTimeout=30000&soTimeout=30000,file:{{bridge.outbox}},"
                                            + "jms:topic:oms.migration.events",
                                    "bridge.publish.retry-delay",
                                    "300"));
                    EventTopic topic = EventTopic.events()) {
                for (String id : List.of("hang-1", "hang-2")) {
                    bridge.drop(id + ".json", inline(id, "source-bucket"));
                    await().atMost(WAIT).until(() -> !bridge.eventRows(id).isEmpty());

                    // from the event's row in the ledger to its file: the usual publish delay, well short of the
                    // webhook's 30 s hang (a slow machine may take a few seconds)
                    await().atMost(Duration.ofSeconds(10))
                            .until(() -> bridge.outboxEvents(id).size() == 1);
                    await().atMost(Duration.ofSeconds(10))
                            .until(() -> topic.events(id).size() == 1);
                }
                assertThat(held).as("one call at a time to the hanging webhook").hasSize(1);
                String eventId = bridge.outboxEvents("hang-1").get(0).path("id").asText();
                assertThat(bridge.bean("eventOutbox", EventOutbox.class)
                                .delivered(eventId, hook + "?responseTimeout=30000&soTimeout=30000"))
                        .isFalse();
                // hang up, so the bridge's last call fails now instead of holding its shutdown
                for (Socket socket : held) {
                    socket.close();
                }
            }
        }
    }

    private static JsonNode json(String text) {
        try {
            return BridgeRun.JSON.readTree(text);
        } catch (IOException e) {
            throw new IllegalStateException(e);
        }
    }
}
