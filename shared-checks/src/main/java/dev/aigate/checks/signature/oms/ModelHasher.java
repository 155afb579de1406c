package dev.aigate.checks.signature.oms;

import dev.aigate.core.GateException;
import dev.aigate.core.InputException;
import dev.aigate.core.ProgressListener;
import dev.aigate.core.io.Digests;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.LinkOption;
import java.nio.file.NoSuchFileException;
import java.nio.file.OpenOption;
import java.nio.file.StandardOpenOption;
import java.security.MessageDigest;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HexFormat;
import java.util.List;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.atomic.AtomicLong;

/**
 * The hashing layer: turns listed files into resources, one per file ({@code files}) or per byte range
 * ({@code shards}), on a fixed number of threads. Each task streams its bytes through one buffer per thread, so memory
 * is {@code threads x} {@value #BUFFER_SIZE} bytes whatever the model's size; the shards method is what lets two threads
 * share one large file.
 */
public final class ModelHasher {
    static final int BUFFER_SIZE = 1024 * 1024;
    private static final OpenOption[] NO_FOLLOW = {StandardOpenOption.READ, LinkOption.NOFOLLOW_LINKS};
    private static final OpenOption[] FOLLOW = {StandardOpenOption.READ};

    private final int threads;
    private final ProgressListener progress;
    private final String task;

    /**
     * @param threads hashing threads, at least 1
     * @param task what to call the work in progress lines ("verifying model 'x'")
     */
    public ModelHasher(int threads, ProgressListener progress, String task) {
        if (threads < 1) {
            throw new IllegalArgumentException("threads must be at least 1");
        }
        this.threads = threads;
        this.progress = progress == null ? ProgressListener.NONE : progress;
        this.task = task;
    }

    /** One unit of work: a whole file ({@code end} -1) or a byte range of it. */
    private record Piece(ModelFiles.ModelFile file, long start, long end) {
        long length() {
            return end < 0 ? file.size() : end - start;
        }

        String name() {
            return end < 0 ? file.name() : file.name() + ":" + start + ":" + end;
        }
    }

    /** The resources of {@code files}, in the spec's order. */
    public List<Resource> hash(List<ModelFiles.ModelFile> files, Serialization serialization) {
        if (!serialization.hashType().equals(Serialization.SHA256)) {
            throw new GateException("hash type '" + serialization.hashType() + "' is not supported (aigate hashes"
                    + " with sha256)");
        }
        List<Piece> pieces = pieces(files, serialization);
        // Largest first, so that the last piece to finish is a small one and no thread idles at the end.
        pieces.sort(Comparator.comparingLong(Piece::length).reversed());
        long totalBytes = pieces.stream().mapToLong(Piece::length).sum();
        AtomicLong bytesDone = new AtomicLong();
        AtomicLong piecesDone = new AtomicLong();
        String algorithm = serialization.resourceAlgorithm();
        List<Resource> resources = new ArrayList<>(pieces.size());
        if (threads == 1 || pieces.size() == 1 && !serialization.sharded()) {
            ByteBuffer buffer = ByteBuffer.allocateDirect(BUFFER_SIZE);
            for (Piece piece : pieces) {
                resources.add(new Resource(piece.name(), algorithm, digest(piece, buffer, bytesDone, piecesDone,
                        pieces.size(), totalBytes)));
            }
        } else {
            ExecutorService pool = Executors.newFixedThreadPool(Math.min(threads, pieces.size()), runnable -> {
                Thread thread = new Thread(runnable, "aigate-oms-hash");
                thread.setDaemon(true);
                return thread;
            });
            ThreadLocal<ByteBuffer> buffers = ThreadLocal.withInitial(() -> ByteBuffer.allocateDirect(BUFFER_SIZE));
            try {
                List<Future<String>> digests = new ArrayList<>();
                for (Piece piece : pieces) {
                    digests.add(pool.submit(() -> digest(piece, buffers.get(), bytesDone, piecesDone, pieces.size(),
                            totalBytes)));
                }
                for (int i = 0; i < pieces.size(); i++) {
                    resources.add(new Resource(pieces.get(i).name(), algorithm, digests.get(i).get()));
                }
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new GateException("interrupted while hashing the model");
            } catch (ExecutionException e) {
                if (e.getCause() instanceof RuntimeException runtime) {
                    throw runtime;
                }
                throw new GateException("hashing failed: " + e.getCause(), e.getCause());
            } finally {
                pool.shutdownNow();
            }
        }
        resources.sort(Resource.SPEC_ORDER);
        return resources;
    }

    private static List<Piece> pieces(List<ModelFiles.ModelFile> files, Serialization serialization) {
        List<Piece> pieces = new ArrayList<>();
        for (ModelFiles.ModelFile file : files) {
            if (!serialization.sharded()) {
                pieces.add(new Piece(file, 0, -1));
                continue;
            }
            // As model_signing: consecutive ranges of shard_size, the last one shorter; an empty file has none.
            for (long start = 0; start < file.size(); start += serialization.shardSize()) {
                pieces.add(new Piece(file, start, Math.min(file.size(), start + serialization.shardSize())));
            }
        }
        return pieces;
    }

    /**
     * Reads through a direct buffer: the kernel copies into it once, and the digest reads it from there (a heap array
     * would cost a second copy of every byte).
     */
    private String digest(Piece piece, ByteBuffer wrapped, AtomicLong bytesDone, AtomicLong piecesDone, long pieces,
            long totalBytes) {
        MessageDigest digest = Digests.sha256();
        try (FileChannel channel = FileChannel.open(piece.file().path(), piece.file().viaSymlink() ? FOLLOW
                : NO_FOLLOW)) {
            long position = piece.start();
            long remaining = piece.end() < 0 ? Long.MAX_VALUE : piece.length();
            while (remaining > 0) {
                wrapped.clear();
                if (remaining < wrapped.capacity()) {
                    wrapped.limit((int) remaining);
                }
                int read = channel.read(wrapped, position);
                if (read < 0) {
                    if (piece.end() >= 0) {
                        throw new InputException(piece.file().path(), "file became shorter while it was hashed");
                    }
                    break;
                }
                wrapped.flip();
                digest.update(wrapped);
                position += read;
                remaining -= read;
                progress.progress(task, piecesDone.get(), pieces, bytesDone.addAndGet(read), totalBytes);
            }
        } catch (NoSuchFileException e) {
            throw new InputException(piece.file().path(), "file disappeared while the model was hashed");
        } catch (IOException e) {
            throw new InputException(piece.file().path(), "cannot read: " + e.getMessage(), e);
        }
        progress.progress(task, piecesDone.incrementAndGet(), pieces, bytesDone.get(), totalBytes);
        return HexFormat.of().formatHex(digest.digest());
    }
}
