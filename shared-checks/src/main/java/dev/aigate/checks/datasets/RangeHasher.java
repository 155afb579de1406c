package dev.aigate.checks.datasets;

import dev.aigate.core.GateException;
import dev.aigate.core.InputException;
import dev.aigate.core.ProgressListener;
import dev.aigate.core.files.Workers;
import dev.aigate.core.io.Digests;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.security.MessageDigest;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.HexFormat;
import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.AtomicReference;

/**
 * Hashes byte ranges of files on a few threads, largest first, each worker streaming through its own fixed buffer. A
 * range can also be cut into chunks whose digests are kept besides the digest of the whole range: locking reads a
 * large file once for its SHA-256 and its chunk digests; a shard reads only the chunks it was given.
 */
final class RangeHasher {
    private final int threads;
    private final ProgressListener progress;

    RangeHasher(int threads, ProgressListener progress) {
        this.threads = Math.max(1, threads);
        this.progress = progress == null ? ProgressListener.NONE : progress;
    }

    /**
     * A range to hash.
     *
     * @param length how many bytes from {@code offset}; -1 reads to the end of the file
     * @param chunkBytes also digest every {@code chunkBytes} of the range on its own; 0 for no chunk digests
     */
    record Work(Path path, long offset, long length, long chunkBytes) {
        static Work wholeFile(Path path) {
            return new Work(path, 0, -1, 0);
        }

        long scheduledBytes(long hint) {
            return length >= 0 ? length : hint;
        }
    }

    /**
     * What a range held: the bytes read (fewer than asked when the file is shorter), their SHA-256 and chunk digests.
     */
    record Digest(long bytes, String sha256, List<String> chunks) {
    }

    /** Digests in the order of {@code work}; {@code sizeHints} order the whole-file work for scheduling. */
    List<Digest> hash(String task, List<Work> work, long[] sizeHints) {
        int count = work.size();
        Digest[] results = new Digest[count];
        Integer[] order = new Integer[count];
        long total = 0;
        for (int i = 0; i < count; i++) {
            order[i] = i;
            total += work.get(i).scheduledBytes(sizeHints[i]);
        }
        Arrays.sort(order, Comparator.comparingLong((Integer i) -> work.get(i).scheduledBytes(sizeHints[i]))
                .reversed());
        AtomicInteger next = new AtomicInteger();
        AtomicLong done = new AtomicLong();
        AtomicLong bytesDone = new AtomicLong();
        AtomicReference<GateException> failure = new AtomicReference<>();
        long totalBytes = total;
        Runnable worker = () -> {
            ByteBuffer buffer = ByteBuffer.allocate(Digests.BUFFER_SIZE);
            int slot;
            while (failure.get() == null && (slot = next.getAndIncrement()) < count) {
                int index = order[slot];
                Work item = work.get(index);
                try {
                    results[index] = hash(item, buffer);
                    progress.progress(task, done.incrementAndGet(), count, bytesDone.addAndGet(results[index].bytes()),
                            totalBytes);
                } catch (NoSuchFileException e) {
                    failure.compareAndSet(null, new InputException(item.path(), "file disappeared while hashing"));
                } catch (IOException e) {
                    failure.compareAndSet(null, new InputException(item.path(), "cannot read: " + e.getMessage(), e));
                }
            }
        };
        Workers.run(worker, Math.min(threads, Math.max(1, count)), "aigate-range-hash", failure, task);
        if (failure.get() != null) {
            throw failure.get();
        }
        return List.of(results);
    }

    static Digest hash(Work work, ByteBuffer buffer) throws IOException {
        MessageDigest whole = Digests.sha256();
        MessageDigest chunk = work.chunkBytes() > 0 ? Digests.sha256() : null;
        List<String> chunks = new ArrayList<>();
        long inChunk = 0;
        long read = 0;
        long limit = work.length() < 0 ? Long.MAX_VALUE : work.length();
        try (FileChannel channel = FileChannel.open(work.path(), StandardOpenOption.READ)) {
            channel.position(work.offset());
            while (read < limit) {
                int want = (int) Math.min(buffer.capacity(), limit - read);
                if (chunk != null) {
                    want = (int) Math.min(want, work.chunkBytes() - inChunk);
                }
                buffer.clear().limit(want);
                int n = channel.read(buffer);
                if (n < 0) {
                    break;
                }
                whole.update(buffer.array(), 0, n);
                read += n;
                if (chunk != null) {
                    chunk.update(buffer.array(), 0, n);
                    inChunk += n;
                    if (inChunk == work.chunkBytes()) {
                        chunks.add(HexFormat.of().formatHex(chunk.digest()));
                        inChunk = 0;
                    }
                }
            }
        }
        if (chunk != null && inChunk > 0) {
            chunks.add(HexFormat.of().formatHex(chunk.digest()));
        }
        return new Digest(read, HexFormat.of().formatHex(whole.digest()), chunk == null ? null : chunks);
    }
}
