package io.omsbridge.simulator;

import java.util.regex.Pattern;

/**
 * Which v2 task operation a request names (oms-api.md §3); like {@link OmsRoute} it answers the
 * gateway's 404 for a path OMS does not have and OMS's 405 for a wrong method on one it has.
 */
record V2Route(String projectId, Operation operation, String id) {

    /** The v2 operations the simulator serves. */
    enum Operation { CREATE_TASK, LIST_TASKS, SHOW_TASK, DELETE_TASK, START_TASK, STOP_TASK }

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
        if (!rest[0].equals("tasks")) {
            throw OmsRoute.notFound();
        }
        if (rest.length == 1) {
            return switch (method) {
                case "POST" -> new V2Route(projectId, Operation.CREATE_TASK, null);
                case "GET" -> new V2Route(projectId, Operation.LIST_TASKS, null);
                default -> throw methodNotAllowed();
            };
        }
        String id = rest[1];
        if (id.isEmpty() || rest.length > 3) {
            throw OmsRoute.notFound();
        }
        if (rest.length == 2) {
            return switch (method) {
                case "GET" -> new V2Route(projectId, Operation.SHOW_TASK, id);
                case "DELETE" -> new V2Route(projectId, Operation.DELETE_TASK, id);
                default -> throw methodNotAllowed();
            };
        }
        Operation action = switch (rest[2]) {
            case "start" -> Operation.START_TASK;
            case "stop" -> Operation.STOP_TASK;
            default -> throw OmsRoute.notFound();
        };
        // tasks are started and stopped with POST (§3)
        if (!method.equals("POST")) {
            throw methodNotAllowed();
        }
        return new V2Route(projectId, action, id);
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
