package io.omsbridge.hwcloud.oms;

/** What a {@code hwcloud-oms:} endpoint does: the OMS task operations, and the v2 task-group ones. */
public enum OmsOperations {
    createTask, showTask, listTasks, startTask, stopTask, deleteTask,
    createTaskGroup, showTaskGroup, listTaskGroups, startTaskGroup, stopTaskGroup, retryTaskGroup, deleteTaskGroup;

    /** Group operations exist in OMS API v2 only. */
    public boolean group() {
        return name().contains("Group");
    }
}
