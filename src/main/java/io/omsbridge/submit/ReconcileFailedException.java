package io.omsbridge.submit;

import io.omsbridge.hwcloud.oms.OmsException;

/**
 * The search for a task an earlier attempt may have made could not be done (OMS refused the list call): the request
 * must not be posted blind, nor failed for an error that is not about it, so it waits and is tried again.
 */
public final class ReconcileFailedException extends RuntimeException {

    public ReconcileFailedException(String requestId, OmsException cause) {
        super("request " + requestId + ": cannot search OMS's task list for an earlier attempt's task ("
                + cause.getMessage() + ")", cause);
    }
}
