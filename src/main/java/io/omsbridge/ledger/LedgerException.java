package io.omsbridge.ledger;

import java.sql.SQLException;
import java.sql.SQLNonTransientConnectionException;
import java.sql.SQLRecoverableException;
import java.sql.SQLTransientException;
import java.util.Set;
import org.sqlite.SQLiteErrorCode;
import org.sqlite.SQLiteException;

/**
 * The ledger could not be read or written. {@link #unavailable()} tells a database that is down, unreachable or out of
 * room (transient: wait and try again) from an error in what was written (a bug: retrying changes nothing).
 */
public final class LedgerException extends RuntimeException {

    /** SQLite's primary result codes for a file that is locked, out of room, unreadable or out of memory. */
    private static final Set<SQLiteErrorCode> SQLITE_UNAVAILABLE = Set.of(
            SQLiteErrorCode.SQLITE_BUSY,
            SQLiteErrorCode.SQLITE_LOCKED,
            SQLiteErrorCode.SQLITE_NOMEM,
            SQLiteErrorCode.SQLITE_IOERR,
            SQLiteErrorCode.SQLITE_FULL,
            SQLiteErrorCode.SQLITE_CANTOPEN,
            SQLiteErrorCode.SQLITE_PROTOCOL);

    private final boolean unavailable;

    public LedgerException(SQLException cause) {
        super((unavailable(cause) ? "ledger unavailable: " : "ledger error: ") + cause.getMessage(), cause);
        this.unavailable = unavailable(cause);
    }

    public boolean unavailable() {
        return unavailable;
    }

    /** Same as {@link #unavailable()}, under the name the routes' simple expressions read. */
    public boolean isUnavailable() {
        return unavailable;
    }

    private static boolean sqliteUnavailable(SQLException e) {
        if (!(e instanceof SQLiteException sqlite)) {
            return false;
        }
        // extended codes (SQLITE_IOERR_WRITE...) carry their primary code in the low byte
        int primary = sqlite.getResultCode().code & 0xff;
        return SQLITE_UNAVAILABLE.stream().anyMatch(c -> c.code == primary);
    }

    private static boolean unavailable(SQLException e) {
        String state = e.getSQLState() == null ? "" : e.getSQLState();
        return e instanceof SQLTransientException
                || e instanceof SQLRecoverableException
                || e instanceof SQLNonTransientConnectionException
                || state.startsWith("08")
                || state.startsWith("53")
                || state.startsWith("57P")
                || sqliteUnavailable(e)
                || (e.getCause() instanceof SQLException cause && cause != e && unavailable(cause));
    }
}
