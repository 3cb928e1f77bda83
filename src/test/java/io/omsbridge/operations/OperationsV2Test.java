package io.omsbridge.operations;

import org.junit.jupiter.api.BeforeAll;

/** Operations on OMS API v2 with AK/SK: {@code POST .../tasks/{id}/stop|start}, and DELETE. */
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
}
