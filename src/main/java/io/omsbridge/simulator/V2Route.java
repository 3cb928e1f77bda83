package io.omsbridge.simulator;

import java.util.regex.Pattern;

/**
 * Which v2 task or task-group operation a request names (oms-api.md §3); like {@link OmsRoute} it answers the
 * gateway's 404 for a path OMS does not have and OMS's 405 for a wrong method on one it has.
 */
record V2Route(String projectId, Operation operation, String id) {

    /** The v2 operations the simulator serves. */
    enum Operation {
        CREATE_TASK(false),
        LIST_TASKS(false),
        SHOW_TASK(false),
        DELETE_TASK(false),
        START_TASK(false),
        STOP_TASK(false),
        UPDATE_BANDWIDTH(false),
        BATCH_UPDATE(false),
        CREATE_GROUP(true),
        LIST_GROUPS(true),
        SHOW_GROUP(true),
        DELETE_GROUP(true),
        STOP_GROUP(true),
        START_GROUP(true),
        RETRY_GROUP(true),
        UPDATE_GROUP(true);

        private final boolean group;

        Operation(boolean group) {
            this.group = group;
        }

        /** An operation on task groups rather than tasks. */
        boolean group() {
            return group;
        }
    }

    static final String PREFIX = "/v2/";
    private static final Pattern TASK_ID = Pattern.compile("\\d{1,15}");

    static V2Route resolve(String method, String rawPath) {
        String path = rawPath.endsWith("/") ? rawPath.substring(0, rawPath.length() - 1) : rawPath;
        int slash = path.indexOf('/', PREFIX.length());
        if (!path.startsWith(PREFIX) || slash <= PREFIX.length()) {
            throw OmsRoute.notFound();
        }
        String projectId = path.substring(PREFIX.length(), slash);
        String[] rest = path.substring(slash + 1).split("/", -1);
        String collection = rest[0];
        boolean tasks = collection.equals("tasks");
        if (!tasks && !collection.equals("taskgroups")) {
            throw OmsRoute.notFound();
        }
        if (rest.length == 1) {
            return switch (method) {
                case "POST" -> new V2Route(projectId, tasks ? Operation.CREATE_TASK : Operation.CREATE_GROUP, null);
                case "GET" -> new V2Route(projectId, tasks ? Operation.LIST_TASKS : Operation.LIST_GROUPS, null);
                default -> throw methodNotAllowed();
            };
        }
        String id = rest[1];
        if (id.isEmpty() || rest.length > 3) {
            throw OmsRoute.notFound();
        }
        if (tasks && rest.length == 2 && id.equals("batch-update")) {
            if (!method.equals("POST")) {
                throw methodNotAllowed();
            }
            return new V2Route(projectId, Operation.BATCH_UPDATE, null);
        }
        if (rest.length == 2) {
            return switch (method) {
                case "GET" -> new V2Route(projectId, tasks ? Operation.SHOW_TASK : Operation.SHOW_GROUP, id);
                case "DELETE" -> new V2Route(projectId, tasks ? Operation.DELETE_TASK : Operation.DELETE_GROUP, id);
                default -> throw methodNotAllowed();
            };
        }
        Operation action = action(tasks, rest[2]);
        // tasks are started and stopped with POST, groups with PUT (§3); a task's bandwidth policy with PUT
        if (!method.equals(tasks && action != Operation.UPDATE_BANDWIDTH ? "POST" : "PUT")) {
            throw methodNotAllowed();
        }
        return new V2Route(projectId, action, id);
    }

    private static Operation action(boolean tasks, String name) {
        if (tasks) {
            return switch (name) {
                case "start" -> Operation.START_TASK;
                case "stop" -> Operation.STOP_TASK;
                case "bandwidth-policy" -> Operation.UPDATE_BANDWIDTH;
                default -> throw OmsRoute.notFound();
            };
        }
        return switch (name) {
            case "start" -> Operation.START_GROUP;
            case "stop" -> Operation.STOP_GROUP;
            case "retry" -> Operation.RETRY_GROUP;
            case "update" -> Operation.UPDATE_GROUP;
            default -> throw OmsRoute.notFound();
        };
    }

    /** The task id within 0..999999999999999 (§3), else OMS.0054 as in v1. */
    long taskIdNumber() {
        if (TASK_ID.matcher(id).matches()) {
            return Long.parseLong(id);
        }
        throw ApiException.badRequest("OMS.0054", "Invalid task ID: " + id);
    }

    private static ApiException methodNotAllowed() {
        return ApiException.oms(405, "OMS.0005", "The HTTP method is not supported.");
    }
}
