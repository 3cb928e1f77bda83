package io.omsbridge.operations;

import java.util.Map;

/** Operations on OMS API v2 with AK/SK: {@code POST .../tasks/{id}/stop|start}, and DELETE. */
class OperationsV2Test extends OperationsContract {

    @Override
    void apiVersion(Map<String, String> settings) {
        settings.keySet().removeIf(key -> key.startsWith("iam."));
        settings.put("oms.api-version", "v2");
        settings.put("oms.auth", "aksk");
        settings.put("oms.ak", AK);
        settings.put("oms.sk", SK);
    }
}
