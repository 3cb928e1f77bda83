package io.omsbridge.ledger;

import java.sql.Connection;
import java.sql.SQLException;
import java.sql.SQLNonTransientConnectionException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Every write to a SQLite ledger, through one connection on one thread. SQLite takes one writer at a time, so
 * writers that share the file wait for each other's lock and, past the busy timeout, fail with "database is locked";
 * one writer never waits for a lock at all. Units that arrive while a commit is under way are committed together
 * (group commit: one fsync for many accepts), each in a savepoint of its own, so a unit that fails is rolled back alone
 * and the others still commit. A caller returns only once the commit that holds its unit has returned.
 */
final class SerialWriter implements AutoCloseable {

    private static final Logger LOG = LoggerFactory.getLogger(SerialWriter.class);
    /** Units per transaction at most: a long group would hold its first callers back. */
    private static final int MAX_GROUP = 128;

    private final Connection connection;
    private final LinkedBlockingQueue<Unit<?>> queue = new LinkedBlockingQueue<>();
    private final Thread thread;
    private final Statement statement;
    private volatile boolean open = true;

    private static final class Unit<T> {
        final Jdbc.Work<T> work;
        final CompletableFuture<T> outcome = new CompletableFuture<>();
        T result;
        Throwable failure;

        Unit(Jdbc.Work<T> work) {
            this.work = work;
        }

        void settle() {
            if (failure == null) {
                outcome.complete(result);
            } else {
                outcome.completeExceptionally(failure);
            }
        }
    }

    SerialWriter(Connection connection, String name) throws SQLException {
        this.connection = connection;
        this.statement = connection.createStatement();
        this.thread = new Thread(this::loop, name);
        thread.setDaemon(true);
        thread.start();
    }

    /** Runs {@code work} in a transaction of the writer; returns once it is committed, or throws what failed it. */
    <T> T write(Jdbc.Work<T> work) throws SQLException {
        if (Thread.currentThread() == thread) {
            // a write made by a unit that is already running belongs to that unit's transaction
            return work.run(connection);
        }
        if (!open) {
            throw closed();
        }
        Unit<T> unit = new Unit<>(work);
        queue.add(unit);
        try {
            // uninterruptible: the caller must learn whether its unit committed, and a commit is short
            return unit.outcome.join();
        } catch (CompletionException e) {
            Throwable cause = e.getCause();
            if (cause instanceof SQLException sql) {
                throw sql;
            }
            if (cause instanceof RuntimeException runtime) {
                throw runtime;
            }
            if (cause instanceof Error error) {
                throw error;
            }
            throw new IllegalStateException(cause);
        }
    }

    /** Units waiting for the writer now. */
    int waiting() {
        return queue.size();
    }

    private void loop() {
        List<Unit<?>> group = new ArrayList<>(MAX_GROUP);
        while (open || !queue.isEmpty()) {
            try {
                Unit<?> first = queue.poll(100, TimeUnit.MILLISECONDS);
                if (first == null) {
                    continue;
                }
                group.add(first);
                queue.drainTo(group, MAX_GROUP - 1);
                commit(group);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                break;
            } finally {
                group.forEach(Unit::settle);
                group.clear();
            }
        }
        // stopped: whatever still waits is refused, not left hanging
        for (Unit<?> unit; (unit = queue.poll()) != null; ) {
            unit.failure = closed();
            unit.settle();
        }
    }

    /** One transaction for the group; each unit in a savepoint, so a failed one leaves the others alone. */
    private void commit(List<Unit<?>> group) {
        try {
            statement.execute("BEGIN IMMEDIATE");
        } catch (SQLException e) {
            failAll(group, e);
            return;
        }
        for (Unit<?> unit : group) {
            if (!runInSavepoint(unit)) {
                // the transaction itself is gone (an I/O error, a full disk): none of the group is written
                rollback();
                failAll(group, unit.failure);
                return;
            }
        }
        try {
            statement.execute("COMMIT");
        } catch (SQLException e) {
            rollback();
            failAll(group, e);
        }
    }

    /** False when the unit's failure also broke the transaction (its savepoint cannot be rolled back). */
    private <T> boolean runInSavepoint(Unit<T> unit) {
        try {
            statement.execute("SAVEPOINT unit");
        } catch (SQLException e) {
            unit.failure = e;
            return false;
        }
        try {
            unit.result = unit.work.run(connection);
            statement.execute("RELEASE unit");
            return true;
        } catch (Throwable e) {
            unit.failure = e;
            unit.result = null;
            try {
                statement.execute("ROLLBACK TO unit");
                statement.execute("RELEASE unit");
                return true;
            } catch (SQLException broken) {
                e.addSuppressed(broken);
                return false;
            }
        }
    }

    private static void failAll(List<Unit<?>> group, Throwable cause) {
        for (Unit<?> unit : group) {
            if (unit.failure == null) {
                unit.failure = cause;
            }
            unit.result = null;
        }
    }

    private void rollback() {
        try {
            statement.execute("ROLLBACK");
        } catch (SQLException e) {
            // nothing to roll back any more: SQLite already did, on the error that brought us here
            LOG.debug("rollback after a failed ledger write: {}", e.getMessage());
        }
    }

    private static SQLException closed() {
        return new SQLNonTransientConnectionException("the ledger is closed (the bridge is stopping)", "08003");
    }

    /** Finishes the units already handed over, then closes the connection. */
    @Override
    public void close() {
        open = false;
        try {
            thread.join(30_000);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        try {
            statement.close();
            connection.close();
        } catch (SQLException e) {
            LOG.warn("closing the ledger's write connection: {}", e.getMessage());
        }
    }
}
