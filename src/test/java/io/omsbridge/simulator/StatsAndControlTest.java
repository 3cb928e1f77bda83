package io.omsbridge.simulator;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assumptions.assumeThat;

import com.fasterxml.jackson.databind.JsonNode;
import java.net.Inet4Address;
import java.net.InetAddress;
import java.net.NetworkInterface;
import java.net.SocketException;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.Collections;
import java.util.Optional;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** Proves the stats count every kind of call (per project too) and the local-only control endpoints work. */
class StatsAndControlTest {

    private OmsSimulator simulator;
    private SimClient client;

    @BeforeEach
    void start() {
        simulator = OmsSimulator.start(SimulatorSettings.builder()
                .host("0.0.0.0")
                .waitTime(Duration.ofMinutes(5))
                .build());
        client = new SimClient(simulator);
    }

    @AfterEach
    void stop() {
        simulator.close();
    }

    @Test
    void everyKindOfCallIsCounted() {
        String token = client.token();
        long a = client.create(token, "s1");
        long b = client.create(token, "s2");
        client.show(token, a);
        client.oms("GET", "task?start=0&limit=10", null, token);
        client.oms("GET", "task?totalcount=true", null, token);
        client.oms("PUT", "task/" + a, "{\"operation\":\"change_bandwidthpolicy\",\"bandwidth_policy\":[]}", token);
        client.oms("DELETE", "task/" + b, null, token);
        client.oms("GET", "task/999", null, token);
        client.oms("GET", "version", null, null);

        SimulatorStats stats = simulator.stats();

        assertThat(stats.tokenCalls()).isEqualTo(1);
        assertThat(stats.creates()).isEqualTo(2);
        assertThat(stats.shows()).isEqualTo(1);
        assertThat(stats.lists()).isEqualTo(1);
        assertThat(stats.counts()).isEqualTo(1);
        assertThat(stats.updates()).isEqualTo(1);
        assertThat(stats.deletes()).isEqualTo(1);
        assertThat(stats.rejections()).isEqualTo(1);
        assertThat(stats.unauthorized()).isEqualTo(1);
        assertThat(stats.perProject().get(SimClient.PROJECT))
                .isEqualTo(new SimulatorStats.ProjectStats(2, 1, 1, 1, 1, 1, 1, 1));
    }

    @Test
    void eachProjectCountsItsOwnTokensCountsUpdatesAndDeletes() {
        simulator.close();
        simulator = OmsSimulator.start(SimulatorSettings.builder()
                .host("0.0.0.0")
                .waitTime(Duration.ofMinutes(5))
                .user("testname", "testname", "Password", SimClient.PROJECT, "cn-north-1")
                .user("testname", "bob", "Bob-pass", "44444444444444444444444444444444", "cn-east-3")
                .build());
        client = new SimClient(simulator);
        String token = client.token();
        client.token();
        String bobs = client.token(
                SimClient.tokenBody("testname", "bob", "Bob-pass", "{\"project\":{\"name\":\"cn-east-3\"}}"));
        String bobTasks = "/v1/44444444444444444444444444444444/objectstorage/task";
        long mine = client.create(token, "mine");
        client.oms("PUT", "task/" + mine, "{\"operation\":\"change_bandwidthpolicy\",\"bandwidth_policy\":[]}", token);
        client.oms("GET", "task?totalcount=true", null, token);
        long his = SimClient.json(client.send("POST", bobTasks, SimClient.SEED_CREATE_BODY, bobs))
                .get("id")
                .asLong();
        client.send("DELETE", bobTasks + "/" + his, null, bobs);
        client.send("GET", bobTasks + "?totalcount=true&state=1", null, bobs);
        client.send("GET", bobTasks + "?totalcount=true", null, bobs);
        client.send("POST", "/v3/auth/tokens", SimClient.tokenBody("testname", "testname", "wrong", "{}"), null);

        SimulatorStats stats = simulator.stats();

        assertThat(stats.tokenCalls()).isEqualTo(4);
        assertThat(stats.project(SimClient.PROJECT)).isEqualTo(new SimulatorStats.ProjectStats(1, 0, 0, 0, 2, 1, 1, 0));
        assertThat(stats.project("44444444444444444444444444444444"))
                .isEqualTo(new SimulatorStats.ProjectStats(1, 0, 0, 0, 1, 2, 0, 1));
        assertThat(stats.counts()).isEqualTo(3);
        assertThat(stats.updates()).isEqualTo(1);
        assertThat(stats.deletes()).isEqualTo(1);
    }

    @Test
    void statsEndpointAnswersTheSameCountersAsJson() {
        String token = client.token();
        client.create(token, "s1");

        HttpResponse<String> r = client.send("GET", "/_simulator/stats", null, null);

        assertThat(r.statusCode()).isEqualTo(200);
        JsonNode stats = SimClient.json(r);
        assertThat(stats.get("tokenCalls").asLong()).isEqualTo(1);
        assertThat(stats.get("creates").asLong()).isEqualTo(1);
        assertThat(stats.at("/perProject/" + SimClient.PROJECT + "/creates").asLong())
                .isEqualTo(1);
        assertThat(stats.at("/perProject/" + SimClient.PROJECT + "/tokenCalls").asLong())
                .isEqualTo(1);
        for (String field : new String[] {
            "tokenCalls",
            "tokenFailures",
            "creates",
            "shows",
            "lists",
            "counts",
            "updates",
            "deletes",
            "rejections",
            "unauthorized",
            "injectedFaults",
            "droppedCreates"
        }) {
            assertThat(stats.has(field)).as(field).isTrue();
        }
        for (String field :
                new String[] {"creates", "shows", "lists", "rejections", "tokenCalls", "counts", "updates", "deletes"
                }) {
            assertThat(stats.at("/perProject/" + SimClient.PROJECT).has(field))
                    .as(field)
                    .isTrue();
        }
    }

    @Test
    void anUnknownControlEndpointIs404AndAWrongMethod405() {
        SimClient.assertOmsError(client.send("GET", "/_simulator/nothing", null, null), 404, "OMS.0004");
        SimClient.assertOmsError(client.send("GET", "/_simulator/", null, null), 404, "OMS.0004");
        SimClient.assertOmsError(client.send("DELETE", "/_simulator/stats", null, null), 405, "OMS.0005");
        SimClient.assertOmsError(client.send("GET", "/_simulator/tokens/revoke", null, null), 405, "OMS.0005");
        SimClient.assertOmsError(client.send("POST", "/_simulator/faults", "{}", null), 405, "OMS.0005");
    }

    @Test
    void faultsEndpointReadsAndChangesTheKnobs() {
        HttpResponse<String> put = client.send(
                "PUT",
                "/_simulator/faults",
                "{\"errorRate\":0.25,\"throttleRate\":0.5,\"latencyMs\":7,\"dropAfterCreateRate\":0.125}",
                null);

        assertThat(put.statusCode()).as(put.body()).isEqualTo(200);
        assertThat(simulator.faults().errorRate()).isEqualTo(0.25);
        assertThat(simulator.faults().throttleRate()).isEqualTo(0.5);
        assertThat(simulator.faults().latency()).isEqualTo(Duration.ofMillis(7));
        assertThat(simulator.faults().dropAfterCreateRate()).isEqualTo(0.125);
        JsonNode read = SimClient.json(client.send("GET", "/_simulator/faults", null, null));
        assertThat(read.get("latencyMs").asLong()).isEqualTo(7);
        assertThat(read.get("throttleRate").asDouble()).isEqualTo(0.5);
    }

    @Test
    void anInvalidFaultChangeIsRefusedAndChangesNothing() {
        HttpResponse<String> r =
                client.send("PUT", "/_simulator/faults", "{\"errorRate\":0.5,\"throttleRate\":2}", null);

        SimClient.assertOmsError(r, 400, "OMS.0064");
        assertThat(simulator.faults().errorRate()).isZero();
    }

    @Test
    void revokeEndpointInvalidatesEveryToken() {
        String token = client.token();

        assertThat(client.send("POST", "/_simulator/tokens/revoke", null, null).statusCode())
                .isEqualTo(200);

        assertThat(client.oms("GET", "version", null, token).statusCode()).isEqualTo(401);
    }

    @Test
    void controlEndpointsAreNotSubjectToFaults() {
        simulator.faults().errorRate(1.0);

        assertThat(client.send("GET", "/_simulator/stats", null, null).statusCode())
                .isEqualTo(200);
    }

    @Test
    void controlEndpointsRefuseCallersThatAreNotLoopback() throws SocketException {
        Optional<InetAddress> own = ownNonLoopbackAddress();
        assumeThat(own).as("a non-loopback IPv4 address on this machine").isPresent();
        SimClient remote = new SimClient("http://" + own.get().getHostAddress() + ":" + simulator.port());

        HttpResponse<String> r = remote.send("GET", "/_simulator/stats", null, null);

        assertThat(r.statusCode()).isEqualTo(403);
        assertThat(remote.send("POST", "/v3/auth/tokens", SimClient.SEED_TOKEN_BODY, null)
                        .statusCode())
                .isEqualTo(201);
    }

    private static Optional<InetAddress> ownNonLoopbackAddress() throws SocketException {
        for (NetworkInterface nic : Collections.list(NetworkInterface.getNetworkInterfaces())) {
            if (!nic.isUp() || nic.isLoopback()) {
                continue;
            }
            for (InetAddress address : Collections.list(nic.getInetAddresses())) {
                if (address instanceof Inet4Address && !address.isLoopbackAddress()) {
                    return Optional.of(address);
                }
            }
        }
        return Optional.empty();
    }
}
