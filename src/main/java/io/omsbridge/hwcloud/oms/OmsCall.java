package io.omsbridge.hwcloud.oms;

import java.time.Instant;

/**
 * One call a {@code hwcloud-oms} producer made, as its listeners see it: the operation, OMS's HTTP status (0: no
 * answer) and {@code error_code} (null when it succeeded), how long it took, and when it ended.
 */
public record OmsCall(OmsOperations operation, int status, String errorCode, long millis, Instant at) {

    public boolean succeeded() {
        return status >= 200 && status <= 299;
    }
}
