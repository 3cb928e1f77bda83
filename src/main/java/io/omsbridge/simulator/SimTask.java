package io.omsbridge.simulator;

import java.nio.charset.StandardCharsets;
import java.util.List;

/**
 * One simulated migration task. Status and counters are computed from timestamps when asked (no ticking thread):
 * waiting for {@code waitMs}, running until {@code runMs} of running time is done, then succeeded or failed.
 */
public final class SimTask {

    /** Failure reason shown for failing tasks: "some objects failed" fits a run that ends with fail_num &gt; 0. */
    static final String FAILURE_CODE = "TRF.0004";
    static final String FAILURE_MESSAGE = "Some objects failed to be migrated.";

    private final long id;
    private final String name;
    private final String projectId;
    private final TaskSpec spec;
    private final long createdAtMs;
    private final TaskTimings timings;
    private final long totalNum;
    private final long totalSize;

    // guarded by this: the lifecycle state
    private long segmentStartMs;
    private long doneBeforeMs;
    private TaskStatus frozen;
    private long frozenRunMs;
    private boolean failing;
    private List<BandwidthWindow> bandwidthPolicy;
    private volatile boolean deleted;

    SimTask(long id, String name, String projectId, TaskSpec spec, long createdAtMs, TaskTimings timings, boolean failing) {
        this.id = id;
        this.name = name;
        this.projectId = projectId;
        this.spec = spec;
        this.createdAtMs = createdAtMs;
        this.timings = timings;
        this.failing = failing;
        this.segmentStartMs = createdAtMs;
        this.bandwidthPolicy = spec.bandwidthPolicy();
        // deterministic size from id and bucket, so a task looks the same on every show
        long mix = (id * 0x9E3779B97F4A7C15L) ^ spec.srcBucket().hashCode();
        mix ^= mix >>> 29;
        this.totalNum = 1 + Math.floorMod(mix, 2000L);
        this.totalSize = totalNum * 1024L * (1 + Math.floorMod(mix >>> 17, 64L));
    }

    public long id() { return id; }
    public String name() { return name; }
    public String projectId() { return projectId; }
    public String description() { return spec.description(); }
    public String srcBucket() { return spec.srcBucket(); }
    public String dstBucket() { return spec.dstBucket(); }
    public long createdAtMs() { return createdAtMs; }
    public long totalNum() { return totalNum; }
    public long totalSize() { return totalSize; }
    TaskSpec spec() { return spec; }
    boolean deleted() { return deleted; }

    /** Status right now. */
    public TaskStatus status() {
        return view(System.currentTimeMillis()).status();
    }

    /** The v1 show JSON of this task right now. */
    public String toShowJson() {
        return new String(TaskJson.show(this, view(System.currentTimeMillis())), StandardCharsets.UTF_8);
    }

    synchronized List<BandwidthWindow> bandwidthPolicy() {
        return bandwidthPolicy;
    }

    synchronized boolean failing() {
        return failing;
    }

    synchronized long segmentStartMs() {
        return segmentStartMs;
    }

    /** Status and counters at {@code now}. */
    synchronized TaskView view(long now) {
        TaskStatus status;
        long run;
        if (frozen != null) {
            status = frozen;
            run = frozen == TaskStatus.STOPPED ? frozenRunMs : timings.runMs();
        } else {
            long elapsed = now - segmentStartMs;
            if (elapsed < timings.waitMs()) {
                status = TaskStatus.WAITING;
                run = doneBeforeMs;
            } else {
                run = doneBeforeMs + elapsed - timings.waitMs();
                if (run < timings.runMs()) {
                    status = TaskStatus.RUNNING;
                } else {
                    status = failing ? TaskStatus.FAILED : TaskStatus.SUCCEEDED;
                    run = timings.runMs();
                }
            }
        }
        return counters(status, run, now);
    }

    private TaskView counters(TaskStatus status, long run, long now) {
        long runMs = timings.runMs();
        double fraction = status.ended() || runMs == 0 ? 1.0 : Math.min(1.0, (double) run / runMs);
        long failTarget = failing ? Math.max(1, totalNum / 10) : 0;
        long success = (long) ((totalNum - failTarget) * fraction);
        long fail = (long) (failTarget * fraction);
        long complete = totalSize * success / totalNum;
        double progress = totalSize == 0 ? 1.0 : Math.round(10000.0 * complete / totalSize) / 10000.0;
        boolean everRan = status != TaskStatus.WAITING || doneBeforeMs > 0;
        long startTime = everRan ? Math.min(createdAtMs + timings.waitMs(), now) : 0;
        long speed = status == TaskStatus.RUNNING || status.ended() ? totalSize * 1000 / Math.max(1, runMs) : 0;
        long left = status.ended() ? 0 : Math.max(0, runMs - run);
        return new TaskView(status, run, startTime, success, fail, complete, progress, speed, left, run);
    }

    /** Running → stopped, progress frozen. */
    synchronized void stop(long now) {
        TaskView v = view(now);
        if (v.status() != TaskStatus.RUNNING) {
            throw ApiException.badRequest("OMS.0066", "Pause failed: the task is not migrating (status " + v.status().code() + ").");
        }
        frozen = TaskStatus.STOPPED;
        frozenRunMs = v.runMs();
    }

    /** Stopped or failed → waiting again, continuing where it was; failed tasks re-run their last tenth. */
    synchronized void start(long now) {
        TaskView v = view(now);
        switch (v.status()) {
            case STOPPED -> doneBeforeMs = frozenRunMs;
            case FAILED -> doneBeforeMs = Math.max(0, timings.runMs() - Math.max(1, timings.runMs() / 10));
            case RUNNING, WAITING, INITIALIZING ->
                    throw ApiException.badRequest("OMS.0065", "The task has already been started.");
            case SUCCEEDED -> throw ApiException.badRequest("OMS.0070", "The task has already completed.");
            default -> throw new IllegalStateException(v.status().name());
        }
        frozen = null;
        segmentStartMs = now;
    }

    /** Ends the task now with the given outcome, whatever its state. */
    synchronized void forceFinish(boolean success) {
        failing = !success;
        frozen = success ? TaskStatus.SUCCEEDED : TaskStatus.FAILED;
    }

    synchronized void changeBandwidth(List<BandwidthWindow> policy, long now) {
        if (view(now).status() == TaskStatus.SUCCEEDED) {
            throw ApiException.badRequest("OMS.0070", "The task has already completed.");
        }
        bandwidthPolicy = policy;
    }

    /** Marks the task deleted unless it is running. */
    synchronized void markDeleted(long now) {
        if (view(now).status() == TaskStatus.RUNNING) {
            throw ApiException.badRequest("OMS.0063", "The task is migrating; pause it before deleting it.");
        }
        deleted = true;
    }

    @Override
    public String toString() {
        return "SimTask[id=" + id + ", name=" + name + ", project=" + projectId + ", status=" + status() + "]";
    }
}
