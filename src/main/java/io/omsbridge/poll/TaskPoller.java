package io.omsbridge.poll;

import java.time.Clock;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import com.fasterxml.jackson.databind.JsonNode;
import io.omsbridge.config.PollSettings;
import io.omsbridge.iam.IamException;
import io.omsbridge.ledger.LedgerException;
import io.omsbridge.ledger.LedgerRecord;
import io.omsbridge.ledger.TaskLedger;
import io.omsbridge.oms.OmsApiException;
import io.omsbridge.oms.OmsClient;
import io.omsbridge.oms.OmsUnreachableException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * One status poll cycle ({@code routes/poll.camel.yaml}): asks OMS about every in-flight task that is due and records
 * the answers. A project with many due tasks is read from the list API, page by page and one in-flight status at a
 * time; only the tasks missing from those listings (they ended or vanished) are shown one by one. Transient failures
 * (OMS or IAM down, throttled) change nothing: the tasks stay due for the next cycle.
 */
public final class TaskPoller {

    private static final Logger LOG = LoggerFactory.getLogger(TaskPoller.class);
    /** Statuses a task has while it has not ended: 0 initialising, 1 waiting, 2 running, 3 stopped. */
    private static final int[] IN_FLIGHT_STATUSES = {0, 1, 2, 3};
    private static final int PAGE = 100;
    /** A task due a little after the cycle starts is polled now, so Quartz's jitter does not skip a whole cycle. */
    private static final long DUE_SLACK_MS = 500;

    private final TaskLedger ledger;
    private final OmsClient oms;
    private final PollSettings settings;
    private final Clock clock;

    public TaskPoller(TaskLedger ledger, OmsClient oms, PollSettings settings, Clock clock) {
        this.ledger = ledger;
        this.oms = oms;
        this.settings = settings;
        this.clock = clock;
    }

    /** One cycle over every due task; returns what it did (also logged when anything happened). */
    public PollCycle cycle() {
        long started = clock.millis();
        PollCycle.Counter count = new PollCycle.Counter();
        Map<String, List<LedgerRecord>> byProject = new LinkedHashMap<>();
        for (LedgerRecord r : ledger.dueForPoll(started + DUE_SLACK_MS, settings.batch())) {
            if (r.taskId() != null) {
                byProject.computeIfAbsent(r.projectId(), p -> new ArrayList<>()).add(r);
            }
        }
        for (Map.Entry<String, List<LedgerRecord>> project : byProject.entrySet()) {
            pollProject(project.getKey(), project.getValue(), started, count);
        }
        PollCycle cycle = count.done(clock.millis() - started);
        if (cycle.failed() > 0) {
            LOG.warn("poll: {} of {} due task(s) not checked this cycle, tried again next cycle: {}", cycle.failed(),
                    cycle.due(), count.firstFailure());
        }
        if (cycle.changed() > 0 || cycle.failed() > 0) {
            LOG.info("poll: {}", cycle);
        } else if (cycle.due() > 0) {
            LOG.debug("poll: {}", cycle);
        }
        return cycle;
    }

    private void pollProject(String projectId, List<LedgerRecord> due, long now, PollCycle.Counter count) {
        count.due(due.size());
        Map<Long, JsonNode> listed = new HashMap<>();
        if (due.size() > settings.listThreshold()) {
            try {
                listed = listInFlight(projectId, due, count);
            } catch (RuntimeException e) {
                if (!transientFailure(e)) {
                    throw e;
                }
                // without the listing, showing every task would cost N calls against a struggling OMS: wait instead
                count.failed(due.size(), e);
                return;
            }
        }
        for (LedgerRecord r : due) {
            JsonNode view = listed.get(r.taskId());
            try {
                if (view == null) {
                    count.show();
                    view = oms.show(projectId, r.taskId());
                }
                count.applied(ledger.applyTaskView(r.requestId(), view, now));
            } catch (OmsApiException e) {
                if (e.taskUnknown()) {
                    LOG.warn("request {}: OMS no longer knows task {} ({} {}); it ends as FAILED", r.requestId(),
                            r.taskId(), e.errorCode(), e.errorMessage());
                    ledger.taskGone(r.requestId(), e.errorCode(), e.errorMessage());
                    count.applied(TaskLedger.Applied.STATE_CHANGED);
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
    }

    /**
     * Pages through the project's tasks per in-flight status and keeps those the ledger is waiting for. Stops a
     * status at its first short page, and the whole listing as soon as every due task has been seen.
     */
    private Map<Long, JsonNode> listInFlight(String projectId, List<LedgerRecord> due, PollCycle.Counter count) {
        Map<Long, JsonNode> wanted = new HashMap<>();
        due.forEach(r -> wanted.put(r.taskId(), null));
        Map<Long, JsonNode> seen = new HashMap<>();
        for (int status : IN_FLIGHT_STATUSES) {
            for (int start = 0; seen.size() < wanted.size(); start += PAGE) {
                count.list();
                List<JsonNode> page = oms.list(projectId, start, PAGE, status);
                for (JsonNode task : page) {
                    long id = task.path("id").asLong();
                    if (wanted.containsKey(id)) {
                        seen.put(id, task);
                    }
                }
                if (page.size() < PAGE) {
                    break;
                }
            }
        }
        return seen;
    }

    private static boolean transientFailure(RuntimeException e) {
        return e instanceof OmsUnreachableException || e instanceof IamException || e instanceof LedgerException
                || e instanceof OmsApiException;
    }
}
