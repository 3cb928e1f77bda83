package io.omsbridge.intake;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Stream;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Puts inbox files a crash left half-read in {@code .inflight} back into the inbox, so they are read again. A file of
 * the same name dropped meanwhile must not be overwritten (nor the old one, which the file consumer's pre-move would
 * replace): the old one waits in {@code .held} until the name is free, then goes back too.
 */
public final class InboxRecovery {

    private static final Logger LOG = LoggerFactory.getLogger(InboxRecovery.class);

    /**
     * The prefix of the redacted copy written beside a file in {@code .inflight} before it replaces the file. One left
     * behind is half-made: the file it was for is still whole and is read again, so the copy is dropped.
     */
    static final String REDACTING_PREFIX = ".redacting-";

    private final Path inbox;
    private final Path inflight;
    private final Path held;

    public InboxRecovery(Path inbox) {
        this.inbox = inbox;
        this.inflight = inbox.resolve(".inflight");
        this.held = inbox.resolve(".held");
    }

    /** At start, before the inbox route runs: every file in {@code .inflight} goes back, or waits in {@code .held}. */
    public void recoverAtStart() {
        for (Path file : files(inflight)) {
            Path name = file.getFileName();
            if (name.toString().startsWith(REDACTING_PREFIX)) {
                delete(file);
            } else if (moveIfFree(file, inbox.resolve(name))) {
                LOG.info("inbox file {} was being read when the bridge stopped; it is read again", name);
            } else if (moveIfFree(file, held.resolve(name))) {
                LOG.warn(
                        "inbox file {} was being read when the bridge stopped, and a new file of that name has"
                                + " arrived since; the old one waits in {} and is read once the new one is done",
                        name,
                        held);
            } else {
                LOG.warn(
                        "inbox file {} was being read when the bridge stopped; it stays in {} (its name is taken in"
                                + " the inbox and in {})",
                        name,
                        inflight,
                        held);
            }
        }
    }

    /** Regularly: a held file whose name is free again (not in the inbox, not being read) goes back to the inbox. */
    public void releaseHeld() {
        for (Path file : files(held)) {
            Path name = file.getFileName();
            if (!Files.exists(inflight.resolve(name)) && moveIfFree(file, inbox.resolve(name))) {
                LOG.info("inbox file {} that waited in {} is read again", name, held);
            }
        }
    }

    private static void delete(Path partial) {
        try {
            Files.deleteIfExists(partial);
            LOG.debug("dropped {}, a redacted copy the bridge stopped while writing", partial);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot delete " + partial, e);
        }
    }

    private static boolean moveIfFree(Path from, Path to) {
        try {
            Files.createDirectories(to.getParent());
            // a plain move (not ATOMIC_MOVE, which replaces on Linux) refuses an existing target
            Files.move(from, to);
            return true;
        } catch (FileAlreadyExistsException taken) {
            return false;
        } catch (IOException e) {
            throw new UncheckedIOException("cannot move " + from + " to " + to, e);
        }
    }

    private static Iterable<Path> files(Path dir) {
        if (!Files.isDirectory(dir)) {
            return List.of();
        }
        try (Stream<Path> files = Files.list(dir)) {
            return files.filter(Files::isRegularFile).toList();
        } catch (IOException e) {
            throw new UncheckedIOException("cannot list " + dir, e);
        }
    }
}
