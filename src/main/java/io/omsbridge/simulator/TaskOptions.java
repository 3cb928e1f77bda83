package io.omsbridge.simulator;

/**
 * The create options only v2 has (oms-api.md §4.1), echoed in a v2 TaskResp; a v1 task gets the documented defaults.
 * {@code taskPriority} is null when not given: OMS documents no default.
 */
record TaskOptions(
        boolean enableMetadataMigration,
        String objectOverwriteMode,
        String dstStoragePolicy,
        String consistencyCheck,
        boolean enableRequesterPays,
        String taskPriority,
        String srcAppId,
        String listFileNum) {

    static final TaskOptions DEFAULTS = new TaskOptions(
            false,
            "SIZE_LAST_MODIFIED_COMPARISON_OVERWRITE",
            "STANDARD",
            "size_last_modified",
            false,
            null,
            null,
            null);
}
