package io.omsbridge.ledger;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import org.sqlite.SQLiteErrorCode;
import org.sqlite.SQLiteException;

/** The few JDBC moves the ledger makes: run a unit of work in one transaction, bind, query a list. */
public final class Jdbc {

    /** A unit of work on one connection: one transaction when written, one auto-commit read otherwise. */
    public interface Work<T> {
        T run(Connection c) throws SQLException;
    }

    interface Rows<T> {
        T map(ResultSet rs) throws SQLException;
    }

    private static final int IN_CHUNK = 500;

    private final LedgerDatabase database;

    Jdbc(LedgerDatabase database) {
        this.database = database;
    }

    /** A read on a connection of its own, in auto-commit (never waits for the writer). */
    <T> T read(Work<T> work) {
        return database.read(work);
    }

    /**
     * Locks the rows a select in a write reads, where the database needs it: PostgreSQL's writers run side by side,
     * SQLite's one writer runs alone.
     */
    String forUpdate() {
        return database.kind() == LedgerDatabase.Kind.POSTGRESQL ? " for update" : "";
    }

    /** The database's clock, read in the transaction of {@code c}: the one clock leases and duties are judged on. */
    long now(Connection c) throws SQLException {
        return query(c, "select " + database.nowMillisSql(), rs -> rs.getLong(1))
                .get(0);
    }

    /** A write: one transaction, committed and durable when this returns. */
    <T> T inTransaction(Work<T> work) {
        return database.write(work);
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
        try (PreparedStatement ps = bind(c.prepareStatement(sql), args);
                ResultSet rs = ps.executeQuery()) {
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
        return String.join(",", Collections.nCopies(n, "?"));
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

    /** A unique-key violation: SQLSTATE 23505 on PostgreSQL, a primary-key or unique constraint on SQLite. */
    static boolean duplicateKey(SQLException e) {
        if (e instanceof SQLiteException sqlite) {
            return sqlite.getResultCode() == SQLiteErrorCode.SQLITE_CONSTRAINT_PRIMARYKEY
                    || sqlite.getResultCode() == SQLiteErrorCode.SQLITE_CONSTRAINT_UNIQUE;
        }
        return "23505".equals(e.getSQLState());
    }
}
