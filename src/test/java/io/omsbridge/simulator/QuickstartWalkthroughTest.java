package io.omsbridge.simulator;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** Proves the seed's quickstart works word for word: token, create, show until status 5 with every field present. */
class QuickstartWalkthroughTest {

    private OmsSimulator simulator;
    private SimClient client;

    @BeforeEach
    void start() {
        simulator = OmsSimulator.start(SimulatorSettings.builder()
                .waitTime(Duration.ofMillis(200))
                .runTime(Duration.ofMillis(500))
                .build());
        client = new SimClient(simulator);
    }

    @AfterEach
    void stop() {
        simulator.close();
    }

    @Test
    void theQuickstartCallsRunFromTokenToASucceededTask() {
        HttpResponse<String> tokenResponse = client.send("POST", "/v3/auth/tokens", SimClient.SEED_TOKEN_BODY, null);
        assertThat(tokenResponse.statusCode()).isEqualTo(201);
        String token = tokenResponse.headers().firstValue("X-Subject-Token").orElseThrow();
        assertThat(token).startsWith("MII");

        HttpResponse<String> created = client.send(
                "POST", "/v1/0215ef11e49d4743be23dd97a1561e91/objectstorage/task", SimClient.SEED_CREATE_BODY, token);
        assertThat(created.statusCode()).as(created.body()).isEqualTo(200);
        JsonNode createdBody = SimClient.json(created);
        long id = createdBody.get("id").asLong();
        assertThat(id).isPositive();
        assertThat(createdBody.get("task_name").asText()).matches("source_bucket-destination_bucket-\\d{17}_\\d{1,3}");

        await().atMost(Duration.ofSeconds(5))
                .pollInterval(Duration.ofMillis(50))
                .until(() -> client.status(token, id) == 5);
        HttpResponse<String> shown =
                client.send("GET", "/v1/0215ef11e49d4743be23dd97a1561e91/objectstorage/task/" + id, null, token);
        assertThat(shown.statusCode()).isEqualTo(200);
        JsonNode task = SimClient.json(shown);

        for (String field : List.of(
                "id",
                "name",
                "src_node",
                "dst_node",
                "thread_num",
                "is_query_over",
                "status",
                "progress",
                "total_num",
                "success_num",
                "fail_num",
                "skip_num",
                "description",
                "enableKMS",
                "error_reason",
                "total_size",
                "real_size",
                "complete_size",
                "migrate_speed",
                "start_time",
                "left_time",
                "total_time",
                "migrate_since",
                "task_type",
                "failed_object_record")) {
            assertThat(task.has(field)).as("field %s in %s", field, task).isTrue();
        }
        assertThat(task.get("src_node").fieldNames())
                .toIterable()
                .contains("region", "bucket", "object_key", "list_file", "cloud_type");
        assertThat(task.get("dst_node").fieldNames())
                .toIterable()
                .contains("region", "bucket", "object_key", "cloud_type");
        assertThat(task.get("failed_object_record").fieldNames())
                .toIterable()
                .contains("result", "list_file_key", "reson");

        assertThat(task.get("id").asLong()).isEqualTo(id);
        assertThat(task.get("name").asText())
                .isEqualTo(createdBody.get("task_name").asText());
        assertThat(task.at("/src_node/region").asText()).isEqualTo("cn-beijing");
        assertThat(task.at("/src_node/bucket").asText()).isEqualTo("source_bucket");
        assertThat(task.at("/src_node/object_key").isArray()).isTrue();
        assertThat(task.at("/src_node/object_key/0").asText()).isEqualTo("/");
        assertThat(task.at("/src_node/list_file").asText()).isEmpty();
        assertThat(task.at("/src_node/cloud_type").asText()).isEqualTo("AWS");
        assertThat(task.at("/dst_node/region").asText()).isEqualTo("cn-north-1");
        assertThat(task.at("/dst_node/bucket").asText()).isEqualTo("destination_bucket");
        assertThat(task.at("/dst_node/object_key").asText()).isEqualTo("/");
        assertThat(task.at("/dst_node/cloud_type").asText()).isEqualTo("OBS");
        assertThat(task.get("thread_num").asInt()).isEqualTo(50);
        assertThat(task.get("is_query_over").asBoolean()).isTrue();
        assertThat(task.get("status").asInt()).isEqualTo(5);
        assertThat(task.get("progress").asDouble()).isEqualTo(1.0);
        assertThat(task.get("success_num").asLong())
                .isEqualTo(task.get("total_num").asLong())
                .isPositive();
        assertThat(task.get("fail_num").asLong()).isZero();
        assertThat(task.get("skip_num").asLong()).isZero();
        assertThat(task.get("description").asText()).isEqualTo("A migration task.");
        assertThat(task.get("enableKMS").asBoolean()).isFalse();
        assertThat(task.get("error_reason").asText()).isEmpty();
        assertThat(task.get("complete_size").asLong())
                .isEqualTo(task.get("total_size").asLong())
                .isEqualTo(task.get("real_size").asLong())
                .isPositive();
        assertThat(task.get("migrate_speed").asLong()).isPositive();
        assertThat(task.get("start_time").asLong()).isGreaterThan(1_500_000_000_000L);
        assertThat(task.get("left_time").asLong()).isZero();
        assertThat(task.get("total_time").asLong()).isPositive();
        assertThat(task.get("migrate_since").asLong()).isZero();
        assertThat(task.get("task_type").asText()).isEqualTo("object");
        assertThat(shown.body()).doesNotContain("source_ak", "source_sk", "destination_ak", "destination_sk");
    }
}
