package dev.aigate.core.io;

import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.util.HexFormat;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.BlockingQueue;
import java.util.function.LongConsumer;

/**
 * SHA-256 of one large file with reading and hashing on two threads: a reader fills a small ring of buffers while the
 * caller hashes, so copying the file out of the page cache overlaps the digest instead of adding to it. Memory is
 * fixed ({@value #BUFFERS} x {@value #BUFFER_SIZE} bytes) whatever the file size.
 */
public final class PipelinedDigest {
    /** Files at least this large are worth a second thread. */
    public static final long THRESHOLD = 64L * 1024 * 1024;
    static final int BUFFER_SIZE = 1024 * 1024;
    static final int BUFFERS = 4;

    private PipelinedDigest() {
    }

    /** A filled buffer; {@code length} -1 marks the end, {@code failure} a read error. */
    private record Chunk(byte[] bytes, int length, IOException failure) {
    }

    public static String sha256Hex(Path file, LongConsumer onBytes) throws IOException {
        BlockingQueue<byte[]> free = new ArrayBlockingQueue<>(BUFFERS);
        BlockingQueue<Chunk> full = new ArrayBlockingQueue<>(BUFFERS + 1);
        for (int i = 0; i < BUFFERS; i++) {
            free.add(new byte[BUFFER_SIZE]);
        }
        Thread reader = new Thread(() -> read(file, free, full), "aigate-read-ahead");
        reader.setDaemon(true);
        reader.start();
        MessageDigest digest = Digests.sha256();
        try {
            while (true) {
                Chunk chunk = full.take();
                if (chunk.failure() != null) {
                    throw chunk.failure();
                }
                if (chunk.length() < 0) {
                    break;
                }
                digest.update(chunk.bytes(), 0, chunk.length());
                onBytes.accept(chunk.length());
                free.put(chunk.bytes());
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IOException("interrupted while hashing " + file, e);
        } finally {
            reader.interrupt();
        }
        return HexFormat.of().formatHex(digest.digest());
    }

    private static void read(Path file, BlockingQueue<byte[]> free, BlockingQueue<Chunk> full) {
        try (InputStream in = Files.newInputStream(file)) {
            while (true) {
                byte[] buffer = free.take();
                int filled = in.readNBytes(buffer, 0, buffer.length);
                if (filled == 0) {
                    full.put(new Chunk(null, -1, null));
                    return;
                }
                full.put(new Chunk(buffer, filled, null));
            }
        } catch (IOException e) {
            full.offer(new Chunk(null, 0, e));
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
