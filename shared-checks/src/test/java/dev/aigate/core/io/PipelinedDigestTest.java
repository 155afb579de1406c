package dev.aigate.core.io;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Random;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class PipelinedDigestTest {
    @TempDir
    Path dir;

    @Test
    void givesTheSameDigestAsStreamingAtEveryBufferBoundary() throws IOException {
        int buffer = PipelinedDigest.BUFFER_SIZE;
        Random random = new Random(7);
        for (int size : new int[] {0, 1, buffer - 1, buffer, buffer + 1, PipelinedDigest.BUFFERS * buffer,
            PipelinedDigest.BUFFERS * buffer * 2 + 12345}) {
            byte[] bytes = new byte[size];
            random.nextBytes(bytes);
            Path file = Files.write(dir.resolve("f" + size), bytes);
            AtomicLong counted = new AtomicLong();
            assertEquals(Digests.sha256Hex(bytes), PipelinedDigest.sha256Hex(file, counted::addAndGet), "size " + size);
            assertEquals(size, counted.get(), "every byte is reported once");
        }
    }

    @Test
    void aFileThatCannotBeReadIsAnIoError() {
        assertThrows(IOException.class, () -> PipelinedDigest.sha256Hex(dir.resolve("missing"), n -> { }));
        assertThrows(IOException.class, () -> PipelinedDigest.sha256Hex(dir, n -> { }));
    }
}
