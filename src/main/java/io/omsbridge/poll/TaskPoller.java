package io.omsbridge.poll;

import com.fasterxml.jackson.databind.JsonNode;
import io.omsbridge.cluster.DutyActivity;
import io.omsbridge.hwcloud.oms.OmsException;
import io.omsbridge.hwcloud.oms.auth.IamException;
import io.omsbridge.ledger.LedgerException;
import io.omsbridge.ledger.TaskLedger;
import io.omsbridge.ledger.TaskLedger.Change;
import io.omsbridge.ledger.TaskLedger.PollTarget;
import io.omsbridge.ledger.TaskLedger.ProjectDue;
import io.omsbridge.model.Duties;
import io.omsbridge.poll.TaskStatusRules.Observation;
import io.omsbridge.settings.PollSettings;
import io.omsbridge.tasks.OmsTasks;
import java.time.Clock;
import java.util.ArrayList;
import java.util.Collection;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Future;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * One status poll cycle ({@code routes/poll.camel.yaml}): asks OMS about the watched tasks and records what moved.
 * A project with more due tasks than {@code bridge.poll.list-threshold} is read from the list API, page by page and one
 * in-flight status at a time: one listing refreshes every watched task of the project for about N/100 calls, and only
 * the rows that changed are written. Tasks missing from those listings (they ended, or vanished) are shown, several
 * at once ({@code bridge.poll.show-threads}), and recorded a slice at a time. A project with few due tasks is asked
 * task by task, and a task that does not move is asked less and less often. A read OMS fails transiently is tried
 * again inside the cycle ({@link ReadRetry}); what still cannot be read changes nothing and stays due for the next
 * cycle, and only that: a show that fails leaves its own task, a list page that fails the tasks it could have listed.
 */
public final class TaskPoller {

    private static final Logger LOG = LoggerFactory.getLogger(TaskPoller.class);
    private static final int PAGE = 100;
    /** Shows recorded together: what moved is written as the cycle goes, not all at its end. */
    private static final int SLICE = 200;
    /** A task due a little after the cycle starts is polled now, so Quartz's jitter does not skip a whole cycle. */
    private static final long DUE_SLACK_MS = 500;

    /** The duty a node must hold to poll: with several bridges on one ledger, one of them polls at a time. */
    public static final String DUTY = Duties.POLL;

    private final TaskLedger ledger;
    private final OmsTasks oms;
    private final PollSettings settings;
    private final Clock clock;
    private final Duties duties;
    private final DutyActivity activity;
    private final ExecutorService showers;
    private final ReadRetry retry;
    private final TaskStatusRules rules;

    /**
     * {@code activity}: where each cycle's start, end and outcome are told (the poll's health check reads it);
     * {@code showers}: the threads shows run on, {@code bridge.poll.show-threads} of them (the caller owns them).
     */
    public TaskPoller(
            TaskLedger ledger,
            OmsTasks oms,
            PollSettings settings,
            Clock clock,
            Duties duties,
            DutyActivity activity,
            ExecutorService showers) {
        this.ledger = ledger;
        this.oms = oms;
        this.settings = settings;
        this.clock = clock;
        this.duties = duties;
        this.activity = activity;
        this.showers = showers;
        this.retry = new ReadRetry(settings);
        this.rules = new TaskStatusRules(settings.progressStep());
    }

    /**
     * One cycle over every project with due tasks, if this node leads the poll duty; returns what it did (also logged
     * when anything happened). A long cycle checks the duty again before each project, so a node that lost it stops.
     */
    public PollCycle cycle() {
        activity.started();
        boolean held = false;
        try {
            held = duties.leads(DUTY);
            PollCycle.Counter count = new PollCycle.Counter();
            PollCycle cycle = held ? run(count) : count.done(0);
            activity.ended(
                    held,
                    cycle.failed() == 0
                            ? null
                            : cycle.failed() + " of " + cycle.due() + " task(s) not checked: " + count.firstFailure());
            return cycle;
        } catch (RuntimeException e) {
            activity.ended(held, e.getMessage());
            throw e;
        }
    }

    private PollCycle run(PollCycle.Counter count) {
        long started = clock.millis();
        for (ProjectDue project : ledger.dueByProject(started + DUE_SLACK_MS)) {
            if (!duties.leads(DUTY)) {
                LOG.warn("poll: this node no longer leads the poll duty; the cycle stops (another bridge polls)");
                break;
            }
            Scope scope = new Scope(project.projectId(), project.region());
            if (project.due() > settings.listThreshold()) {
                byListing(scope, started, count);
            } else {
                List<PollTarget> due =
                        ledger.dueForPoll(scope.projectId(), scope.region(), started + DUE_SLACK_MS, settings.batch());
                count.due(due.size());
                byShowing(scope, due, started, true, count);
            }
        }
        PollCycle cycle = count.done(clock.millis() - started);
        if (cycle.failed() > 0) {
            LOG.warn(
                    "poll: {} of {} task(s) not checked this cycle, tried again next cycle: {}",
                    cycle.failed(),
                    cycle.due(),
                    count.firstFailure());
        }
        if (cycle.changed() > 0 || cycle.failed() > 0) {
            LOG.info("poll: {}", cycle);
        } else if (cycle.due() > 0) {
            LOG.debug("poll: {}", cycle);
        }
        return cycle;
    }

    /** A project in one destination region: each region's OMS lists and shows its own tasks. */
    private record Scope(String projectId, String region) {
        @Override
        public String toString() {
            return projectId + (region == null ? "" : " in " + region);
        }
    }

    /** Lists the project's in-flight tasks and records, page by page, what moved among the watched ones. */
    private void byListing(Scope scope, long now, PollCycle.Counter count) {
        Map<Long, PollTarget> watched = ledger.watched(scope.projectId(), scope.region());
        count.due(watched.size());
        RuntimeException unread = null;
        for (int status : oms.inFlightStatuses()) {
            for (int start = 0; !watched.isEmpty(); start += PAGE) {
                List<JsonNode> page;
                int offset = start;
                try {
                    page = retry.read(() -> {
                        count.list();
                        return oms.list(scope.projectId(), scope.region(), offset, PAGE, status);
                    });
                } catch (OmsException e) {
                    if (transientFailure(e)) {
                        // the rest of this status's listing is unread; the other statuses may still be read
                        unread = e;
                        break;
                    }
                    // OMS refuses the listing itself (a policy without list rights, say): show the due tasks instead
                    LOG.warn(
                            "poll: OMS refuses to list project {} ({} {}); its tasks are shown one by one",
                            scope,
                            e.errorCode(),
                            e.errorMessage());
                    byShowing(
                            scope,
                            ledger.dueForPoll(scope.projectId(), scope.region(), now + DUE_SLACK_MS, settings.batch()),
                            now,
                            true,
                            count);
                    return;
                } catch (RuntimeException e) {
                    if (!transientFailure(e)) {
                        throw e;
                    }
                    unread = e;
                    break;
                }
                List<Change> changes = new ArrayList<>();
                for (JsonNode task : page) {
                    PollTarget target = watched.remove(task.path("id").asLong());
                    if (target != null) {
                        judge(target, rules.observe(task), now, changes, null, count);
                    }
                }
                record(changes, List.of(), now, count);
                if (page.size() < PAGE) {
                    break;
                }
            }
        }
        if (unread != null) {
            // a task not seen may be on a page not read: it waits for the next cycle rather than be shown as ended
            count.failed(watched.size(), unread);
            return;
        }
        // not in any in-flight listing: ended (or gone), so each is shown; a task still moving is just late in a list
        byShowing(scope, watched.values(), now, false, count);
    }

    /**
     * Shows each task, several at once, and records what moved a slice at a time; {@code backOff}: an unchanged task
     * is asked later (not when it was only missing from a listing, where it had no due time of its own). The caller
     * has counted the tasks as due.
     */
    private void byShowing(
            Scope scope, Collection<PollTarget> targets, long now, boolean backOff, PollCycle.Counter count) {
        List<PollTarget> all = List.copyOf(targets);
        for (int from = 0; from < all.size(); from += SLICE) {
            List<Change> changes = Collections.synchronizedList(new ArrayList<>());
            List<PollTarget> unchanged = Collections.synchronizedList(new ArrayList<>());
            List<Future<?>> shows = new ArrayList<>();
            for (PollTarget target : all.subList(from, Math.min(all.size(), from + SLICE))) {
                shows.add(showers.submit(() -> show(scope, target, now, changes, backOff ? unchanged : null, count)));
            }
            awaitAll(shows);
            record(changes, unchanged, now, count);
        }
    }

    private void show(
            Scope scope,
            PollTarget target,
            long now,
            List<Change> changes,
            List<PollTarget> unchanged,
            PollCycle.Counter count) {
        try {
            JsonNode task = retry.read(() -> {
                count.show();
                return oms.show(scope.projectId(), scope.region(), target.taskId());
            });
            judge(target, rules.observe(task), now, changes, unchanged, count);
        } catch (OmsException e) {
            if (e.notFound()) {
                LOG.warn(
                        "request {}: OMS no longer knows task {} ({} {}); it ends as FAILED",
                        target.requestId(),
                        target.taskId(),
                        e.errorCode(),
                        e.errorMessage());
                if (ledger.taskGone(target.requestId(), e.errorCode(), e.errorMessage())) {
                    count.applied(TaskLedger.Applied.STATE_CHANGED);
                }
            } else {
                // whatever else OMS says about a read is no verdict on the task: keep it, ask again next cycle
                count.failed(1, e);
            }
        } catch (RuntimeException e) {
            if (!transientFailure(e)) {
                throw e;
            }
            count.failed(1, e);
        }
    }

    /** Waits for every show of a slice; a show that failed for a reason no retry cures fails the cycle, as before. */
    private static void awaitAll(List<Future<?>> shows) {
        RuntimeException first = null;
        for (Future<?> show : shows) {
            try {
                show.get();
            } catch (ExecutionException e) {
                if (first == null) {
                    first = e.getCause() instanceof RuntimeException r ? r : new IllegalStateException(e.getCause());
                }
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                shows.forEach(s -> s.cancel(true));
                throw new IllegalStateException("poll: interrupted while showing tasks (the bridge is stopping)", e);
            }
        }
        if (first != null) {
            throw first;
        }
    }

    private void judge(
            PollTarget target,
            Observation seen,
            long now,
            List<Change> changes,
            List<PollTarget> unchanged,
            PollCycle.Counter count) {
        switch (rules.judge(target, seen)) {
            case UNCHANGED -> {
                if (unchanged != null) {
                    unchanged.add(target);
                }
            }
            case CHANGED -> changes.add(new Change(target, seen.task(), seen.status(), seen.viewHash()));
            case EVENTFUL -> {
                try {
                    count.applied(ledger.applyTaskView(target.requestId(), now, rules.transitionFor(seen.task())));
                } catch (LedgerException e) {
                    count.failed(1, e);
                }
            }
        }
    }

    private void record(List<Change> changes, List<PollTarget> unchanged, long now, PollCycle.Counter count) {
        try {
            ledger.recordChanged(changes, now);
            changes.forEach(c -> count.applied(TaskLedger.Applied.CHANGED));
            ledger.recordUnchanged(unchanged, now);
        } catch (LedgerException e) {
            count.failed(changes.size(), e);
        }
    }

    private static boolean transientFailure(RuntimeException e) {
        if (e instanceof OmsException oms) {
            return oms.isTransient();
        }
        return e instanceof IamException || e instanceof LedgerException;
    }
}
