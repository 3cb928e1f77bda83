package io.omsbridge.hwcloud.oms;

/**
 * What a {@code hwcloud-oms:} endpoint does: the OMS task operations, the v2 task-group ones, the changes of a task's
 * bandwidth windows ({@code updateBandwidthPolicy}; v1's change_bandwidthpolicy) and, in v2, of tasks' priority or
 * bandwidth at once ({@code batchUpdateTasks}) and of a group's bandwidth ({@code updateTaskGroup}), and v2's checks of
 * buckets and prefixes (ListBucketsReq, ShowBucketRegionReq, CheckPrefixReq in the body; the answer as JSON).
 */
public enum OmsOperations {
    createTask,
    showTask,
    listTasks,
    startTask,
    stopTask,
    deleteTask,
    updateBandwidthPolicy,
    batchUpdateTasks,
    createTaskGroup,
    showTaskGroup,
    listTaskGroups,
    startTaskGroup,
    stopTaskGroup,
    retryTaskGroup,
    deleteTaskGroup,
    updateTaskGroup,
    listBuckets,
    showBucketRegion,
    checkPrefix;

    /** Group operations exist in OMS API v2 only. */
    public boolean group() {
        return name().contains("Group");
    }

    /** Operations OMS API v1 does not have: the groups, the batch update and the bucket checks. */
    public boolean v2Only() {
        return group()
                || this == batchUpdateTasks
                || this == listBuckets
                || this == showBucketRegion
                || this == checkPrefix;
    }
}
