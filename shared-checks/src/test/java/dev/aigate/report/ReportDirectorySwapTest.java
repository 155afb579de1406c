package dev.aigate.report;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.aigate.core.GateResult;
import java.io.IOException;
import java.nio.channels.FileChannel;
import java.nio.channels.FileLock;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The report-directory swap cannot lose the set (issue 11): what a run killed between its two renames leaves is
 * repaired by the next, and concurrent runs on one folder are serialised instead of failing half-way.
 */
class ReportDirectorySwapTest {
    @TempDir
    Path dir;

    private List<String> leftovers(Path parent) throws IOException {
        try (Stream<Path> entries = Files.list(parent)) {
            return entries.map(p -> p.getFileName().toString()).filter(n -> n.contains(".new-") || n.contains(".old-"))
                    .toList();
        }
    }

    @Test
    void aRunKilledBetweenTheTwoRenamesHasItsOldSetPutBack() throws IOException {
        GateResult pass = ReportFixtures.pass(Files.createDirectories(dir.resolve("p")));
        Path reports = dir.resolve("out/aigate");
        ReportWriter.writeAll(pass, reports);
        byte[] json = Files.readAllBytes(reports.resolve(JsonReport.FILE_NAME));
        // The state a kill -9 leaves after the first rename: the old set aside, a staging folder, no report folder.
        Files.move(reports, dir.resolve("out/.aigate.old-123"));
        Path staging = Files.createDirectories(dir.resolve("out/.aigate.new-456"));
        Files.writeString(staging.resolve(JsonReport.FILE_NAME), "{\"trunc");

        assertTrue(ReportWriter.recover(reports));
        assertTrue(Files.isDirectory(reports));
        assertEquals(new String(json), Files.readString(reports.resolve(JsonReport.FILE_NAME)));
        assertEquals(List.of(), leftovers(dir.resolve("out")));
    }

    @Test
    void theNextRunRemovesEveryLeftoverAndPublishesItsOwnSet() throws IOException {
        Path reports = dir.resolve("out/aigate");
        Files.createDirectories(dir.resolve("out/.aigate.old-1"));
        Files.createDirectories(dir.resolve("out/.aigate.new-2/x"));
        Files.createSymbolicLink(dir.resolve("out/.aigate.new-3"), Files.createDirectories(dir.resolve("keep")));
        Files.writeString(dir.resolve("keep/precious.txt"), "not ours");
        ReportWriter.writeAll(ReportFixtures.fail(Files.createDirectories(dir.resolve("p"))), reports);
        assertTrue(Files.isRegularFile(reports.resolve(JsonReport.FILE_NAME)));
        assertEquals(List.of(), leftovers(dir.resolve("out")));
        assertTrue(Files.exists(dir.resolve("keep/precious.txt")), "a planted link is removed, never followed");
    }

    @Test
    void concurrentRunsOnOneFolderAreSerialised() throws Exception {
        GateResult pass = ReportFixtures.pass(Files.createDirectories(dir.resolve("p")));
        Path reports = dir.resolve("out/aigate");
        ExecutorService pool = Executors.newFixedThreadPool(8);
        try {
            List<Future<ReportWriter.Written>> runs = new ArrayList<>();
            for (int i = 0; i < 160; i++) {
                runs.add(pool.submit(() -> ReportWriter.writeAll(pass, reports)));
            }
            for (Future<ReportWriter.Written> run : runs) {
                run.get(); // none fails with "Directory not empty" (160 runs made the old swap fail when tried)
            }
        } finally {
            pool.shutdownNow();
        }
        assertTrue(Files.isRegularFile(reports.resolve(JsonReport.FILE_NAME)));
        assertEquals(List.of(), leftovers(dir.resolve("out")));
        assertFalse(Files.exists(DirectoryLock.lockFile(reports)), "the last run removes the lock file");
    }

    @Test
    void aRunThatCannotGetTheLockFailsCleanlyBeforeTouchingAnything() throws IOException {
        GateResult pass = ReportFixtures.pass(Files.createDirectories(dir.resolve("p")));
        Path reports = dir.resolve("out/aigate");
        ReportWriter.writeAll(pass, reports);
        byte[] before = Files.readAllBytes(reports.resolve(JsonReport.FILE_NAME));
        long wait = DirectoryLock.waitMillis;
        DirectoryLock.waitMillis = 0;
        try (FileChannel channel = FileChannel.open(DirectoryLock.lockFile(reports), StandardOpenOption.CREATE,
                StandardOpenOption.WRITE);
                FileLock held = channel.lock()) {
            IOException e = assertThrows(IOException.class, () -> ReportWriter.writeAll(
                    ReportFixtures.fail(Files.createDirectories(dir.resolve("q"))), reports));
            assertTrue(e.getMessage().contains("another aigate run"), e.getMessage());
            assertTrue(e.getMessage().contains(".aigate.lock"), e.getMessage());
        } finally {
            DirectoryLock.waitMillis = wait;
        }
        assertEquals(new String(before), Files.readString(reports.resolve(JsonReport.FILE_NAME)));
        assertEquals(List.of(), leftovers(dir.resolve("out")));
    }

    @Test
    void aLockFileThatIsNotARegularFileIsRefused() throws Exception {
        Path reports = dir.resolve("out/aigate");
        Files.createDirectories(dir.resolve("out"));
        Files.createSymbolicLink(DirectoryLock.lockFile(reports), dir.resolve("elsewhere.lock"));
        IOException e = assertThrows(IOException.class, () -> ReportWriter.writeAll(
                ReportFixtures.pass(Files.createDirectories(dir.resolve("p"))), reports));
        assertTrue(e.getMessage().contains("not a regular file"), e.getMessage());
        assertFalse(Files.exists(dir.resolve("elsewhere.lock")));
    }
}
