package io.omsbridge.ledger;

import io.zonky.test.db.postgres.embedded.EmbeddedPostgres;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.Callable;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.TestInstance;

/**
 * What every ledger contract test shares: the database it runs on, opened once per class with its schema migrated,
 * either a SQLite file (the embedded default, WAL) or a real PostgreSQL 14 (embedded, the cluster setup).
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
abstract class DatabaseContract {

    enum Kind {
        SQLITE,
        POSTGRES
    }

    private final Kind kind;
    private EmbeddedPostgres postgres;
    /** The database under test; open between {@code @BeforeAll} and {@code @AfterAll}. */
    protected LedgerDatabase database;

    DatabaseContract(Kind kind) {
        this.kind = kind;
    }

    @BeforeAll
    void openDatabase() throws IOException {
        database = switch (kind) {
            case SQLITE ->
                LedgerDatabase.open(LedgerDatabase.Options.of(
                        "jdbc:sqlite:"
                                + Files.createDirectories(Path.of("target", "ledgers"))
                                        .resolve(getClass().getSimpleName() + "-" + UUID.randomUUID() + ".db")
                                        .toAbsolutePath(),
                        8));
            case POSTGRES -> {
                postgres = EmbeddedPostgres.start();
                yield LedgerDatabase.open(postgres.getJdbcUrl("postgres", "postgres"), "postgres", "", 8);
            }
        };
    }

    /** Runs statements in one ledger write (on SQLite the reading connections refuse writes). */
    protected void execute(String... statements) {
        database.write(c -> {
            try (Statement s = c.createStatement()) {
                for (String sql : statements) {
                    s.executeUpdate(sql);
                }
            }
            return null;
        });
    }

    /** Runs the callers on threads of their own, released at one instant; their answers, in the callers' order. */
    protected static <T> List<T> atOnce(List<Callable<T>> callers) throws Exception {
        CountDownLatch go = new CountDownLatch(1);
        ExecutorService pool = Executors.newFixedThreadPool(callers.size());
        try {
            List<Future<T>> answers = new ArrayList<>();
            for (Callable<T> caller : callers) {
                answers.add(pool.submit(() -> {
                    go.await();
                    return caller.call();
                }));
            }
            go.countDown();
            List<T> results = new ArrayList<>();
            for (Future<T> answer : answers) {
                results.add(answer.get(30, TimeUnit.SECONDS));
            }
            return results;
        } finally {
            pool.shutdownNow();
        }
    }

    @AfterAll
    void closeDatabase() throws IOException {
        if (database != null) {
            database.close();
        }
        if (postgres != null) {
            postgres.close();
        }
    }
}
