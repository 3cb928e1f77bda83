package io.omsbridge.operations;

import org.junit.jupiter.api.BeforeAll;

/** Operations on OMS API v1: {@code PUT .../task/{id}} with {"operation": "stop"|"start"}, and DELETE. */
class OperationsV1Test extends OperationsContract {

    @BeforeAll
    static void onV1() {
        // the quickstart's API and an IAM token: the shared test settings as they are
        start(settings -> { });
    }
}
