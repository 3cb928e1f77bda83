package io.omsbridge.simulator;

import java.util.List;

/** A validated CreateTaskGroupReq: its upper-case task_type and the request as a task spec over all its prefixes. */
record GroupSpec(String taskType, TaskSpec template) {

    /** One member task per prefix, as OMS splits a PREFIX group; a LIST or URL_LIST group gets one task for its list.
     * */
    List<TaskSpec> memberSpecs() {
        if (!taskType.equals("PREFIX")) {
            return List.of(template);
        }
        return template.srcObjectKeys().stream()
                .map(key -> template.withObjectKeys(List.of(key), "prefix"))
                .toList();
    }
}
