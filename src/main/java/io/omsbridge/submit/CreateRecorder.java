package io.omsbridge.submit;

import io.omsbridge.ledger.Ledger;
import io.omsbridge.ledger.Ledger.Created;
import io.omsbridge.ledger.LedgerException;
import io.omsbridge.model.BridgeConstants;
import io.omsbridge.model.Claim;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import org.apache.camel.support.service.ServiceSupport;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Records the tasks OMS created in the ledger, many per transaction: one writer thread takes whatever creates arrived
 * meanwhile (up to 500) and writes them at once. A create not yet recorded when the bridge dies is not lost: its
 * request is still claimed, so after a restart it searches OMS's list, finds the task by its tag and records it.
 */
public final class CreateRecorder extends ServiceSupport {

    private static final Logger LOG = LoggerFactory.getLogger(CreateRecorder.class);
    private static final Logger REQUESTS = LoggerFactory.getLogger(BridgeConstants.REQUEST_LOG);
    private static final int BATCH = 500;
    private static final long RETRY_MILLIS = 1_000;

    private final Ledger ledger;
    private final BlockingQueue<Created> queue = new LinkedBlockingQueue<>();
    private Thread writer;
    private volatile boolean running;

    /** Started and stopped with the Camel context: after the ledger opens, and before it closes. */
    public CreateRecorder(Ledger ledger) {
        this.ledger = ledger;
    }

    @Override
    protected void doStart() {
        running = true;
        writer = new Thread(this::run, "ledger-create-recorder");
        writer.setDaemon(true);
        writer.start();
    }

    /** The create of {@code claim} made task {@code taskId}: recorded within moments. */
    public void record(Claim claim, long taskId, String taskName) {
        queue.add(new Created(claim, taskId, taskName, System.currentTimeMillis()));
    }

    /** Creates handed over and not yet written. */
    public int pending() {
        return queue.size();
    }

    private void run() {
        List<Created> batch = new ArrayList<>(BATCH);
        while (running || !queue.isEmpty()) {
            try {
                Created first = queue.poll(200, TimeUnit.MILLISECONDS);
                if (first == null) {
                    continue;
                }
                batch.add(first);
                queue.drainTo(batch, BATCH - 1);
                write(batch);
                batch.clear();
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return;
            }
        }
    }

    /**
     * Writes one batch, trying again while the ledger is unavailable (the creates stay in hand meanwhile). A batch the
     * ledger refuses for another reason (a constraint, a value too long) is written create by create, so one poison
     * row cannot hold back every later create: what can be recorded is, the rest is reported by request id.
     */
    private void write(List<Created> batch) throws InterruptedException {
        while (true) {
            try {
                logged(batch, ledger.recordCreated(batch));
                return;
            } catch (LedgerException e) {
                if (!e.unavailable()) {
                    writeOneByOne(batch);
                    return;
                }
                LOG.warn(
                        "{} created task(s) not recorded yet ({}); trying again in {} ms",
                        batch.size(),
                        e.getMessage(),
                        RETRY_MILLIS);
                if (!running) {
                    // stopping: what is left is found again from OMS's list after the restart
                    return;
                }
                Thread.sleep(RETRY_MILLIS);
            }
        }
    }

    private void writeOneByOne(List<Created> batch) throws InterruptedException {
        for (Created created : batch) {
            try {
                writeSingle(created);
            } catch (LedgerException e) {
                // its claim stays SUBMITTING: once the lease runs out the sweep searches OMS, finds the task by its
                // tag and records it then (or reports again, with the same reason)
                LOG.error(
                        "request {}: OMS task {} was created but cannot be recorded ({}); the sweep finds the task"
                                + " in OMS by its tag once the claim's lease runs out",
                        created.claim().requestId(),
                        created.taskId(),
                        e.getMessage());
            }
        }
    }

    /** One create of a refused batch, retried while the ledger is unavailable; a refusal is thrown to the caller. */
    private void writeSingle(Created created) throws InterruptedException {
        while (true) {
            try {
                logged(List.of(created), ledger.recordCreated(List.of(created)));
                return;
            } catch (LedgerException e) {
                if (!e.unavailable() || !running) {
                    throw e;
                }
                Thread.sleep(RETRY_MILLIS);
            }
        }
    }

    /** One line per task recorded; the lost ones are reported instead. */
    private static void logged(List<Created> batch, List<Created> lost) {
        for (Created c : batch) {
            if (!lost.contains(c)) {
                REQUESTS.info("request {} task {} created", c.claim().requestId(), c.taskId());
            }
        }
        reportLost(lost);
    }

    private static void reportLost(List<Created> lost) {
        for (Created c : lost) {
            // the lease ran out mid-create: the attempt that holds the request now finds this task by its tag
            LOG.error(
                    "request {}: OMS task {} was created, but this attempt's claim had run out"
                            + " (bridge.submit.lease is shorter than a create took); the current attempt will find"
                            + " the task and record it",
                    c.claim().requestId(),
                    c.taskId());
        }
    }

    /** Writes what was handed over, then stops; the Camel context stops it before the ledger closes. */
    @Override
    protected void doStop() throws InterruptedException {
        running = false;
        if (writer != null) {
            writer.join(30_000);
        }
    }
}
