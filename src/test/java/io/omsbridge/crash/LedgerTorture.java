package io.omsbridge.crash;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.omsbridge.event.EventFactory;
import io.omsbridge.ledger.EventOutbox;
import io.omsbridge.ledger.EventOutbox.PendingEvent;
import io.omsbridge.ledger.Ledger;
import io.omsbridge.ledger.LedgerDatabase;
import io.omsbridge.ledger.SecretBox;
import io.omsbridge.ledger.TaskLedger;
import io.omsbridge.ledger.TaskLedger.PollTarget;
import io.omsbridge.model.AcceptOutcome;
import io.omsbridge.model.Claim;
import io.omsbridge.model.ReceivedRequest;
import io.omsbridge.model.RequestSource;
import io.omsbridge.poll.TaskStatusRules;
import io.omsbridge.request.InputReader;
import io.omsbridge.request.SeedRequests;
import io.omsbridge.settings.PollSettings;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.time.Clock;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.Set;
import java.util.concurrent.Executors;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;

/**
 * The child JVM of {@link LedgerTortureTest}: the project's own ledger code driven from several threads at once, the
 * way a busy bridge drives it (accepts and claims, created tasks recorded in batches, parks and sweeps, poll updates
 * with their events, deliveries to two endpoints), until the test SIGKILLs it. Each accept whose commit returned is
 * appended to {@code acked.log}, so the test can check that no acknowledged request is lost.
 * Usage: {@code LedgerTorture <ledger.db> <acked.log> <run>}.
 */
public final class LedgerTorture {

    static final List<String> ENDPOINTS = List.of("file:outbox", "jms:topic:events");
    static final String READY = "torture running";
    static final String KEY =
            Base64.getEncoder().encodeToString("0123456789abcdef0123456789abcdef".getBytes(StandardCharsets.US_ASCII));

    private final Ledger ledger;
    private final TaskLedger tasks;
    private final TaskStatusRules rules = new TaskStatusRules(0.25);
    private final EventOutbox outbox;
    private final InputReader intakes = new InputReader(SeedRequests.reader(), 1 << 20);
    private final LinkedBlockingQueue<Claim> claimed = new LinkedBlockingQueue<>();
    private final AtomicLong nextTask = new AtomicLong(System.currentTimeMillis() * 100);
    private final Path acked;
    private final String run;

    private LedgerTorture(LedgerDatabase db, Path acked, String run) {
        ObjectMapper mapper = new ObjectMapper();
        Clock clock = Clock.systemUTC();
        EventFactory events = new EventFactory(mapper, clock);
        this.ledger = new Ledger(db, mapper, events, SecretBox.open(KEY, null), clock, "torture", 60_000);
        this.tasks = new TaskLedger(db, mapper, events, clock, new PollSettings(0, 0, 20, 10_000, 0.25));
        this.outbox = new EventOutbox(db, mapper, events, clock);
        this.acked = acked;
        this.run = run;
    }

    public static void main(String[] args) throws Exception {
        LedgerDatabase db = LedgerDatabase.open(LedgerDatabase.Options.of("jdbc:sqlite:" + args[0], 8));
        LedgerTorture torture = new LedgerTorture(db, Path.of(args[1]), args[2]);
        ScheduledExecutorService threads = Executors.newScheduledThreadPool(8);
        for (int i = 0; i < 4; i++) {
            int accepter = i;
            // a bridge's pace (a few thousand requests a second), so the poll and the publisher keep up as they would
            repeat(threads, "accept-" + i, () -> torture.accept(accepter), 1);
        }
        repeat(threads, "record", torture::recordCreated, 1);
        repeat(threads, "sweep", torture::sweep, 50);
        repeat(threads, "poll", torture::poll, 20);
        repeat(threads, "publish", torture::publish, 20);
        System.out.println(READY);
        System.out.flush();
        // runs until the test kills the process
        threads.awaitTermination(Long.MAX_VALUE, TimeUnit.DAYS);
    }

    interface Step {
        void run() throws Exception;
    }

    /**
     * Repeats a step with a pause between runs until the process dies; a failed step is printed, never swallowed,
     * and the next run goes on.
     */
    private static void repeat(ScheduledExecutorService threads, String name, Step step, long pauseMillis) {
        threads.scheduleWithFixedDelay(
                () -> {
                    try {
                        step.run();
                    } catch (Exception e) {
                        System.out.println("TORTURE STEP FAILED " + name + ": " + e);
                        e.printStackTrace(System.out);
                    }
                },
                0,
                pauseMillis,
                TimeUnit.MILLISECONDS);
    }

    private long counter;

    /** A batch of 1 to 5 requests, now and then with a bad one, accepted and claimed in one transaction. */
    private void accept(int accepter) throws IOException {
        ThreadLocalRandom random = ThreadLocalRandom.current();
        List<ReceivedRequest> batch = new ArrayList<>();
        int size = 1 + random.nextInt(5);
        for (int i = 0; i < size; i++) {
            String id;
            synchronized (this) {
                id = run + "-a" + accepter + "-" + counter++;
            }
            ObjectNode body = SeedRequests.seed();
            if (random.nextInt(20) == 0) {
                body.put("thread_num", 99);
            }
            body.with("src_node").put("bucket", random.nextInt(4) == 0 ? "bucket-fail" : "bucket");
            batch.add(intakes.fromText(id, SeedRequests.json(body), RequestSource.FILE, id + ".json"));
        }
        List<AcceptOutcome> outcomes = ledger.accept(batch);
        StringBuilder lines = new StringBuilder();
        for (AcceptOutcome o : outcomes) {
            lines.append(o.requestId()).append(' ').append(o.kind()).append('\n');
            if (o.claim() != null) {
                claimed.add(o.claim());
            }
        }
        synchronized (acked) {
            // no fsync: a SIGKILL loses no bytes already written to the file, and that is the crash tested here
            Files.writeString(acked, lines, StandardOpenOption.CREATE, StandardOpenOption.APPEND);
        }
    }

    /** Up to 50 claims at a time become tasks in one batch; one in ten is parked instead (a failed create). */
    private void recordCreated() throws InterruptedException {
        Claim first = claimed.poll(200, TimeUnit.MILLISECONDS);
        if (first == null) {
            return;
        }
        List<Claim> batch = new ArrayList<>(List.of(first));
        claimed.drainTo(batch, 49);
        List<Ledger.Created> created = new ArrayList<>();
        for (Claim claim : batch) {
            if (ThreadLocalRandom.current().nextInt(10) == 0) {
                ledger.park(claim, "simulated 503", 0, true);
            } else {
                created.add(new Ledger.Created(
                        claim, nextTask.incrementAndGet(), "task-" + claim.requestId(), System.currentTimeMillis()));
            }
        }
        ledger.recordCreated(created);
    }

    /** Parked requests are claimed again, as the submit sweep does. */
    private void sweep() {
        claimed.addAll(ledger.dueForSubmit(100));
    }

    /** Every due task moves one step along 1 waiting, 2 running, then 5 or 4, as OMS would show it. */
    private void poll() {
        long now = System.currentTimeMillis();
        for (TaskLedger.ProjectDue project : tasks.dueByProject(now)) {
            for (PollTarget target : tasks.dueForPoll(project.projectId(), now, 200)) {
                int status = switch (target.state()) {
                    case SUBMITTED -> ThreadLocalRandom.current().nextBoolean() ? 1 : 2;
                    default -> target.requestId().hashCode() % 4 == 0 ? 4 : 5;
                };
                ObjectNode task = SeedRequests.mapper()
                        .createObjectNode()
                        .put("id", target.taskId())
                        .put("name", "task-" + target.requestId())
                        .put("status", status)
                        .put("progress", status >= 4 ? 1.0 : 0.3)
                        .put("total_num", 10)
                        .put("success_num", status == 5 ? 10 : 3);
                tasks.applyTaskView(target.requestId(), now, rules.transitionFor(task));
            }
        }
    }

    /** Every pending event goes to each endpoint it lacks, in the publisher's order. */
    private void publish() {
        Set<String> required = Set.copyOf(ENDPOINTS);
        for (String endpoint : ENDPOINTS) {
            for (PendingEvent event : outbox.pendingEvents(endpoint, 200)) {
                outbox.markDelivered(event.eventId(), endpoint, required);
            }
        }
    }
}
