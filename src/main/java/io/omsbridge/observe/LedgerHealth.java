package io.omsbridge.observe;

import io.omsbridge.ledger.LedgerDatabase;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

/**
 * {@code ledger}: the ledger takes a write (an empty transaction through the same writer every request goes
 * through), within a few seconds. Readiness: without the ledger no request can be accepted.
 */
public final class LedgerHealth extends BridgeHealthCheck {

    private static final long WAIT_SECONDS = 5;

    private final LedgerDatabase database;
    private final ExecutorService prober = Executors.newSingleThreadExecutor(r -> {
        Thread t = new Thread(r, "ledger-health");
        t.setDaemon(true);
        return t;
    });

    public LedgerHealth(LedgerDatabase database) {
        super("ledger", true, false);
        this.database = database;
    }

    @Override
    Verdict check() {
        String what = database.kind() == LedgerDatabase.Kind.SQLITE ? "SQLite " + database.file() : "PostgreSQL";
        Future<Integer> write = prober.submit(() -> database.write(c -> 1));
        try {
            write.get(WAIT_SECONDS, TimeUnit.SECONDS);
            return Verdict.up(what + " takes writes");
        } catch (TimeoutException e) {
            write.cancel(true);
            return Verdict.down(what + ": a write did not complete within " + WAIT_SECONDS + " s");
        } catch (ExecutionException e) {
            return Verdict.down(what + " does not take writes: " + e.getCause().getMessage());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return Verdict.down(what + ": interrupted while checking");
        }
    }
}
