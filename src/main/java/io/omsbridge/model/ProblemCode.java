package io.omsbridge.model;

/** Why a request was rejected, as a closed set: what an edge (the API's status, a reply) tells apart. */
public enum ProblemCode {
    /** bad input: a field breaks its rule, or the input is unusable */
    INVALID,
    /** an operation names a migration the ledger does not hold */
    UNKNOWN_MIGRATION,
    /** an operation the migration's state (or its list of failed objects) does not allow */
    STATE_CONFLICT
}
