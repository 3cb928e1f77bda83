package io.omsbridge.operations;

import static org.assertj.core.api.Assertions.assertThat;

import io.omsbridge.Http;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * Operations on OMS API v1: {@code PUT .../task/{id}} with {"operation": "stop"|"start"|"change_bandwidthpolicy"}, and
 * DELETE; v1 has no priority.
 */
class OperationsV1Test extends OperationsContract {

    @BeforeAll
    static void onV1() {
        // the quickstart's API and an IAM token: the shared test settings as they are
        start(settings -> {});
    }

    @Test
    void aPriorityIsRefusedOnV1SayingItExistsInV2Only() {
        Http.Answer refused = Http.post(api + "/any/priority", "{\"task_priority\":\"HIGH\"}");

        assertThat(refused.status()).isEqualTo(400);
        assertThat(refused.body()).contains("\"field\":\"operation\"").contains("OMS API v2 only");
    }
}
