package io.omsbridge.simulator;

import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.NoSuchElementException;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicLong;

/**
 * All simulated tasks: lookup by id, newest-first pages per project, quotas, and steering for tests.
 * v1 and v2 share it, so a task made through one API is seen through the other.
 */
public final class TaskStore {

    private static final DateTimeFormatter NAME_TIME =
            DateTimeFormatter.ofPattern("yyyyMMddHHmmssSSS").withZone(ZoneOffset.UTC);

    private final Map<Long, SimTask> byId = new ConcurrentHashMap<>();
    private final Map<String, ProjectTasks> byProject = new ConcurrentHashMap<>();
    // 15-digit ids near the seed's 180890111968184, increasing across restarts too
    private final AtomicLong nextId = new AtomicLong(System.currentTimeMillis() * 100);
    private final TaskTimings timings;
    private final String failPattern;
    private final int maxCreates;
    private final int maxWaiting;

    TaskStore(SimulatorSettings settings) {
        this.timings = new TaskTimings(settings.waitTime().toMillis(), settings.runTime().toMillis(),
                settings.pausingTime().toMillis(), settings.clock());
        this.failPattern = settings.failWhenSourceBucketContains();
        this.maxCreates = settings.maxCreatesPer24h();
        this.maxWaiting = settings.maxWaitingTasks();
    }

    /** Now, by the simulator's clock. */
    long now() {
        return timings.now();
    }

    /** Creates a task after the quota checks; the task starts waiting at once. */
    SimTask create(String projectId, TaskSpec spec) {
        ProjectTasks project = project(projectId);
        synchronized (project) {
            long now = timings.now();
            project.checkQuotas(now, maxCreates, maxWaiting, 1);
            return add(project, projectId, spec, now);
        }
    }

    private SimTask add(ProjectTasks project, String projectId, TaskSpec spec, long now) {
        boolean failing = !failPattern.isEmpty() && spec.srcBucket().contains(failPattern);
        long id = nextId.incrementAndGet();
        String name = spec.srcBucket() + "-" + spec.dstBucket() + "-" + NAME_TIME.format(Instant.ofEpochMilli(now))
                + "_" + (id % 1000);
        SimTask task = new SimTask(id, name, projectId, spec, now, timings, failing);
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

    void stop(SimTask task) {
        ProjectTasks project = project(task.projectId());
        synchronized (project) {
            long now = timings.now();
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
            task.markDeleted(timings.now());
            if (byId.remove(task.id()) != null) {
                project.remove(task);
            }
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
        return p != null ? p : byProject.computeIfAbsent(projectId, k -> new ProjectTasks());
    }
}
