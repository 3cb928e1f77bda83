package io.omsbridge.ledger;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;

import javax.sql.DataSource;

/** The few JDBC moves the ledger makes: run a unit of work in one transaction, bind, query a list. */
final class Jdbc {

    interface Work<T> {
        T run(Connection c) throws SQLException;
    }

    interface Rows<T> {
        T map(ResultSet rs) throws SQLException;
    }

    private static final int IN_CHUNK = 500;

    private final DataSource dataSource;
    /** Whether the ledger is H2, whose commits reach the disk in the background unless asked (null: not known yet). */
    private volatile Boolean h2;

    Jdbc(DataSource dataSource) {
        this.dataSource = dataSource;
    }

    /**
     * Makes every transaction committed so far survive a killed process, before the bridge acts on it (moves a file,
     * acknowledges a message, posts a create, publishes an event). PostgreSQL's commits are durable already; H2 writes
     * its commits every half second in the background, and CHECKPOINT writes them now. Concurrent callers share one
     * write: whoever comes second finds nothing left to store.
     */
    void makeDurable() {
        if (Boolean.FALSE.equals(h2)) {
            // durable at commit already: no connection to take, so no pool wait or outage can fail a committed accept
            return;
        }
        try (Connection c = dataSource.getConnection()) {
            if (h2 == null) {
                h2 = c.getMetaData().getDatabaseProductName().toLowerCase(java.util.Locale.ROOT).contains("h2");
            }
            if (h2) {
                try (Statement s = c.createStatement()) {
                    s.execute("CHECKPOINT");
                }
            }
        } catch (SQLException e) {
            throw new LedgerException(e);
        }
    }

    /** One read on a connection of its own, in auto-commit: no transaction to begin and end. */
    <T> T read(Work<T> work) {
        try (Connection c = dataSource.getConnection()) {
            return work.run(c);
        } catch (SQLException e) {
            throw new LedgerException(e);
        }
    }

    <T> T inTransaction(Work<T> work) {
        try (Connection c = dataSource.getConnection()) {
            c.setAutoCommit(false);
            try {
                T result = work.run(c);
                c.commit();
                return result;
            } catch (SQLException | RuntimeException e) {
                try {
                    c.rollback();
                } catch (SQLException rollbackFailed) {
                    e.addSuppressed(rollbackFailed);
                }
                throw e;
            } finally {
                restoreAutoCommit(c);
            }
        } catch (SQLException e) {
            throw new LedgerException(e);
        }
    }

    /** A dead connection must not hide the database error that killed it. */
    private static void restoreAutoCommit(Connection c) {
        try {
            c.setAutoCommit(true);
        } catch (SQLException ignored) {
            // the pool drops a broken connection; the original error is already on its way
        }
    }

    static int update(Connection c, String sql, Object... args) throws SQLException {
        try (PreparedStatement ps = bind(c.prepareStatement(sql), args)) {
            return ps.executeUpdate();
        }
    }

    /** One statement run for every row of arguments, sent as one JDBC batch; returns the rows changed in all. */
    static int batch(Connection c, String sql, List<Object[]> rows) throws SQLException {
        int n = 0;
        for (int count : batchCounts(c, sql, rows)) {
            n += Math.max(count, 0);
        }
        return n;
    }

    /** The same, with the rows each argument row changed. */
    static int[] batchCounts(Connection c, String sql, List<Object[]> rows) throws SQLException {
        try (PreparedStatement ps = c.prepareStatement(sql)) {
            for (Object[] args : rows) {
                bind(ps, args).addBatch();
            }
            return ps.executeBatch();
        }
    }

    static <T> List<T> query(Connection c, String sql, Rows<T> rows, Object... args) throws SQLException {
        try (PreparedStatement ps = bind(c.prepareStatement(sql), args); ResultSet rs = ps.executeQuery()) {
            List<T> out = new ArrayList<>();
            while (rs.next()) {
                out.add(rows.map(rs));
            }
            return out;
        }
    }

    /**
     * Runs {@code select ... in (<values>)}, {@code sqlUpToIn} ending in {@code "in ("}, in chunks of 500 values
     * (inside every database's limit of bind parameters), handing each row to {@code rows}.
     */
    static void queryIn(Connection c, String sqlUpToIn, List<?> values, Rows<?> rows) throws SQLException {
        for (int from = 0; from < values.size(); from += IN_CHUNK) {
            List<?> chunk = values.subList(from, Math.min(values.size(), from + IN_CHUNK));
            query(c, sqlUpToIn + marks(chunk.size()) + ")", rows, chunk.toArray());
        }
    }

    /** {@code n} bind markers, comma-separated, for an {@code in (...)} list. */
    static String marks(int n) {
        return String.join(",", java.util.Collections.nCopies(n, "?"));
    }

    static PreparedStatement bind(PreparedStatement ps, Object... args) throws SQLException {
        for (int i = 0; i < args.length; i++) {
            ps.setObject(i + 1, args[i]);
        }
        return ps;
    }

    static Long longOrNull(ResultSet rs, String column) throws SQLException {
        long v = rs.getLong(column);
        return rs.wasNull() ? null : v;
    }

    static Integer intOrNull(ResultSet rs, String column) throws SQLException {
        int v = rs.getInt(column);
        return rs.wasNull() ? null : v;
    }

    /** SQLSTATE 23505 is a unique-key violation in both H2 and PostgreSQL. */
    static boolean duplicateKey(SQLException e) {
        return "23505".equals(e.getSQLState());
    }
}
