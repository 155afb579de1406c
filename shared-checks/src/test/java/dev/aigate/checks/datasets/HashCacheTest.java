package dev.aigate.checks.datasets;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.aigate.core.CheckResult;
import dev.aigate.core.Gate;
import dev.aigate.core.GateRequest;
import dev.aigate.core.GateResult;
import dev.aigate.core.Verdict;
import dev.aigate.core.spi.CheckRegistry;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.FileTime;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Incremental re-verification: unchanged files come from the cache, any change of device, inode, size or times
 * makes the file hashed again, and a cache that does not belong to the lock is ignored.
 */
class HashCacheTest {
    private static final int FILES = 30;
    private static final String POLICY = "version: 1\n"
            + "datasets:\n"
            + "  cache: cache/datasets-cache.json\n"
            + "  sets:\n"
            + "    - name: train\n"
            + "      path: data/train\n";

    @TempDir
    Path dir;
    Path policy;
    Path data;
    Path cache;
    /** Later than the files' times by more than the settling time, as on an agent that verifies data from earlier. */
    Clock later = Clock.offset(Clock.systemUTC(), Duration.ofMinutes(5));

    @BeforeEach
    void createDataset() throws IOException {
        data = Files.createDirectories(dir.resolve("data/train"));
        for (int i = 0; i < FILES; i++) {
            Files.writeString(data.resolve("part-" + i + ".csv"), "id,label\n" + i + ",cat\n");
        }
        policy = dir.resolve("aigate.yml");
        Files.writeString(policy, POLICY);
        cache = dir.resolve("cache/datasets-cache.json");
        Locks.lock(policy, 1, null);
    }

    private GateResult verify() {
        return new Gate(CheckRegistry.load(), later, null).run(new GateRequest(policy, Set.of(), Set.of(), null, 1,
                Map.of(), null));
    }

    private static CheckResult datasets(GateResult result) {
        return result.checks().stream().filter(c -> c.checkId().equals(DatasetsCheck.ID)).findFirst().orElseThrow();
    }

    private static long hits(GateResult result) {
        return (Long) datasets(result).metrics().get("cacheHits");
    }

    @Test
    void unchangedFilesAreNotHashedAgain() {
        GateResult first = verify();
        assertEquals(Verdict.PASS, first.verdict(), () -> String.valueOf(first.errors()));
        assertEquals(0, hits(first));
        assertEquals((long) FILES, datasets(first).metrics().get("cacheStored"));
        assertTrue(Files.isRegularFile(cache));
        GateResult second = verify();
        assertEquals(Verdict.PASS, second.verdict());
        assertEquals(FILES, hits(second));
        // The report still lists every file with its digest, from the cache.
        assertEquals(datasets(first).inputs(), datasets(second).inputs());
    }

    @Test
    void aCacheThatWouldBeWrittenTheSameIsLeftAsItIs() throws IOException {
        verify();
        Object written = Files.readAttributes(cache, java.nio.file.attribute.BasicFileAttributes.class).fileKey();
        String text = Files.readString(cache);
        GateResult unchanged = verify();
        assertEquals(FILES, hits(unchanged));
        assertEquals((long) FILES, datasets(unchanged).metrics().get("cacheStored"));
        assertEquals(text, Files.readString(cache));
        if (written != null) { // not replaced by a new file
            assertEquals(written, Files.readAttributes(cache, java.nio.file.attribute.BasicFileAttributes.class)
                    .fileKey());
        }
        Files.delete(data.resolve("part-7.csv"));
        GateResult removed = verify();
        assertEquals((long) FILES - 1, datasets(removed).metrics().get("cacheStored"));
        assertFalse(Files.readString(cache).contains("part-7.csv"), "a cache that changes is written");
    }

    @Test
    void anEditThatKeepsSizeAndModificationTimeIsCaughtByTheChangeTime() throws IOException {
        verify();
        Path file = data.resolve("part-7.csv");
        String before = Files.readString(file);
        FileTime modified = Files.getLastModifiedTime(file);
        waitForTheChangeTimeToMoveOn(file);
        Files.writeString(file, before.replace("cat", "dog"));
        Files.setLastModifiedTime(file, modified);
        assertEquals(before.length(), Files.size(file));
        assertEquals(modified, Files.getLastModifiedTime(file));

        GateResult result = verify();
        assertEquals(Verdict.FAIL, result.verdict());
        assertEquals(List.of("datasets/file-modified"), datasets(result).findings().stream().map(f -> f.ruleId())
                .toList());
        assertTrue(datasets(result).findings().get(0).message().contains("part-7.csv"));
        assertEquals(FILES - 1, hits(result));
    }

    /** The file system's clock ticks coarsely; an edit in the same tick would keep the change time (not what we test). */
    private void waitForTheChangeTimeToMoveOn(Path file) throws IOException {
        Object changed = Files.getAttribute(file, "unix:ctime");
        Path probe = dir.resolve("probe");
        do {
            Files.writeString(probe, "x");
        } while (Files.getAttribute(probe, "unix:ctime").equals(changed));
    }

    @Test
    void aReplacedFileWithTheSameTimesIsHashedAgain() throws IOException {
        verify();
        Path file = data.resolve("part-3.csv");
        FileTime modified = Files.getLastModifiedTime(file);
        Path replacement = dir.resolve("replacement");
        Files.writeString(replacement, Files.readString(file).replace("cat", "cow"));
        Files.setLastModifiedTime(replacement, modified);
        Files.move(replacement, file, java.nio.file.StandardCopyOption.REPLACE_EXISTING);
        GateResult result = verify();
        assertEquals(Verdict.FAIL, result.verdict());
        assertEquals(FILES - 1, hits(result));
    }

    @Test
    void aCacheOfAnotherLockIsIgnored() throws IOException {
        verify();
        Files.writeString(data.resolve("part-0.csv"), "id,label\n0,owl\n");
        Locks.lock(policy, 1, null);
        GateResult result = verify();
        assertEquals(Verdict.PASS, result.verdict());
        assertEquals(0, hits(result));
        assertEquals("written against another lock file", datasets(result).metrics().get("cacheIgnored"));
        assertEquals(FILES, hits(verify()));
    }

    @Test
    void aMalformedOrTamperedCacheIsIgnored() throws IOException {
        verify();
        String text = Files.readString(cache);
        for (String broken : List.of("", "{", "[]", text.replace("\"entries\"", "\"entriez\""),
                text.replaceFirst("\"sha256\":\"[0-9a-f]{64}\"", "\"sha256\":\"00\""),
                text.replaceFirst("\"formatVersion\":1", "\"formatVersion\":2"), text + "{}")) {
            Files.writeString(cache, broken);
            GateResult result = verify();
            assertEquals(Verdict.PASS, result.verdict());
            assertEquals(0, hits(result), broken);
            assertFalse(String.valueOf(datasets(result).metrics().get("cacheIgnored")).isEmpty());
        }
    }

    @Test
    void aCachedDigestThatWasEditedIsTrustedOnlyOnItsAgent() throws IOException {
        // The cache is the agent's own memory: an edited entry gives the edited digest, which then fails.
        verify();
        String text = Files.readString(cache);
        Files.writeString(cache, text.replaceFirst("\"sha256\":\"[0-9a-f]{64}\"", "\"sha256\":\"" + "a".repeat(64)
                + "\""));
        GateResult result = verify();
        assertEquals(Verdict.FAIL, result.verdict());
        assertEquals(FILES, hits(result));
    }

    @Test
    void filesChangedJustBeforeHashingAreNotCached() {
        GateResult result = new Gate(CheckRegistry.load(), Clock.systemUTC(), null).run(new GateRequest(policy,
                Set.of(), Set.of(), null, 1, Map.of(), null));
        assertEquals(Verdict.PASS, result.verdict());
        assertEquals(0L, datasets(result).metrics().get("cacheStored"));
    }

    @Test
    void aCacheInsideADatasetIsAnError() throws IOException {
        Files.writeString(policy, POLICY.replace("cache/datasets-cache.json", "data/train/cache.json"));
        GateResult result = verify();
        assertEquals(Verdict.ERROR, result.verdict());
        assertTrue(datasets(result).error().contains("lies inside dataset 'train'"), datasets(result).error());
    }

    @Test
    void writingTheCacheLeavesNoTemporaryFile() throws IOException {
        verify();
        try (var files = Files.list(cache.getParent())) {
            assertEquals(List.of(cache), files.toList());
        }
    }
}
