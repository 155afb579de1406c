package dev.aigate.core.files;

import dev.aigate.core.GateException;
import dev.aigate.core.InputException;
import dev.aigate.core.ProgressListener;
import dev.aigate.core.io.Digests;
import dev.aigate.core.io.PipelinedDigest;
import java.io.IOException;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.Comparator;
import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.AtomicReference;

/**
 * Hashes many files on a few threads. Each worker streams files through its own fixed buffer (memory does not grow
 * with file or dataset size) and takes the next file from a shared queue, largest first, so threads finish together.
 */
public final class FileHasher {
    /** How many bytes of one large file between progress reports. */
    private static final long PROGRESS_STEP = 64L * 1024 * 1024;

    private final int threads;
    private final ProgressListener progress;

    public FileHasher(int threads, ProgressListener progress) {
        if (threads < 1) {
            throw new IllegalArgumentException("threads must be at least 1");
        }
        this.threads = threads;
        this.progress = progress == null ? ProgressListener.NONE : progress;
    }

    /** A file to hash, with the size seen when it was listed (used only to schedule and report progress). */
    public record Job(String name, Path path, long expectedSize) {
    }

    /** The digest of one job, in the same position as the job. */
    public record Result(String name, long size, String sha256) {
    }

    public List<Result> hash(String task, List<Job> jobs) {
        int count = jobs.size();
        Result[] results = new Result[count];
        Integer[] order = new Integer[count];
        long totalBytes = 0;
        for (int i = 0; i < count; i++) {
            order[i] = i;
            totalBytes += jobs.get(i).expectedSize();
        }
        java.util.Arrays.sort(order, Comparator.comparingLong((Integer i) -> jobs.get(i).expectedSize()).reversed());

        AtomicInteger next = new AtomicInteger();
        AtomicLong filesDone = new AtomicLong();
        AtomicLong bytesDone = new AtomicLong();
        AtomicReference<GateException> failure = new AtomicReference<>();
        long total = totalBytes;
        Runnable worker = () -> {
            byte[] buffer = new byte[Digests.BUFFER_SIZE];
            int slot;
            while (failure.get() == null && (slot = next.getAndIncrement()) < count) {
                int index = order[slot];
                Job job = jobs.get(index);
                try {
                    long[] sinceReport = {0};
                    long[] size = {0};
                    java.util.function.LongConsumer onBytes = read -> {
                        size[0] += read;
                        sinceReport[0] += read;
                        if (sinceReport[0] >= PROGRESS_STEP) {
                            progress.progress(task, filesDone.get(), count, bytesDone.addAndGet(sinceReport[0]),
                                    total);
                            sinceReport[0] = 0;
                        }
                    };
                    // A large file is read ahead on a second thread so copying overlaps hashing.
                    String sha = job.expectedSize() >= PipelinedDigest.THRESHOLD
                            ? PipelinedDigest.sha256Hex(job.path(), onBytes)
                            : Digests.sha256Hex(job.path(), buffer, onBytes);
                    results[index] = new Result(job.name(), size[0], sha);
                    progress.progress(task, filesDone.incrementAndGet(), count,
                            bytesDone.addAndGet(sinceReport[0]), total);
                } catch (NoSuchFileException e) {
                    failure.compareAndSet(null, new InputException(job.path(), "file disappeared while hashing"));
                } catch (IOException e) {
                    failure.compareAndSet(null, new InputException(job.path(), "cannot read: " + e.getMessage(), e));
                } catch (RuntimeException e) {
                    failure.compareAndSet(null, new InputException(job.path(), "cannot hash: " + e, e));
                }
            }
        };
        Workers.run(worker, Math.min(threads, Math.max(1, count)), "aigate-hash", failure, "hashing " + task);
        if (failure.get() != null) {
            throw failure.get();
        }
        return List.of(results);
    }
}
