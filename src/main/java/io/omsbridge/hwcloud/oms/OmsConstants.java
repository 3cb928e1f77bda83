package io.omsbridge.hwcloud.oms;

import org.apache.camel.spi.Metadata;

/** The headers of a {@code hwcloud-oms:} exchange, with one prefix. */
public final class OmsConstants {

    private static final String PREFIX = "CamelHwcloudOms";

    @Metadata(description = "The operation to run instead of the endpoint's", javaType = "String")
    public static final String OPERATION = PREFIX + "Operation";

    @Metadata(
            description = "The project of this call (the URL's {project_id}), instead of the endpoint's projectId",
            javaType = "String")
    public static final String PROJECT_ID = PREFIX + "ProjectId";

    @Metadata(
            description = "The region of this call, one the component has (addRegion): its endpoint, its project"
                    + " (unless the project header is set) and a token scoped to that project; without regions on the"
                    + " component every call goes to the endpoint option's OMS",
            javaType = "String")
    public static final String REGION = PREFIX + "Region";

    @Metadata(
            description = "In: the task to show, start, stop, delete or change the bandwidth of. Out, after"
                    + " createTask: the new task's id",
            javaType = "Long")
    public static final String TASK_ID = PREFIX + "TaskId";

    @Metadata(description = "Out, after createTask: the new task's name", javaType = "String")
    public static final String TASK_NAME = PREFIX + "TaskName";

    @Metadata(
            description = "In: the task group to show, start, stop, retry, delete or update (v2), or to list the"
                    + " tasks of."
                    + " Out, after createTaskGroup: the new group's id",
            javaType = "String")
    public static final String GROUP_ID = PREFIX + "GroupId";

    @Metadata(
            description = "listTasks, listTaskGroups: the first item of the page (v1 start, v2 offset)",
            javaType = "Integer")
    public static final String OFFSET = PREFIX + "Offset";

    @Metadata(description = "listTasks, listTaskGroups: the page size, 1 to 100", javaType = "Integer")
    public static final String LIMIT = PREFIX + "Limit";

    @Metadata(description = "listTasks, listTaskGroups: only the tasks (groups) in this status", javaType = "Integer")
    public static final String STATUS = PREFIX + "Status";

    @Metadata(description = "Out, after a list in v2: how many tasks (groups) match in all", javaType = "Long")
    public static final String COUNT = PREFIX + "Count";

    @Metadata(description = "Out: OMS's X-Request-Id of the call", javaType = "String")
    public static final String REQUEST_ID = PREFIX + "RequestId";

    private OmsConstants() {}
}
