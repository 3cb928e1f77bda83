package io.omsbridge.hwcloud.oms;

/**
 * What a {@code hwcloud-oms:} endpoint does: the OMS task operations, the v2 task-group ones, and the changes of a
 * task's bandwidth windows ({@code updateBandwidthPolicy}; v1's change_bandwidthpolicy) and, in v2, of tasks'
 * priority or bandwidth at once ({@code batchUpdateTasks}) and of a group's bandwidth ({@code updateTaskGroup}).
 */
public enum OmsOperations {
    createTask, showTask, listTasks, startTask, stopTask, deleteTask, updateBandwidthPolicy, batchUpdateTasks,
    createTaskGroup, showTaskGroup, listTaskGroups, startTaskGroup, stopTaskGroup, retryTaskGroup, deleteTaskGroup,
    updateTaskGroup;

    /** Exist in OMS API v2 only: the group operations and the batch update. */
    public boolean v2Only() {
        return name().contains("Group") || this == batchUpdateTasks;
    }

    /** Group operations exist in OMS API v2 only. */
    public boolean group() {
        return name().contains("Group");
    }
}
