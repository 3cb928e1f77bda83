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

/** All simulated tasks: lookup by id, newest-first pages per project, quotas, and steering for tests. */
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
        this.timings = new TaskTimings(settings.waitTime().toMillis(), settings.runTime().toMillis());
        this.failPattern = settings.failWhenSourceBucketContains();
        this.maxCreates = settings.maxCreatesPer24h();
        this.maxWaiting = settings.maxWaitingTasks();
    }

    /** Creates a task after the quota checks; the task starts waiting at once. */
    SimTask create(String projectId, TaskSpec spec) {
        ProjectTasks project = project(projectId);
        boolean failing = !failPattern.isEmpty() && spec.srcBucket().contains(failPattern);
        synchronized (project) {
            long now = System.currentTimeMillis();
            project.checkQuotas(now, maxCreates, maxWaiting, timings.waitMs());
            long id = nextId.incrementAndGet();
            String name = spec.srcBucket() + "-" + spec.dstBucket() + "-" + NAME_TIME.format(Instant.ofEpochMilli(now))
                    + "_" + (id % 1000);
            SimTask task = new SimTask(id, name, projectId, spec, now, timings, failing);
            byId.put(id, task);
            project.newestFirst.put(id, task);
            project.size.incrementAndGet();
            project.recordCreate(now, maxCreates);
            project.recordWaiting(task, now, maxWaiting);
            return task;
        }
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
        ProjectTasks project = byProject.get(projectId);
        if (project == null || limit <= 0) {
            return List.of();
        }
        long now = System.currentTimeMillis();
        List<SimTask> page = new ArrayList<>(Math.min(limit, 100));
        int skipped = 0;
        for (SimTask t : project.newestFirst.values()) {
            if (state != null && t.view(now).status() != state) {
                continue;
            }
            if (skipped < start) {
                skipped++;
                continue;
            }
            page.add(t);
            if (page.size() == limit) {
                break;
            }
        }
        return page;
    }

    public long count(String projectId, TaskStatus state) {
        ProjectTasks project = byProject.get(projectId);
        if (project == null) {
            return 0;
        }
        if (state == null) {
            return project.size.get();
        }
        long now = System.currentTimeMillis();
        return project.newestFirst.values().stream().filter(t -> t.view(now).status() == state).count();
    }

    /** Makes the task end now, succeeded or failed. */
    public void forceFinish(long id, boolean success) {
        task(id).forceFinish(success);
    }

    /** Pauses a running task, as PUT operation=stop does. */
    public void stop(long id) {
        try {
            task(id).stop(System.currentTimeMillis());
        } catch (ApiException e) {
            throw new IllegalStateException(e.code() + " " + e.getMessage(), e);
        }
    }

    /** Restarts a stopped or failed task, as PUT operation=start does. */
    public void start(long id) {
        SimTask task = task(id);
        try {
            start(task);
        } catch (ApiException e) {
            throw new IllegalStateException(e.code() + " " + e.getMessage(), e);
        }
    }

    void start(SimTask task) {
        ProjectTasks project = project(task.projectId());
        synchronized (project) {
            long now = System.currentTimeMillis();
            task.start(now);
            project.recordWaiting(task, now, maxWaiting);
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
        task.markDeleted(System.currentTimeMillis());
        if (byId.remove(task.id()) != null) {
            ProjectTasks project = byProject.get(task.projectId());
            project.newestFirst.remove(task.id());
            project.size.decrementAndGet();
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
