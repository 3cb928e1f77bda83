package io.omsbridge.config;

import io.omsbridge.settings.InUseException;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.channels.FileLock;
import java.nio.channels.OverlappingFileLockException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * One bridge per data directory: an OS lock on {@code <data-dir>/.lock}, taken before anything else starts and held
 * until the bridge stops. The OS drops it when the process ends, however it ends (a SIGKILLed bridge leaves no stale
 * lock); the file says who holds it (pid, host, since when) so the next one can name its owner.
 */
final class DataDirLock implements AutoCloseable {

    static final String FILE = ".lock";

    /** The data directories locked in this JVM: closing a second channel on a locked file would drop the OS lock. */
    private static final Map<Path, String> HELD = new ConcurrentHashMap<>();

    private final Path directory;
    private final FileChannel channel;
    private final FileLock lock;

    private DataDirLock(Path directory, FileChannel channel, FileLock lock) {
        this.directory = directory;
        this.channel = channel;
        this.lock = lock;
    }

    /** Locks {@code dataDir} (made if missing) or refuses, in one line, naming the bridge that holds it. */
    static DataDirLock acquire(Path dataDir) {
        Path directory = dataDir.toAbsolutePath().normalize();
        String owner = owner();
        String earlier = HELD.putIfAbsent(directory, owner);
        if (earlier != null) {
            throw inUse(directory, earlier + ", in this same process");
        }
        FileChannel channel = null;
        try {
            Files.createDirectories(directory);
            Path file = directory.resolve(FILE);
            channel = FileChannel.open(
                    file, StandardOpenOption.CREATE, StandardOpenOption.READ, StandardOpenOption.WRITE);
            FileLock lock = tryLock(channel);
            if (lock == null) {
                String holder = Files.readString(file, StandardCharsets.UTF_8).strip();
                throw inUse(directory, holder.isEmpty() ? null : holder);
            }
            channel.truncate(0);
            channel.write(ByteBuffer.wrap((owner + "\n").getBytes(StandardCharsets.UTF_8)));
            channel.force(false);
            return new DataDirLock(directory, channel, lock);
        } catch (IOException | RuntimeException e) {
            HELD.remove(directory);
            closeQuietly(channel);
            if (e instanceof IOException io) {
                throw new UncheckedIOException(
                        "bridge.data-dir " + directory + ": cannot lock " + FILE + ": " + io.getMessage(), io);
            }
            throw (RuntimeException) e;
        }
    }

    private static FileLock tryLock(FileChannel channel) throws IOException {
        try {
            return channel.tryLock();
        } catch (OverlappingFileLockException sameJvm) {
            return null;
        }
    }

    private static InUseException inUse(Path directory, String holder) {
        return new InUseException("bridge.data-dir " + directory + " is in use by another bridge"
                + (holder != null ? " (" + holder + ")" : "") + "; stop it or choose another bridge.data-dir");
    }

    /** Who this process is, as the next bridge will read it: {@code pid 1234 on host x, since 2026-...Z}. */
    private static String owner() {
        return "pid " + ProcessHandle.current().pid() + " on host " + hostName() + ", since "
                + Instant.now().truncatedTo(ChronoUnit.SECONDS);
    }

    /** The kernel's name for this host where there is one: a name lookup can stall for seconds on a bad resolver. */
    private static String hostName() {
        try {
            Path kernel = Path.of("/proc/sys/kernel/hostname");
            return Files.isReadable(kernel)
                    ? Files.readString(kernel).strip()
                    : InetAddress.getLocalHost().getHostName();
        } catch (IOException unknown) {
            return "unknown";
        }
    }

    @Override
    public void close() throws IOException {
        if (!channel.isOpen()) {
            return;
        }
        try {
            lock.release();
            channel.close();
        } finally {
            HELD.remove(directory);
        }
    }

    private static void closeQuietly(FileChannel channel) {
        if (channel != null) {
            try {
                channel.close();
            } catch (IOException ignored) {
                // already failing: the first error is the one to report
            }
        }
    }

    @Override
    public String toString() {
        return "data directory lock " + directory.resolve(FILE);
    }
}
