package io.omsbridge.model;

/** Where a request came in; kept in the ledger so replies and reports go back the right way. */
public enum RequestSource {
    FILE,
    QUEUE,
    EMBEDDED,
    HTTP,
    KAFKA
}
