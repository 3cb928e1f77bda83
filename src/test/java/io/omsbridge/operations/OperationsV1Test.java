package io.omsbridge.operations;

import java.util.Map;

/** Operations on OMS API v1: {@code PUT .../task/{id}} with {"operation": "stop"|"start"}, and DELETE. */
class OperationsV1Test extends OperationsContract {

    @Override
    void apiVersion(Map<String, String> settings) {
        // the quickstart's API and an IAM token: the shared test settings as they are
    }
}
