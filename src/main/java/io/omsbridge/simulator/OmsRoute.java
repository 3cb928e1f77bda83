package io.omsbridge.simulator;

import java.util.regex.Pattern;

/** Which v1 operation a request names; resolving it answers the gateway's 404 and OMS's 405 first. */
record OmsRoute(String projectId, Operation operation, String taskId) {

    /** The v1 operations the simulator serves. */
    enum Operation {
        VERSION,
        CREATE,
        LIST_OR_COUNT,
        SHOW,
        UPDATE,
        DELETE
    }

    private static final String PREFIX = "/v1/";
    private static final String SERVICE = "/objectstorage/";
    private static final Pattern TASK_ID = Pattern.compile("\\d{1,15}");

    static OmsRoute resolve(String method, String rawPath) {
        String path = rawPath.endsWith("/") ? rawPath.substring(0, rawPath.length() - 1) : rawPath;
        if (!path.startsWith(PREFIX)) {
            throw notFound();
        }
        int slash = path.indexOf('/', PREFIX.length());
        if (slash <= PREFIX.length() || !path.startsWith(SERVICE, slash)) {
            throw notFound();
        }
        String projectId = path.substring(PREFIX.length(), slash);
        String rest = path.substring(slash + SERVICE.length());
        if (rest.equals("version")) {
            return of(method, projectId, null, "GET", Operation.VERSION);
        }
        if (rest.equals("task")) {
            return switch (method) {
                case "POST" -> new OmsRoute(projectId, Operation.CREATE, null);
                case "GET" -> new OmsRoute(projectId, Operation.LIST_OR_COUNT, null);
                default -> throw methodNotAllowed();
            };
        }
        if (rest.startsWith("task/") && rest.indexOf('/', 5) < 0) {
            String taskId = rest.substring(5);
            return switch (method) {
                case "GET" -> new OmsRoute(projectId, Operation.SHOW, taskId);
                case "PUT" -> new OmsRoute(projectId, Operation.UPDATE, taskId);
                case "DELETE" -> new OmsRoute(projectId, Operation.DELETE, taskId);
                default -> throw methodNotAllowed();
            };
        }
        throw notFound();
    }

    /** The task id within the documented range 0..999999999999999 (§3), else OMS.0054. */
    long taskIdNumber() {
        // at most 15 digits is exactly that range, and keeps signs, blanks and overflow out
        if (TASK_ID.matcher(taskId).matches()) {
            return Long.parseLong(taskId);
        }
        throw ApiException.badRequest("OMS.0054", "Invalid task ID: " + taskId);
    }

    private static OmsRoute of(String method, String projectId, String taskId, String allowed, Operation op) {
        if (!method.equals(allowed)) {
            throw methodNotAllowed();
        }
        return new OmsRoute(projectId, op, taskId);
    }

    static ApiException notFound() {
        return ApiException.gateway(
                404, "APIG.0101", "The API does not exist or has not been published in the environment.");
    }

    private static ApiException methodNotAllowed() {
        return ApiException.oms(405, "OMS.0005", "The HTTP method is not supported.");
    }
}
