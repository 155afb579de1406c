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
 * then fails with a message naming the directory and the lock file, before it has touched anything. The holder
 * removes the lock file as it releases it; a run that locked a file that was removed meanwhile (its path no longer
 * names the file it opened) lets go and tries again, so two runs never both hold the lock.
 */
final class DirectoryLock implements AutoCloseable {
    /** How long a run waits for another to finish writing the same directory. */
    static volatile long waitMillis = TimeUnit.MINUTES.toMillis(2);

    private static final Map<Path, ReentrantLock> IN_PROCESS = new ConcurrentHashMap<>();
    private static final long POLL_MILLIS = 50;

    private final ReentrantLock local;
    private final FileChannel channel;
    private final FileLock lock;
    private final Path lockFile;

    private DirectoryLock(ReentrantLock local, FileChannel channel, FileLock lock, Path lockFile) {
        this.local = local;
        this.channel = channel;
        this.lock = lock;
        this.lockFile = lockFile;
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
        try {
            while (true) {
                DirectoryLock held = tryOnce(target, lockFile, local);
                if (held != null) {
                    return held;
                }
                if (System.nanoTime() - deadline >= 0) {
                    throw busy(target, lockFile);
                }
                Thread.sleep(POLL_MILLIS);
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            local.unlock();
            throw new IOException(target + ": interrupted while waiting for the report directory", e);
        } catch (IOException | RuntimeException e) {
            local.unlock();
            throw e;
        }
    }

    /** The lock, or null when another process holds it or the file was replaced while this one was opening it. */
    private static DirectoryLock tryOnce(Path target, Path lockFile, ReentrantLock local) throws IOException {
        Object before = fileKey(lockFile);
        FileChannel channel = FileChannel.open(lockFile, StandardOpenOption.CREATE, StandardOpenOption.WRITE,
                LinkOption.NOFOLLOW_LINKS);
        Object opened = fileKey(lockFile);
        if (before != null && !before.equals(opened)) {
            channel.close(); // replaced while opening: which one is open is unknown
            return null;
        }
        FileLock lock = null;
        try {
            try {
                lock = channel.tryLock();
            } catch (OverlappingFileLockException e) {
                lock = null; // held through another channel of this process
            }
            if (lock != null && opened != null && opened.equals(fileKey(lockFile))) {
                return new DirectoryLock(local, channel, lock, lockFile);
            }
        } catch (IOException | RuntimeException e) {
            channel.close();
            throw e;
        }
        channel.close(); // not ours, or removed by the run that held it: try again
        return null;
    }

    /** The identity of the file {@code path} names now (device and inode), or null when it names none. */
    private static Object fileKey(Path path) {
        try {
            Object key = Files.readAttributes(path, java.nio.file.attribute.BasicFileAttributes.class,
                    LinkOption.NOFOLLOW_LINKS).fileKey();
            return key != null ? key : path; // no file keys on this platform: the path is all there is
        } catch (IOException e) {
            return null;
        }
    }

    private static IOException busy(Path target, Path lockFile) {
        return new IOException(target + ": another aigate run is writing this report directory (it holds "
                + lockFile + "); waited " + TimeUnit.MILLISECONDS.toSeconds(waitMillis) + " s. Give each concurrent"
                + " run its own report directory");
    }

    @Override
    public void close() throws IOException {
        try {
            // Removed while still held: a run waiting on this file sees that its path is gone and opens a new one.
            Files.deleteIfExists(lockFile);
            lock.release();
            channel.close();
        } finally {
            local.unlock();
        }
    }
}
