package dev.aigate.core.files;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.aigate.core.InputException;
import dev.aigate.core.io.Digests;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class FileHasherTest {
    @TempDir
    Path dir;

    private List<FileHasher.Job> files(int... sizes) throws IOException {
        List<FileHasher.Job> jobs = new ArrayList<>();
        for (int i = 0; i < sizes.length; i++) {
            byte[] content = new byte[sizes[i]];
            for (int j = 0; j < content.length; j++) {
                content[j] = (byte) (j * 13 + i);
            }
            Path file = dir.resolve("f" + i);
            Files.write(file, content);
            jobs.add(new FileHasher.Job("f" + i, file, sizes[i]));
        }
        return jobs;
    }

    @ParameterizedTest
    @ValueSource(ints = {1, 2, 4, 16})
    void hashesEveryFileInJobOrder(int threads) throws IOException {
        // Sizes around the buffer size, so that streaming across buffer boundaries is exercised.
        int buffer = Digests.BUFFER_SIZE;
        List<FileHasher.Job> jobs = files(0, 1, 10, buffer - 1, buffer, buffer + 1, 3 * buffer + 7, 5, 100);
        List<FileHasher.Result> results = new FileHasher(threads, null).hash("test", jobs);
        assertEquals(jobs.size(), results.size());
        for (int i = 0; i < jobs.size(); i++) {
            FileHasher.Job job = jobs.get(i);
            FileHasher.Result result = results.get(i);
            assertEquals(job.name(), result.name());
            assertEquals(Files.size(job.path()), result.size());
            assertEquals(Digests.sha256Hex(Files.readAllBytes(job.path())), result.sha256());
        }
    }

    @Test
    void sizeIsWhatWasHashedNotWhatWasListed() throws IOException {
        List<FileHasher.Job> jobs = files(10);
        FileHasher.Job stale = new FileHasher.Job("f0", jobs.get(0).path(), 99);
        assertEquals(10, new FileHasher(1, null).hash("t", List.of(stale)).get(0).size());
    }

    @Test
    void noJobsNoResults() {
        assertEquals(List.of(), new FileHasher(4, null).hash("t", List.of()));
    }

    @Test
    void missingFileIsAnInputErrorNamingIt() throws IOException {
        List<FileHasher.Job> jobs = new ArrayList<>(files(5, 6, 7));
        Path gone = dir.resolve("gone.csv");
        jobs.add(1, new FileHasher.Job("gone.csv", gone, 3));
        InputException e = assertThrows(InputException.class, () -> new FileHasher(2, null).hash("t", jobs));
        assertTrue(e.getMessage().startsWith(gone.toString()), e.getMessage());
        assertTrue(e.getMessage().contains("disappeared"), e.getMessage());
    }

    @Test
    void progressReachesTheTotal() throws IOException {
        List<FileHasher.Job> jobs = files(100, 200, 300, 400);
        AtomicLong maxDone = new AtomicLong();
        AtomicLong maxBytes = new AtomicLong();
        new FileHasher(3, (task, done, total, bytesDone, bytesTotal) -> {
            assertEquals("task", task);
            assertEquals(4, total);
            assertEquals(1000, bytesTotal);
            maxDone.accumulateAndGet(done, Math::max);
            maxBytes.accumulateAndGet(bytesDone, Math::max);
        }).hash("task", jobs);
        assertEquals(4, maxDone.get());
        assertEquals(1000, maxBytes.get());
    }

    @Test
    void needsAThread() {
        assertThrows(IllegalArgumentException.class, () -> new FileHasher(0, null));
    }
}
