package dev.aigate.report;

import java.io.IOException;
import java.nio.channels.FileChannel;
import java.nio.channels.FileLock;
import java.nio.channels.OverlappingFileLockException;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.ReentrantLock;

/**
 * Serialises the runs that write one report directory: an in-process lock (threads, Maven's parallel builds) and an OS
 * file lock on {@code .<dir>.lock} next to the directory (other processes). A run waits up to {@link #waitMillis} and
 * then fails with a message naming the directory and the lock file, before it has touched anything. The lock file is
 * left in place (removing it would race with a run that is opening it).
 */
final class DirectoryLock implements AutoCloseable {
    /** How long a run waits for another to finish writing the same directory. */
    static volatile long waitMillis = TimeUnit.MINUTES.toMillis(2);

    private static final Map<Path, ReentrantLock> IN_PROCESS = new ConcurrentHashMap<>();
    private static final long POLL_MILLIS = 50;

    private final ReentrantLock local;
    private final FileChannel channel;
    private final FileLock lock;

    private DirectoryLock(ReentrantLock local, FileChannel channel, FileLock lock) {
        this.local = local;
        this.channel = channel;
        this.lock = lock;
    }

    static Path lockFile(Path target) {
        return target.getParent().resolve("." + target.getFileName() + ".lock");
    }

    static DirectoryLock acquire(Path target) throws IOException {
        Path lockFile = lockFile(target);
        Files.createDirectories(lockFile.getParent());
        if (Files.exists(lockFile, LinkOption.NOFOLLOW_LINKS)
                && !Files.isRegularFile(lockFile, LinkOption.NOFOLLOW_LINKS)) {
            // Opening a FIFO would block; following a link would lock (and create) a file elsewhere.
            throw new IOException(lockFile + ": the report directory's lock file is not a regular file; remove it");
        }
        long deadline = System.nanoTime() + TimeUnit.MILLISECONDS.toNanos(waitMillis);
        ReentrantLock local = IN_PROCESS.computeIfAbsent(lockFile, path -> new ReentrantLock());
        try {
            if (!local.tryLock(waitMillis, TimeUnit.MILLISECONDS)) {
                throw busy(target, lockFile);
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IOException(target + ": interrupted while waiting for the report directory", e);
        }
        FileChannel channel = null;
        try {
            channel = FileChannel.open(lockFile, StandardOpenOption.CREATE, StandardOpenOption.WRITE,
                    LinkOption.NOFOLLOW_LINKS);
            while (true) {
                FileLock lock;
                try {
                    lock = channel.tryLock();
                } catch (OverlappingFileLockException e) {
                    lock = null; // held through another channel of this process
                }
                if (lock != null) {
                    return new DirectoryLock(local, channel, lock);
                }
                if (System.nanoTime() - deadline >= 0) {
                    throw busy(target, lockFile);
                }
                Thread.sleep(POLL_MILLIS);
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            close(channel, local);
            throw new IOException(target + ": interrupted while waiting for the report directory", e);
        } catch (IOException | RuntimeException e) {
            close(channel, local);
            throw e;
        }
    }

    private static IOException busy(Path target, Path lockFile) {
        return new IOException(target + ": another aigate run is writing this report directory (it holds "
                + lockFile + "); waited " + TimeUnit.MILLISECONDS.toSeconds(waitMillis) + " s. Give each concurrent"
                + " run its own report directory");
    }

    private static void close(FileChannel channel, ReentrantLock local) {
        try {
            if (channel != null) {
                channel.close();
            }
        } catch (IOException ignored) {
            // closing releases the lock; nothing else to undo
        } finally {
            local.unlock();
        }
    }

    @Override
    public void close() throws IOException {
        try {
            lock.release();
            channel.close();
        } finally {
            local.unlock();
        }
    }
}
