package io.omsbridge.ledger;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Clock;
import javax.sql.DataSource;

/** Outbox rows written and read straight in the ledger's tables, for tests of the publishing side alone. */
public final class OutboxRows {

    private OutboxRows() {}

    /** An outbox row as the ledger writes it (request {@code r-<id>}), created {@code agoMillis} before now. */
    public static void insert(
            LedgerDatabase ledger, Clock clock, String id, String type, String replyTo, long agoMillis) {
        ledger.write(c -> Jdbc.update(
                c,
                "insert into bridge_event (event_id, request_id, type, payload, reply_to,"
                        + " created_at) values (?,?,?,?,?,?)",
                id,
                "r-" + id,
                type,
                "{\"id\":\"" + id + "\"}",
                replyTo,
                clock.millis() - agoMillis));
    }

    /** Whether the event has left the outbox (every endpoint has it); the row must exist. */
    public static boolean published(DataSource ledger, String id) throws SQLException {
        try (Connection c = ledger.getConnection();
                PreparedStatement ps = c.prepareStatement("select published_at from bridge_event where event_id = ?")) {
            ps.setString(1, id);
            try (ResultSet rs = ps.executeQuery()) {
                if (!rs.next()) {
                    throw new AssertionError("no outbox row for event " + id);
                }
                return rs.getObject(1) != null;
            }
        }
    }
}
