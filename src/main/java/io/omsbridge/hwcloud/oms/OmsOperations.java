package io.omsbridge.hwcloud.oms;

/**
 * What a {@code hwcloud-oms:} endpoint does: the OMS task operations, the v2 task-group ones, and v2's checks of
 * buckets and prefixes (ListBucketsReq, ShowBucketRegionReq, CheckPrefixReq in the body; the answer as JSON).
 */
public enum OmsOperations {
    createTask, showTask, listTasks, startTask, stopTask, deleteTask,
    createTaskGroup, showTaskGroup, listTaskGroups, startTaskGroup, stopTaskGroup, retryTaskGroup, deleteTaskGroup,
    listBuckets, showBucketRegion, checkPrefix;

    /** Group operations exist in OMS API v2 only. */
    public boolean group() {
        return name().contains("Group");
    }

    /** Operations OMS API v1 does not have: the groups and the bucket checks. */
    public boolean v2Only() {
        return group() || this == listBuckets || this == showBucketRegion || this == checkPrefix;
    }
}
