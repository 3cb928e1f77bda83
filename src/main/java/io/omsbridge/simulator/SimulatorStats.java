package io.omsbridge.simulator;

import java.util.Map;

/**
 * Immutable snapshot of what the simulator has seen.
 *
 * <p>{@code creates} counts tasks created (dropped ones included); {@code shows}, {@code lists}, {@code counts},
 * {@code updates} and {@code deletes} count calls answered 200; {@code rejections} counts OMS 4xx business answers
 * (400/404/405); {@code unauthorized} counts OMS 401s; {@code injectedFaults} counts 5xx/429 answers made up by the
 * fault knobs (IAM and OMS); {@code tokenFailures} counts IAM answers other than 201. v1 and v2 task calls count alike
 * (a v2 start or stop is an update); {@code groupCalls} counts task-group calls answered 200. {@code akskCalls} counts
 * OMS calls let through by an AK/SK signature, {@code signatureRefusals} the AK/SK-signed calls refused (unknown AK,
 * bad signature, stale date), which are also among the {@code unauthorized}. {@code trickledCreates} counts create
 * answers the trickle fault spread out. {@code v2Calls} counts the OMS calls that passed authentication on the v2 API
 * ({@code /v2/{project_id}/tasks...} and task groups).
 */
public record SimulatorStats(
        long tokenCalls,
        long tokenFailures,
        long creates,
        long shows,
        long lists,
        long counts,
        long updates,
        long deletes,
        long rejections,
        long unauthorized,
        long injectedFaults,
        long droppedCreates,
        Map<String, ProjectStats> perProject,
        long groupCalls,
        long akskCalls,
        long signatureRefusals,
        long trickledCreates,
        long v2Calls) {

    public SimulatorStats {
        perProject = Map.copyOf(perProject);
    }

    /**
     * Counters of one project: the OMS ones count only calls that passed authentication, as the global ones do;
     * {@code tokenCalls} counts the tokens issued scoped to this project.
     */
    public record ProjectStats(
            long creates,
            long shows,
            long lists,
            long rejections,
            long tokenCalls,
            long counts,
            long updates,
            long deletes) {}

    /** Stats of one project, all zero when it has not been seen. */
    public ProjectStats project(String projectId) {
        return perProject.getOrDefault(projectId, new ProjectStats(0, 0, 0, 0, 0, 0, 0, 0));
    }
}
