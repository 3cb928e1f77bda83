package io.omsbridge.ledger;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.UUID;

/** A fresh SQLite ledger file under {@code target/ledgers}, the embedded default, for a test of its own. */
public final class ScratchLedger {

    private ScratchLedger() {}

    public static LedgerDatabase open(String name) {
        try {
            Path dir = Files.createDirectories(Path.of("target", "ledgers"));
            return LedgerDatabase.open(LedgerDatabase.Options.of(
                    "jdbc:sqlite:"
                            + dir.resolve(name + "-" + UUID.randomUUID() + ".db")
                                    .toAbsolutePath(),
                    4));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
