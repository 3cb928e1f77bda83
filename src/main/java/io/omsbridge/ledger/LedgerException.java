package io.omsbridge.ledger;

import java.sql.SQLException;
import java.sql.SQLNonTransientConnectionException;
import java.sql.SQLRecoverableException;
import java.sql.SQLTransientException;
import java.util.Set;

/**
 * The ledger could not be read or written. {@link #unavailable()} tells a database that is down, unreachable or out of
 * room (transient: wait and try again) from an error in what was written (a bug: retrying changes nothing).
 */
public final class LedgerException extends RuntimeException {

    /** H2's own codes for a closed, locked or failing database file (it reports them as the SQLSTATE). */
    private static final Set<String> H2_UNAVAILABLE = Set.of("90098", "90121", "90020", "90028", "90031");

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

    private static boolean unavailable(SQLException e) {
        String state = e.getSQLState() == null ? "" : e.getSQLState();
        return e instanceof SQLTransientException || e instanceof SQLRecoverableException
                || e instanceof SQLNonTransientConnectionException || state.startsWith("08") || state.startsWith("53")
                || state.startsWith("57P") || H2_UNAVAILABLE.contains(state)
                || (e.getCause() instanceof SQLException cause && cause != e && unavailable(cause));
    }
}
