package io.omsbridge.config;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.UUID;

/**
 * Who holds a claim in a shared ledger: {@code bridge.node-id}, else an id made once and kept in the data directory,
 * so it is the same after a restart (its own orphans are recovered at once) and differs between bridges on one host.
 */
final class NodeId {

    private NodeId() {}

    static String of(Path dataDir) {
        Path file = dataDir.resolve("node-id");
        try {
            if (!Files.exists(file)) {
                Files.createDirectories(dataDir);
                Files.writeString(file, "node-" + UUID.randomUUID());
            }
            return Files.readString(file).trim();
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read or create " + file, e);
        }
    }
}
