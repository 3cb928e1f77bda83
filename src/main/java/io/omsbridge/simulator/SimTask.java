package io.omsbridge.simulator;

import java.nio.charset.StandardCharsets;
import java.util.List;

/**
 * One simulated migration task. Status and counters are computed from timestamps when asked (no ticking thread):
 * waiting for {@code waitMs} (and, under OMS's limit of running tasks, until its project's {@link RunSlots} gives it a
 * slot), running until the current pass's running time is done, then succeeded or failed.
 *
 * <p>A pass is one run over a set of objects: the first pass migrates every object; restarting a failed task starts
 * a new pass, over every object again (those already migrated are skipped) or, with {@code migration_failed_object},
 * over the failed objects only (oms-api.md §2.4, §4.10). Stopping and starting resumes the same pass; a stopped task
 * shows 7 (pausing) for the pausing time before it shows 3.
 *
 * <p>A task made by a task group carries the group's id ({@code group_type} GROUP_TASK in v2).
 */
public final class SimTask {

    /** Failure reason shown for failing tasks: "some objects failed" fits a run that ends with fail_num &gt; 0. */
    static final String FAILURE_CODE = "TRF.0004";

    static final String FAILURE_MESSAGE = "Some objects failed to be migrated.";

    /** What one pass migrates, and the counters it carries over from earlier passes. */
    private record Pass(long carriedSuccess, long carriedSkip, long objects, long skips, long runMs) {}

    private final long id;
    private final String name;
    private final String projectId;
    private final String groupId;
    private final TaskSpec spec;
    private final long createdAtMs;
    private final TaskTimings timings;
    private final long totalNum;
    private final long totalSize;
    private final long objectSize;
    // the fail rule is a property of the source bucket, so the same objects fail on every pass: tests stay
    // deterministic
    private final boolean failsByRule;
    // the project whose running slots this task waits for; null when it starts as soon as its wait is over
    private final ProjectTasks runQueue;
    private final long failTarget;
    private final long skipsBySince;

    // guarded by this: the lifecycle state
    private Pass pass;
    private long segmentStartMs;
    // when the current segment started running; Long.MAX_VALUE while it waits for a slot
    private long runStartMs;
    private long doneBeforeMs;
    private TaskStatus frozen;
    private long frozenRunMs;
    // a stopped task shows pausing until then
    private long pausingUntilMs;
    private boolean failing;
    private long carriedTimeMs;
    private long startedAtMs;
    private List<BandwidthWindow> bandwidthPolicy;
    private String taskPriority;
    private volatile boolean deleted;
    // guarded by the ProjectTasks monitor: this task's slot in its project's index
    int indexSlot = -1;

    /**
     * {@code contents}: the objects a test named in the source bucket, or null for made-up ones; {@code runQueue}: the
     * project whose running slots it waits for, or null to run as soon as its wait is over.
     */
    SimTask(
            long id,
            String name,
            String projectId,
            String groupId,
            TaskSpec spec,
            long createdAtMs,
            TaskTimings timings,
            boolean failing,
            SimBuckets.Contents contents,
            ProjectTasks runQueue) {
        this.id = id;
        this.name = name;
        this.projectId = projectId;
        this.groupId = groupId;
        this.spec = spec;
        this.createdAtMs = createdAtMs;
        this.timings = timings;
        this.failsByRule = failing;
        this.failing = failing;
        this.segmentStartMs = createdAtMs;
        this.runQueue = runQueue;
        this.runStartMs = runQueue == null ? createdAtMs + timings.waitMs() : Long.MAX_VALUE;
        this.bandwidthPolicy = spec.bandwidthPolicy();
        this.taskPriority = spec.options().taskPriority();
        // deterministic size from id and bucket, so a task looks the same on every show
        long mix = (id * 0x9E3779B97F4A7C15L) ^ spec.srcBucket().hashCode();
        mix ^= mix >>> 29;
        this.totalNum = contents != null ? contents.objects() : 1 + Math.floorMod(mix, 2000L);
        this.objectSize = 1024L * (1 + Math.floorMod(mix >>> 17, 64L));
        this.totalSize = totalNum * objectSize;
        // no object dates here: with migrate_since set, a quarter of the objects count as older and are skipped (§4.8)
        this.skipsBySince = contents != null ? contents.unchanged() : spec.migrateSince() > 0 ? totalNum / 4 : 0;
        this.failTarget = Math.min(Math.max(1, totalNum / 10), totalNum - skipsBySince);
        this.pass = new Pass(0, 0, totalNum, skipsBySince, timings.runMs());
    }

    public long id() {
        return id;
    }

    public String name() {
        return name;
    }

    public String projectId() {
        return projectId;
    }
    /** The task group that made this task; null for a task created on its own. */
    public String groupId() {
        return groupId;
    }

    public String description() {
        return spec.description();
    }

    public String srcBucket() {
        return spec.srcBucket();
    }

    public String dstBucket() {
        return spec.dstBucket();
    }

    public long createdAtMs() {
        return createdAtMs;
    }

    public long totalNum() {
        return totalNum;
    }

    public long totalSize() {
        return totalSize;
    }
    /** Bytes the task really transfers: the total less the objects skipped for migrate_since. */
    public long realSize() {
        return totalSize - skipsBySince * objectSize;
    }

    TaskSpec spec() {
        return spec;
    }

    boolean deleted() {
        return deleted;
    }

    /** Status right now. */
    public TaskStatus status() {
        return view(timings.now()).status();
    }

    /** The v1 show JSON of this task right now. */
    public String toShowJson() {
        return new String(TaskJson.show(this, view(timings.now())), StandardCharsets.UTF_8);
    }

    /** The v2 TaskResp JSON of this task right now. */
    public String toV2Json() {
        return new String(TaskJsonV2.show(this, view(timings.now())), StandardCharsets.UTF_8);
    }

    synchronized List<BandwidthWindow> bandwidthPolicy() {
        return bandwidthPolicy;
    }

    /** Status and counters at {@code now}, once the project's queue for running slots has been brought to then. */
    TaskView view(long now) {
        if (runQueue != null) {
            runQueue.advanceTo(now);
        }
        return viewAt(now);
    }

    /** Whether this task waits for one of its project's running slots (OMS's limit) before it runs. */
    boolean waitsForSlots() {
        return runQueue != null;
    }

    /** Status and counters at {@code now} as far as the queue has got: the index's view, which is what brings it on. */
    synchronized TaskView viewAt(long now) {
        TaskStatus status;
        long run;
        if (frozen != null) {
            status = frozen == TaskStatus.STOPPED && now < pausingUntilMs ? TaskStatus.PAUSING : frozen;
            run = frozen == TaskStatus.STOPPED ? frozenRunMs : pass.runMs();
        } else {
            if (now < runStartMs) {
                status = TaskStatus.WAITING;
                run = doneBeforeMs;
            } else {
                run = doneBeforeMs + now - runStartMs;
                if (run < pass.runMs()) {
                    status = TaskStatus.RUNNING;
                } else {
                    status = failing ? TaskStatus.FAILED : TaskStatus.SUCCEEDED;
                    run = pass.runMs();
                }
            }
        }
        return counters(status, run);
    }

    /** The first instant after {@code now} at which the status changes by itself; Long.MAX_VALUE if never. */
    synchronized long nextChangeAfter(long now) {
        if (frozen != null) {
            return frozen == TaskStatus.STOPPED && now < pausingUntilMs ? pausingUntilMs : Long.MAX_VALUE;
        }
        if (runStartMs == Long.MAX_VALUE) {
            // its wait ends then; the slot it gets after that is the queue's to give
            long waitEnd = segmentStartMs + timings.waitMs();
            return now < waitEnd ? waitEnd : Long.MAX_VALUE;
        }
        if (now < runStartMs) {
            return runStartMs;
        }
        long runEnd = runStartMs + pass.runMs() - doneBeforeMs;
        return now < runEnd ? runEnd : Long.MAX_VALUE;
    }

    /** True while it waits past its wait time for a running slot. */
    synchronized boolean awaitsSlot(long now) {
        return runQueue != null
                && frozen == null
                && runStartMs == Long.MAX_VALUE
                && segmentStartMs + timings.waitMs() <= now;
    }

    /** Given a running slot at {@code now}: it runs from then. */
    synchronized void admit(long now) {
        runStartMs = now;
    }

    private TaskView counters(TaskStatus status, long run) {
        long runMs = pass.runMs();
        double fraction = status.ended() || runMs == 0 ? 1.0 : Math.min(1.0, (double) run / runMs);
        long passFail = failing ? Math.min(failTarget, pass.objects() - pass.skips()) : 0;
        long passSuccess = pass.objects() - pass.skips() - passFail;
        long success = pass.carriedSuccess() + (long) (passSuccess * fraction);
        long fail = (long) (passFail * fraction);
        long skip = pass.carriedSkip() + (long) (pass.skips() * fraction);
        long complete = (success + skip) * objectSize;
        double progress = totalSize == 0 ? 1.0 : Math.round(10000.0 * complete / totalSize) / 10000.0;
        // in the first segment (nothing pinned yet) the run began when it got its slot
        long startTime = startedAtMs != 0 ? startedAtMs : status == TaskStatus.WAITING ? 0 : runStartMs;
        long speed =
                status == TaskStatus.RUNNING || status.ended() ? totalSize * 1000 / Math.max(1, timings.runMs()) : 0;
        long left = status.ended() ? 0 : Math.max(0, runMs - run);
        return new TaskView(
                status, run, startTime, success, fail, skip, complete, progress, speed, left, carriedTimeMs + run);
    }

    /** Running → pausing → stopped, progress frozen at once. */
    synchronized void stop(long now) {
        TaskView v = viewAt(now);
        if (v.status() != TaskStatus.RUNNING) {
            throw ApiException.badRequest(
                    "OMS.0066",
                    "Pause failed: the task is not migrating (status "
                            + v.status().code() + ").");
        }
        pinStartTime(v, now);
        frozen = TaskStatus.STOPPED;
        frozenRunMs = v.runMs();
        pausingUntilMs = now + timings.pausingMs();
    }

    /** A group's stop: a running task pauses as {@link #stop} does, a waiting one is stopped at once; false if neither.
     * */
    synchronized boolean stopForGroup(long now) {
        TaskStatus status = viewAt(now).status();
        if (status == TaskStatus.RUNNING) {
            stop(now);
            return true;
        }
        if (status != TaskStatus.WAITING) {
            return false;
        }
        frozen = TaskStatus.STOPPED;
        frozenRunMs = doneBeforeMs;
        pausingUntilMs = now;
        return true;
    }

    /**
     * Stopped → waiting again, resuming its pass where it stopped (the failed-objects flag has nothing to narrow yet).
     * Failed → waiting again on a new pass: every object with the already migrated ones skipped, or with
     * {@code failedObjectsOnly} just the failed ones. A forced failure was a one-off, so the new pass can succeed; a
     * task failing by the fail rule fails the same objects again.
     */
    synchronized void start(long now, boolean failedObjectsOnly) {
        TaskView v = viewAt(now);
        switch (v.status()) {
            case STOPPED -> doneBeforeMs = frozenRunMs;
            case FAILED -> {
                pinStartTime(v, now);
                carriedTimeMs = v.totalTime();
                failing = failsByRule;
                pass = failedObjectsOnly
                        ? new Pass(v.successNum(), v.skipNum(), v.failNum(), 0, scaledRunMs(v.failNum()))
                        : new Pass(0, 0, totalNum, totalNum - v.failNum(), timings.runMs());
                doneBeforeMs = 0;
            }
            case RUNNING, WAITING, INITIALIZING, PAUSING ->
                throw ApiException.badRequest("OMS.0065", "The task has already been started.");
            case SUCCEEDED -> throw ApiException.badRequest("OMS.0070", "The task has already completed.");
            default -> throw new IllegalStateException(v.status().name());
        }
        frozen = null;
        segmentStartMs = now;
        runStartMs = runQueue == null ? now + timings.waitMs() : Long.MAX_VALUE;
    }

    /** Ends the task now with the given outcome, whatever its state. */
    synchronized void forceFinish(boolean success, long now) {
        pinStartTime(viewAt(now), now);
        failing = !success;
        frozen = success ? TaskStatus.SUCCEEDED : TaskStatus.FAILED;
    }

    /** The priority OMS runs waiting tasks by (HIGH first); null when never given. */
    public synchronized String taskPriority() {
        return taskPriority;
    }

    /** OMS changes a priority only while the task waits, is paused or failed. */
    synchronized void changePriority(String priority, long now) {
        TaskStatus status = viewAt(now).status();
        if (status != TaskStatus.WAITING && status != TaskStatus.STOPPED && status != TaskStatus.FAILED) {
            throw ApiException.badRequest(
                    "OMS.0064",
                    "Invalid request parameters: the priority of task " + id
                            + " can be changed only while it waits, is paused or failed (status " + status.code()
                            + ").");
        }
        taskPriority = priority;
    }

    synchronized void changeBandwidth(List<BandwidthWindow> policy, long now) {
        if (viewAt(now).status() == TaskStatus.SUCCEEDED) {
            throw ApiException.badRequest("OMS.0070", "The task has already completed.");
        }
        bandwidthPolicy = policy;
    }

    /** Marks the task deleted unless it is running or pausing. */
    synchronized void markDeleted(long now) {
        TaskStatus status = viewAt(now).status();
        if (status == TaskStatus.RUNNING || status == TaskStatus.PAUSING) {
            throw ApiException.badRequest("OMS.0063", "The task is migrating; pause it before deleting it.");
        }
        deleted = true;
    }

    /** Keeps start_time of the first run once later passes or a forced end would compute it differently. */
    private void pinStartTime(TaskView v, long now) {
        if (startedAtMs == 0) {
            startedAtMs = v.startTime() != 0 ? v.startTime() : now;
        }
    }

    /** Running time of a pass over {@code objects} objects at the pace of a full pass. */
    private long scaledRunMs(long objects) {
        return timings.runMs() == 0 ? 0 : Math.max(1, (long) Math.ceil((double) timings.runMs() * objects / totalNum));
    }

    @Override
    public String toString() {
        return "SimTask[id=" + id + ", name=" + name + ", project=" + projectId
                + (groupId == null ? "" : ", group=" + groupId) + ", status=" + status() + "]";
    }
}
