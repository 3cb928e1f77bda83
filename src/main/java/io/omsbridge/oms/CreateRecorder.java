package io.omsbridge.oms;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;

import io.omsbridge.ledger.Claim;
import io.omsbridge.ledger.Ledger;
import io.omsbridge.ledger.Ledger.Created;
import io.omsbridge.ledger.LedgerException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Records the tasks OMS created in the ledger, many per transaction: one writer thread takes whatever creates arrived
 * meanwhile (up to 500) and writes them at once. A create not yet recorded when the bridge dies is not lost: its
 * request is still claimed, so after a restart it searches OMS's list, finds the task by its tag and records it.
 */
public final class CreateRecorder implements AutoCloseable {

    private static final Logger LOG = LoggerFactory.getLogger(CreateRecorder.class);
    private static final int BATCH = 500;
    private static final long RETRY_MILLIS = 1_000;

    private final Ledger ledger;
    private final BlockingQueue<Created> queue = new LinkedBlockingQueue<>();
    private final Thread writer;
    private volatile boolean running = true;

    public CreateRecorder(Ledger ledger) {
        this.ledger = ledger;
        this.writer = new Thread(this::run, "ledger-create-recorder");
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

    /** Writes one batch, trying again while the ledger is unavailable (the creates stay in hand meanwhile). */
    private void write(List<Created> batch) throws InterruptedException {
        while (true) {
            try {
                for (Created lost : ledger.recordCreated(batch)) {
                    // the lease ran out mid-create: the attempt that holds the request now finds this task by its tag
                    LOG.error("request {}: OMS task {} was created, but this attempt's claim had run out"
                            + " (bridge.submit.lease is shorter than a create took); the current attempt will find"
                            + " the task and record it", lost.claim().requestId(), lost.taskId());
                }
                return;
            } catch (LedgerException e) {
                LOG.warn("{} created task(s) not recorded yet ({}); trying again in {} ms", batch.size(),
                        e.getMessage(), RETRY_MILLIS);
                if (!running) {
                    // stopping: what is left is found again from OMS's list after the restart
                    return;
                }
                Thread.sleep(RETRY_MILLIS);
            }
        }
    }

    /** Writes what was handed over, then stops; called when the Camel context stops, before the ledger closes. */
    @Override
    public void close() throws InterruptedException {
        running = false;
        writer.join(30_000);
    }
}
