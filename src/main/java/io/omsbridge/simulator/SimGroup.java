package io.omsbridge.simulator;

import java.nio.charset.StandardCharsets;
import java.util.List;

/**
 * One simulated task group: the tasks it made (one per prefix) and nothing else. Its status and counters are derived
 * from those tasks whenever asked, so a member stopped, restarted or finished through the task API moves the group too.
 */
public final class SimGroup {

    private final String id;
    private final long sequence;
    private final String projectId;
    private final GroupSpec spec;
    private final long createdAtMs;
    private final List<SimTask> members;
    private final TaskTimings timings;

    SimGroup(
            String id,
            long sequence,
            String projectId,
            GroupSpec spec,
            long createdAtMs,
            List<SimTask> members,
            TaskTimings timings) {
        this.id = id;
        this.sequence = sequence;
        this.projectId = projectId;
        this.spec = spec;
        this.createdAtMs = createdAtMs;
        this.members = List.copyOf(members);
        this.timings = timings;
    }

    public String id() {
        return id;
    }

    public String projectId() {
        return projectId;
    }

    public String description() {
        return spec.template().description();
    }

    public long createdAtMs() {
        return createdAtMs;
    }

    long sequence() {
        return sequence;
    }

    GroupSpec spec() {
        return spec;
    }

    /** The group's tasks still in the store, oldest first. */
    public List<SimTask> tasks() {
        return members.stream().filter(t -> !t.deleted()).toList();
    }

    public GroupStatus status() {
        return view(timings.now()).status();
    }

    /** The v2 TaskGroupResp JSON of this group right now. */
    public String toJson() {
        return new String(TaskGroupJson.show(this, view(timings.now())), StandardCharsets.UTF_8);
    }

    /** Status and counters at {@code now}. */
    GroupView view(long now) {
        long waiting = 0, running = 0, pausing = 0, stopped = 0, failed = 0, succeeded = 0;
        long totalNum = 0, success = 0, fail = 0, skip = 0, totalSize = 0, complete = 0, speed = 0, start = 0, time = 0;
        List<SimTask> tasks = tasks();
        for (SimTask t : tasks) {
            TaskView v = t.view(now);
            switch (v.status()) {
                case WAITING, INITIALIZING -> waiting++;
                case RUNNING -> running++;
                case PAUSING -> pausing++;
                case STOPPED -> stopped++;
                case FAILED -> failed++;
                case SUCCEEDED -> succeeded++;
                default -> throw new IllegalStateException(v.status().name());
            }
            totalNum += t.totalNum();
            success += v.successNum();
            fail += v.failNum();
            skip += v.skipNum();
            totalSize += t.totalSize();
            complete += v.completeSize();
            speed += v.status() == TaskStatus.RUNNING ? v.migrateSpeed() : 0;
            start = v.startTime() > 0 && (start == 0 || v.startTime() < start) ? v.startTime() : start;
            // the tasks run side by side, so the group has taken as long as its longest task
            time = Math.max(time, v.totalTime());
        }
        return new GroupView(
                status(waiting, running, pausing, stopped, failed),
                tasks.size(),
                succeeded,
                failed,
                stopped,
                running + pausing,
                waiting,
                totalNum,
                success,
                fail,
                skip,
                totalSize,
                complete,
                speed,
                start,
                time);
    }

    /** Pausing while any task pauses, monitoring while any waits or runs, then paused, failed or completed. */
    private static GroupStatus status(long waiting, long running, long pausing, long stopped, long failed) {
        if (pausing > 0) {
            return GroupStatus.PAUSING;
        }
        if (waiting + running > 0) {
            return GroupStatus.MONITORING;
        }
        if (stopped > 0) {
            return GroupStatus.PAUSED;
        }
        return failed > 0 ? GroupStatus.FAILED : GroupStatus.COMPLETED;
    }

    @Override
    public String toString() {
        return "SimGroup[id=" + id + ", project=" + projectId + ", tasks=" + members.size() + "]";
    }
}
