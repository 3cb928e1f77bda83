package io.omsbridge.simulator;

import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.Collections;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.NoSuchElementException;
import java.util.Optional;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.LongConsumer;

/**
 * All simulated tasks and task groups: lookup by id, newest-first pages per project, quotas, and steering for tests.
 * v1 and v2 share it, so a task made through one API is seen through the other.
 */
public final class TaskStore {

    private static final DateTimeFormatter NAME_TIME =
            DateTimeFormatter.ofPattern("yyyyMMddHHmmssSSS").withZone(ZoneOffset.UTC);

    private final Map<Long, SimTask> byId = new ConcurrentHashMap<>();
    private final Map<String, ProjectTasks> byProject = new ConcurrentHashMap<>();
    private final Map<String, SimGroup> groups = new ConcurrentHashMap<>();
    // creation order of groups, which a stepped clock cannot tell apart by time
    private final AtomicLong groupSequence = new AtomicLong();
    // 15-digit ids near the seed's 180890111968184, increasing across restarts too
    private final AtomicLong nextId = new AtomicLong(System.currentTimeMillis() * 100);
    private final TaskTimings timings;
    private final SimBuckets buckets;
    private final String failPattern;
    private final int maxCreates;
    private final int maxWaiting;
    private final int maxRunning;
    private final String region;

    TaskStore(SimulatorSettings settings) {
        this.timings = new TaskTimings(
                settings.waitTime().toMillis(),
                settings.runTime().toMillis(),
                settings.pausingTime().toMillis(),
                settings.clock());
        this.buckets = new SimBuckets(settings.clock());
        this.failPattern = settings.failWhenSourceBucketContains();
        this.maxCreates = settings.maxCreatesPer24h();
        this.maxWaiting = settings.maxWaitingTasks();
        this.maxRunning = settings.maxRunningTasks();
        this.region = settings.region();
    }

    /** The source buckets whose objects tests name and change between passes. */
    public SimBuckets buckets() {
        return buckets;
    }

    /** Now, by the simulator's clock. */
    long now() {
        return timings.now();
    }

    /** Creates a task after the quota checks; the task starts waiting at once. */
    SimTask create(String projectId, TaskSpec spec) {
        checkRegion(spec);
        ProjectTasks project = project(projectId);
        synchronized (project) {
            long now = timings.now();
            project.advanceTo(now);
            project.checkQuotas(now, maxCreates, maxWaiting, 1);
            return add(project, projectId, null, spec, now);
        }
    }

    /** Creates a group and its tasks, all or none: the tasks count against the quotas like any others. */
    SimGroup createGroup(String projectId, GroupSpec spec) {
        ProjectTasks project = project(projectId);
        List<TaskSpec> specs = spec.memberSpecs();
        specs.forEach(this::checkRegion);
        synchronized (project) {
            long now = timings.now();
            project.advanceTo(now);
            project.checkQuotas(now, maxCreates, maxWaiting, specs.size());
            String groupId = UUID.randomUUID().toString();
            List<SimTask> members = new ArrayList<>(specs.size());
            for (TaskSpec member : specs) {
                members.add(add(project, projectId, groupId, member, now));
            }
            SimGroup group =
                    new SimGroup(groupId, groupSequence.incrementAndGet(), projectId, spec, now, members, timings);
            groups.put(groupId, group);
            return group;
        }
    }

    /** Each region's OMS makes tasks for its own region: the destination must be this endpoint's region. */
    private void checkRegion(TaskSpec spec) {
        if (region != null && !region.equals(spec.dstRegion())) {
            throw ApiException.badRequest(
                    "OMS.0064",
                    "Invalid request parameters: dst_node.region " + spec.dstRegion()
                            + " is not the region of this endpoint (" + region + ").");
        }
    }

    private SimTask add(ProjectTasks project, String projectId, String groupId, TaskSpec spec, long now) {
        boolean failing = !failPattern.isEmpty() && spec.srcBucket().contains(failPattern)
                || buckets.takeFailure(spec.srcBucket());
        long id = nextId.incrementAndGet();
        String name = spec.srcBucket() + "-" + spec.dstBucket() + "-" + NAME_TIME.format(Instant.ofEpochMilli(now))
                + "_" + (id % 1000);
        SimTask task = new SimTask(
                id,
                name,
                projectId,
                groupId,
                spec,
                now,
                timings,
                failing,
                buckets.contents(spec.srcBucket(), spec.migrateSince()),
                // a group's tasks run under the group's own limit (OMS counts groups apart), never the tasks' five
                groupId == null && project.limitsRunning() ? project : null);
        byId.put(id, task);
        project.add(task, now);
        project.recordCreate(now, maxCreates);
        return task;
    }

    public Optional<SimTask> find(long id) {
        return Optional.ofNullable(byId.get(id));
    }

    /** The task if it exists in that project; other projects' tasks are invisible. */
    Optional<SimTask> find(String projectId, long id) {
        SimTask task = byId.get(id);
        return task != null && task.projectId().equals(projectId) ? Optional.of(task) : Optional.empty();
    }

    SimTask require(String projectId, long id) {
        return find(projectId, id).orElseThrow(() -> ApiException.badRequest("OMS.1009", "No resources found."));
    }

    /** Every task of every project, newest first. */
    public List<SimTask> all() {
        List<SimTask> tasks = new ArrayList<>(byId.values());
        tasks.sort(Comparator.comparingLong(SimTask::id).reversed());
        return tasks;
    }

    public int size() {
        return byId.size();
    }

    /** One page of a project's tasks, newest first, optionally only those in {@code state}. */
    public List<SimTask> page(String projectId, int start, int limit, TaskStatus state) {
        return page(projectId, start, limit, state, timings.now());
    }

    /** The page as it is at {@code now}, so the caller can render the tasks at the same instant. */
    List<SimTask> page(String projectId, int start, int limit, TaskStatus state, long now) {
        ProjectTasks project = byProject.get(projectId);
        if (project == null || limit <= 0) {
            return List.of();
        }
        return project.page(Math.max(0, start), limit, state, now);
    }

    public long count(String projectId, TaskStatus state) {
        return count(projectId, state, timings.now());
    }

    /** The count as it is at {@code now}, to go with a page read at the same instant. */
    long count(String projectId, TaskStatus state, long now) {
        ProjectTasks project = byProject.get(projectId);
        return project == null ? 0 : project.count(state, now);
    }

    /** Makes the task end now, succeeded or failed. */
    public void forceFinish(long id, boolean success) {
        SimTask task = task(id);
        ProjectTasks project = project(task.projectId());
        synchronized (project) {
            long now = timings.now();
            project.advanceTo(now);
            task.forceFinish(success, now);
            project.refresh(task, now);
        }
    }

    /** Pauses a running task, as PUT operation=stop does. */
    public void stop(long id) {
        try {
            stop(task(id));
        } catch (ApiException e) {
            throw new IllegalStateException(e.code() + " " + e.getMessage(), e);
        }
    }

    /** A task's bandwidth windows (v2's bandwidth-policy call). */
    void changeBandwidth(SimTask task, List<BandwidthWindow> policy) {
        ProjectTasks project = project(task.projectId());
        synchronized (project) {
            long now = timings.now();
            project.advanceTo(now);
            task.changeBandwidth(policy, now);
        }
    }

    /** A group's bandwidth windows: every task of the group that has not ended takes them. */
    void changeGroupBandwidth(SimGroup group, List<BandwidthWindow> policy) {
        ProjectTasks project = project(group.projectId());
        synchronized (project) {
            long now = timings.now();
            project.advanceTo(now);
            for (SimTask task : group.tasks()) {
                if (!task.view(now).status().ended()) {
                    task.changeBandwidth(policy, now);
                }
            }
        }
    }

    /** BatchUpdateTasks: every task named (or the group's) checked first, then all changed, or none. */
    void batchUpdate(String projectId, V2RequestParser.BatchUpdate update) {
        List<SimTask> tasks = new ArrayList<>();
        if (update.groupId() != null) {
            tasks.addAll(requireGroup(projectId, update.groupId()).tasks());
        } else {
            for (long id : update.ids()) {
                tasks.add(require(projectId, id));
            }
        }
        ProjectTasks project = project(projectId);
        synchronized (project) {
            long now = timings.now();
            project.advanceTo(now);
            if (update.taskPriority() != null) {
                tasks.forEach(t -> t.changePriority(t.taskPriority(), now));
                tasks.forEach(t -> project.reprioritise(t, update.taskPriority(), now));
            }
            if (update.bandwidthPolicy() != null) {
                tasks.forEach(t -> t.changeBandwidth(update.bandwidthPolicy(), now));
            }
        }
    }

    void stop(SimTask task) {
        ProjectTasks project = project(task.projectId());
        synchronized (project) {
            long now = timings.now();
            project.advanceTo(now);
            task.stop(now);
            project.refresh(task, now);
        }
    }

    /** Restarts a stopped or failed task, as PUT operation=start does (a failed one migrates every object again). */
    public void start(long id) {
        start(id, false);
    }

    /** Restarts a stopped or failed task; {@code failedObjectsOnly} is the start body's migration_failed_object. */
    public void start(long id, boolean failedObjectsOnly) {
        SimTask task = task(id);
        try {
            start(task, failedObjectsOnly);
        } catch (ApiException e) {
            throw new IllegalStateException(e.code() + " " + e.getMessage(), e);
        }
    }

    void start(SimTask task, boolean failedObjectsOnly) {
        ProjectTasks project = project(task.projectId());
        synchronized (project) {
            long now = timings.now();
            project.advanceTo(now);
            task.start(now, failedObjectsOnly);
            project.refresh(task, now);
        }
    }

    /** Deletes a task that is not running; true when it existed. */
    public boolean delete(long id) {
        SimTask task = byId.get(id);
        if (task == null) {
            return false;
        }
        try {
            delete(task);
        } catch (ApiException e) {
            throw new IllegalStateException(e.code() + " " + e.getMessage(), e);
        }
        return true;
    }

    void delete(SimTask task) {
        ProjectTasks project = project(task.projectId());
        synchronized (project) {
            long now = timings.now();
            project.advanceTo(now);
            task.markDeleted(now);
            if (byId.remove(task.id()) != null) {
                project.remove(task, now);
            }
        }
    }

    public Optional<SimGroup> findGroup(String id) {
        return Optional.ofNullable(groups.get(id));
    }

    /** The group if it exists in that project; OMS.1009 otherwise, as for tasks. */
    SimGroup requireGroup(String projectId, String id) {
        SimGroup group = groups.get(id);
        if (group == null || !group.projectId().equals(projectId)) {
            throw ApiException.badRequest("OMS.1009", "No resources found.");
        }
        return group;
    }

    /** A project's task groups, newest first. */
    public List<SimGroup> groups(String projectId) {
        return groups(projectId, null, timings.now());
    }

    /** A project's groups, newest first, optionally only those in {@code status} at {@code now}. */
    List<SimGroup> groups(String projectId, GroupStatus status, long now) {
        return groups.values().stream()
                .filter(g -> g.projectId().equals(projectId))
                .filter(g -> status == null || g.view(now).status() == status)
                .sorted(Comparator.comparingLong(SimGroup::sequence).reversed())
                .toList();
    }

    /** A group's tasks in that project, newest first, optionally only those in {@code state} at {@code now}. */
    List<SimTask> groupTasks(String projectId, String groupId, TaskStatus state, long now) {
        SimGroup group = groups.get(groupId);
        if (group == null || !group.projectId().equals(projectId)) {
            return List.of();
        }
        List<SimTask> tasks = new ArrayList<>(group.tasks());
        tasks.removeIf(t -> state != null && t.view(now).status() != state);
        Collections.reverse(tasks);
        return tasks;
    }

    /** Pauses a creating or monitoring group: its running tasks pause, its waiting ones stop (else OMS.0066). */
    void stopGroup(SimGroup group) {
        onGroup(group, (task, now) -> task.stopForGroup(now), now -> {
            GroupStatus s = group.view(now).status();
            if (s != GroupStatus.CREATING && s != GroupStatus.MONITORING) {
                throw ApiException.badRequest(
                        "OMS.0066", "Pause failed: the task group is not migrating (status " + s.code() + ").");
            }
        });
    }

    /** Resumes a paused group's stopped tasks. */
    void startGroup(SimGroup group) {
        onGroup(
                group,
                (task, now) -> {
                    if (task.view(now).status() == TaskStatus.STOPPED) {
                        task.start(now, false);
                    }
                    return true;
                },
                now -> requireGroupIn(group, now, GroupStatus.PAUSED));
    }

    /** Restarts a failed group's failed tasks, over their failed objects only when asked. */
    void retryGroup(SimGroup group, boolean failedObjectsOnly) {
        onGroup(
                group,
                (task, now) -> {
                    if (task.view(now).status() == TaskStatus.FAILED) {
                        task.start(now, failedObjectsOnly);
                    }
                    return true;
                },
                now -> requireGroupIn(group, now, GroupStatus.FAILED));
    }

    /** Deletes a group and its tasks unless it is creating, monitoring or pausing (OMS.0063, as for a running task). */
    void deleteGroup(SimGroup group) {
        ProjectTasks project = project(group.projectId());
        synchronized (project) {
            long now = timings.now();
            project.advanceTo(now);
            GroupStatus s = group.view(now).status();
            if (s == GroupStatus.CREATING || s == GroupStatus.MONITORING || s == GroupStatus.PAUSING) {
                throw ApiException.badRequest("OMS.0063", "The task group is migrating; pause it before deleting it.");
            }
            for (SimTask task : group.tasks()) {
                delete(task);
            }
            groups.remove(group.id());
        }
    }

    /** Stops a group by id, as PUT .../stop does. */
    public void stopGroup(String groupId) {
        steer(() -> stopGroup(group(groupId)));
    }

    /** Resumes a paused group by id, as PUT .../start does. */
    public void startGroup(String groupId) {
        steer(() -> startGroup(group(groupId)));
    }

    /** A member operation applied to every task of the group under one lock, after {@code check} passed. */
    private interface MemberOperation {
        boolean apply(SimTask task, long now);
    }

    private void onGroup(SimGroup group, MemberOperation operation, LongConsumer check) {
        ProjectTasks project = project(group.projectId());
        synchronized (project) {
            long now = timings.now();
            project.advanceTo(now);
            check.accept(now);
            for (SimTask task : group.tasks()) {
                if (operation.apply(task, now)) {
                    project.refresh(task, now);
                }
            }
        }
    }

    /**
     * OMS documents no codes for starting or retrying a group in the wrong state: a completed one answers OMS.0070 as a
     * succeeded task does, any other OMS.0065 ("already started"), the task codes nearest in meaning.
     */
    private static void requireGroupIn(SimGroup group, long now, GroupStatus wanted) {
        GroupStatus s = group.view(now).status();
        if (s == wanted) {
            return;
        }
        if (s == GroupStatus.COMPLETED) {
            throw ApiException.badRequest("OMS.0070", "The task group has already completed.");
        }
        throw ApiException.badRequest(
                "OMS.0065",
                "The task group cannot be " + (wanted == GroupStatus.PAUSED ? "resumed" : "retried") + " in status "
                        + s.code() + ".");
    }

    private SimGroup group(String id) {
        SimGroup group = groups.get(id);
        if (group == null) {
            throw new NoSuchElementException("no task group " + id);
        }
        return group;
    }

    private static void steer(Runnable operation) {
        try {
            operation.run();
        } catch (ApiException e) {
            throw new IllegalStateException(e.code() + " " + e.getMessage(), e);
        }
    }

    private SimTask task(long id) {
        SimTask task = byId.get(id);
        if (task == null) {
            throw new NoSuchElementException("no task " + id);
        }
        return task;
    }

    private ProjectTasks project(String projectId) {
        ProjectTasks p = byProject.get(projectId);
        return p != null ? p : byProject.computeIfAbsent(projectId, k -> new ProjectTasks(maxRunning));
    }
}
