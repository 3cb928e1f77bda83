package io.omsbridge.operations;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import io.omsbridge.Http;
import io.omsbridge.model.LedgerState;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * Operations on OMS API v2 with AK/SK: {@code POST .../tasks/{id}/stop|start}, DELETE, the bandwidth-policy call, and
 * the priority through {@code POST .../tasks/batch-update}.
 */
class OperationsV2Test extends OperationsContract {

    @BeforeAll
    static void onV2() {
        start(settings -> {
            settings.keySet().removeIf(key -> key.startsWith("iam."));
            settings.put("oms.api-version", "v2");
            settings.put("oms.auth", "aksk");
            settings.put("oms.ak", AK);
            settings.put("oms.sk", SK);
        });
    }

    @Test
    void aRunningTasksPriorityIsRefusedNamingItsStateAndAPausedOneIsReprioritised() throws Exception {
        long task = running("op-prio").taskId();

        Http.Answer refused = Http.post(api + "/op-prio/priority", "{\"task_priority\":\"HIGH\"}");
        assertThat(refused.status()).isEqualTo(409);
        assertThat(refused.body())
                .contains("cannot change the priority of migration op-prio: it is RUNNING")
                .contains("only a waiting, stopped or failed task");

        bridge.drop("prio-stop.json", "{\"request_id\":\"op-prio\",\"operation\":\"stop\"}");
        awaitState("op-prio", LedgerState.STOPPED);
        Http.Answer accepted =
                Http.post(api + "/op-prio/priority", "{\"task_priority\":\"HIGH\"}", "Idempotency-Key", "prio-1");
        assertThat(accepted.status()).as(accepted.body()).isEqualTo(202);

        JsonNode reprioritised = awaitEvent("op-prio", "oms.task.reprioritised");
        assertThat(reprioritised.path("data").path("task_priority").asText()).isEqualTo("HIGH");
        assertThat(reprioritised.path("data").path("operation_id").asText()).isEqualTo("prio-1");
        assertThat(sim.tasks().find(task).orElseThrow().taskPriority()).isEqualTo("HIGH");
        JsonNode shown = Http.get(api + "/op-prio").json();
        assertThat(shown.path("operations").findValuesAsText("operation")).contains("priority");
    }
}
