package dev.aigate.checks.datasets;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeFalse;

import dev.aigate.core.CheckResult;
import dev.aigate.core.CheckStatus;
import dev.aigate.core.Finding;
import dev.aigate.core.Gate;
import dev.aigate.core.GateRequest;
import dev.aigate.core.GateResult;
import dev.aigate.core.InputDigest;
import dev.aigate.core.InputException;
import dev.aigate.core.PolicyException;
import dev.aigate.core.Severity;
import dev.aigate.core.Verdict;
import dev.aigate.core.io.Digests;
import dev.aigate.core.spi.CheckRegistry;
import dev.aigate.report.ReportSchemaAssert;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.FileTime;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.stream.Stream;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** The dataset check end to end: lock with {@link DatasetLocking}, then verify with a {@link Gate}. */
class DatasetsCheckTest {
    static final Clock CLOCK = Clock.fixed(Instant.parse("2026-03-01T10:00:00Z"), ZoneOffset.UTC);
    static final String POLICY = "version: 1\n"
            + "datasets:\n"
            + "  sets:\n"
            + "    - name: train\n"
            + "      path: data/train\n";

    @TempDir
    Path dir;
    Path policy;
    Path data;
    Path lock;

    @BeforeEach
    void createDataset() throws IOException {
        data = dir.resolve("data/train");
        Files.createDirectories(data.resolve("sub"));
        Files.writeString(data.resolve("a.csv"), "id,label\n1,cat\n2,dog\n");
        Files.writeString(data.resolve("b.csv"), "id,label\n3,cat\n");
        Files.writeString(data.resolve("sub/c.csv"), "id,label\n4,bird\n");
        policy = writePolicy(POLICY);
        lock = dir.resolve(DatasetsConfig.DEFAULT_LOCK_FILE);
    }

    private Path writePolicy(String yaml) throws IOException {
        Path file = dir.resolve("aigate.yml");
        Files.writeString(file, yaml);
        return file;
    }

    private DatasetLocking.Summary lock() {
        return Locks.lock(policy, 1, null);
    }

    private GateResult verify() {
        return verify(1);
    }

    private GateResult verify(int threads) {
        GateRequest request = new GateRequest(policy, Set.of(), Set.of(), null, threads, Map.of(), null);
        GateResult result = new Gate(CheckRegistry.load(), CLOCK, null).run(request);
        ReportSchemaAssert.assertValid(result);
        return result;
    }

    private static CheckResult datasets(GateResult result) {
        return result.checks().stream().filter(c -> c.checkId().equals(DatasetsCheck.ID)).findFirst().orElseThrow();
    }

    private static List<Finding> findings(GateResult result, String ruleId) {
        return datasets(result).findings().stream().filter(f -> f.ruleId().equals(ruleId)).toList();
    }

    private static String sha(String content) {
        return Digests.sha256Hex(content.getBytes(StandardCharsets.UTF_8));
    }

    private void assertErrorNaming(GateResult result, Path file, String... fragments) {
        assertEquals(Verdict.ERROR, result.verdict(), () -> String.valueOf(result.errors()));
        assertEquals(CheckStatus.ERROR, datasets(result).status());
        String error = datasets(result).error();
        assertTrue(error.startsWith(file.toString()), () -> "expected '" + file + "' in: " + error);
        for (String fragment : fragments) {
            assertTrue(error.contains(fragment), () -> "expected '" + fragment + "' in: " + error);
        }
    }

    @Test
    void unchangedDatasetPasses() throws IOException {
        DatasetLocking.Summary summary = lock();
        assertEquals(lock, summary.lockFile());
        assertEquals(3, summary.files());
        assertEquals(Files.size(data.resolve("a.csv")) + Files.size(data.resolve("b.csv"))
                + Files.size(data.resolve("sub/c.csv")), summary.bytes());
        assertEquals(List.of(), summary.datasets().get(0).missingProvenance());

        GateResult result = verify();
        assertEquals(Verdict.PASS, result.verdict(), () -> String.valueOf(result.errors()));
        CheckResult check = datasets(result);
        assertEquals(CheckStatus.PASSED, check.status());
        assertTrue(check.findings().isEmpty());
        assertEquals(List.of("aigate-datasets.lock.json", "data/train/a.csv", "data/train/b.csv",
                "data/train/sub/c.csv"), check.inputs().stream().map(InputDigest::path).toList());
        assertEquals(sha("id,label\n3,cat\n"), check.inputs().get(2).sha256());

        @SuppressWarnings("unchecked")
        Map<String, Object> metrics = ((List<Map<String, Object>>) check.metrics().get("datasets")).get(0);
        assertEquals(Boolean.TRUE, metrics.get("unchanged"));
        assertEquals(summary.datasets().get(0).digest(), metrics.get("lockedDigest"));
        assertEquals(metrics.get("lockedDigest"), metrics.get("actualDigest"));
        assertEquals(3L, check.metrics().get("files"));
    }

    @Test
    void modifiedFileFailsWithExpectedAndActualDigestAndSize() throws IOException {
        lock();
        String before = Files.readString(data.resolve("b.csv"));
        String after = "id,label\n3,dog\n"; // same size: only the digest tells
        String longer = "id,label\n1,cat\n2,cat\n"; // one byte longer than a.csv was
        String beforeA = Files.readString(data.resolve("a.csv"));
        Files.writeString(data.resolve("b.csv"), after);
        Files.writeString(data.resolve("a.csv"), longer + "\n");

        GateResult result = verify();
        assertEquals(Verdict.FAIL, result.verdict());
        List<Finding> modified = findings(result, "datasets/file-modified");
        assertEquals(2, modified.size());
        Finding b = modified.get(1);
        assertEquals("data/train/b.csv", b.subject());
        assertEquals(Severity.HIGH, b.severity());
        assertEquals("sha256 " + sha(before) + ", " + before.length() + " bytes", b.expected());
        assertEquals("sha256 " + sha(after) + ", " + after.length() + " bytes", b.actual());
        assertTrue(b.message().startsWith("data/train/b.csv: "), b.message());
        assertTrue(b.message().contains(sha(before)) && b.message().contains(sha(after)), b.message());
        assertTrue(b.remediation().contains("re-lock"));

        Finding a = modified.get(0);
        assertEquals("data/train/a.csv", a.subject());
        assertTrue(a.message().contains("size " + beforeA.length() + " -> " + (longer.length() + 1) + " bytes"),
                a.message());
        assertEquals(2, result.failingViolations().size());
    }

    @Test
    void addedFileFails() throws IOException {
        lock();
        Files.writeString(data.resolve("sub/new.csv"), "id,label\n9,fish\n");
        GateResult result = verify();
        assertEquals(Verdict.FAIL, result.verdict());
        Finding added = findings(result, "datasets/file-added").get(0);
        assertEquals("data/train/sub/new.csv", added.subject());
        assertEquals("not in the dataset", added.expected());
        assertTrue(added.actual().contains(sha("id,label\n9,fish\n")), added.actual());
        assertEquals(1, datasets(result).findings().size());
    }

    @Test
    void removedFileFails() throws IOException {
        lock();
        String content = Files.readString(data.resolve("sub/c.csv"));
        Files.delete(data.resolve("sub/c.csv"));
        GateResult result = verify();
        assertEquals(Verdict.FAIL, result.verdict());
        Finding removed = findings(result, "datasets/file-removed").get(0);
        assertEquals("data/train/sub/c.csv", removed.subject());
        assertEquals("sha256 " + sha(content) + ", " + content.length() + " bytes", removed.expected());
        assertEquals("missing", removed.actual());
    }

    @Test
    void everyChangedFileIsNamed() throws IOException {
        lock();
        Files.writeString(data.resolve("a.csv"), "tampered\n");
        Files.writeString(data.resolve("sub/c.csv"), "tampered too\n");
        Files.delete(data.resolve("b.csv"));
        Files.writeString(data.resolve("d.csv"), "new\n");
        Files.writeString(data.resolve("sub/e.csv"), "new\n");

        GateResult result = verify();
        assertEquals(Verdict.FAIL, result.verdict());
        assertEquals(List.of("data/train/a.csv", "data/train/sub/c.csv"),
                findings(result, "datasets/file-modified").stream().map(Finding::subject).toList());
        assertEquals(List.of("data/train/d.csv", "data/train/sub/e.csv"),
                findings(result, "datasets/file-added").stream().map(Finding::subject).toList());
        assertEquals(List.of("data/train/b.csv"),
                findings(result, "datasets/file-removed").stream().map(Finding::subject).toList());
        assertEquals(5, datasets(result).findings().size());

        @SuppressWarnings("unchecked")
        Map<String, Object> metrics = ((List<Map<String, Object>>) datasets(result).metrics().get("datasets")).get(0);
        assertEquals(Boolean.FALSE, metrics.get("unchanged"));
        assertEquals(List.of("data/train/b.csv"), metrics.get("removed"));
    }

    @Test
    void excludedFilesAreIgnored() throws IOException {
        policy = writePolicy(POLICY + "      exclude: ['**/*.tmp']\n");
        lock();
        Files.writeString(data.resolve("scratch.tmp"), "x");
        Files.writeString(data.resolve("sub/more.tmp"), "x");
        assertEquals(Verdict.PASS, verify().verdict());
    }

    @Test
    void includeSelectsFiles() throws IOException {
        policy = writePolicy(POLICY + "      include: ['*.csv']\n");
        assertEquals(2, lock().files(), "'*.csv' selects only top-level files");
        Files.writeString(data.resolve("sub/c.csv"), "changed but not selected\n");
        assertEquals(Verdict.PASS, verify().verdict());
    }

    @Test
    void missingLockFileIsAnErrorNamingIt() {
        GateResult result = verify();
        assertErrorNaming(result, lock, "not found");
        assertTrue(result.errors().get(0).contains(lock.toString()));
    }

    @Test
    void truncatedLockFileIsAnError() throws IOException {
        lock();
        byte[] bytes = Files.readAllBytes(lock);
        Files.write(lock, java.util.Arrays.copyOf(bytes, bytes.length / 2));
        assertErrorNaming(verify(), lock, "truncated");
    }

    @Test
    void malformedLockFileIsAnError() throws IOException {
        lock();
        Files.writeString(lock, "{\"format\": \"aigate-dataset-lock\", \"formatVersion\": }\n");
        assertErrorNaming(verify(), lock, "malformed");
    }

    @Test
    void unknownFieldInLockFileIsAnError() throws IOException {
        lock();
        String json = Files.readString(lock).replaceFirst("\\{", "{\"signedBy\": \"mallory\",");
        Files.writeString(lock, json);
        assertErrorNaming(verify(), lock, "unknown field 'signedBy'");
    }

    @Test
    void newerLockFormatIsAnError() throws IOException {
        lock();
        Files.writeString(lock, Files.readString(lock).replace("\"formatVersion\" : 1", "\"formatVersion\" : 3"));
        assertErrorNaming(verify(), lock, "format version 3", "newer aigate");
    }

    @ParameterizedTest
    @ValueSource(strings = {"../outside.csv", "/etc/passwd", "sub/../../x.csv", "C:/x.csv"})
    void lockEntryLeavingTheDatasetIsAnError(String path) throws IOException {
        lock();
        DatasetLock locked = LockFileIO.read(lock);
        DatasetLock.Entry entry = locked.datasets().get(0);
        List<DatasetLock.FileRecord> files = new ArrayList<>(entry.files());
        files.add(new DatasetLock.FileRecord(path, 1, sha("x")));
        long bytes = files.stream().mapToLong(DatasetLock.FileRecord::size).sum();
        // A consistent digest, so that only the path check can reject the entry.
        DatasetLock.Entry evil = new DatasetLock.Entry(entry.name(), entry.path(), entry.include(), entry.exclude(),
                entry.provenance(), files.size(), bytes, DatasetDigest.of(files), files);
        LockFileIO.write(lock, new DatasetLock(1, locked.tool(), List.of(evil)));
        assertErrorNaming(verify(), lock, "'" + path + "'", "outside the dataset root");
    }

    @Test
    void editedLockDigestIsAnError() throws IOException {
        lock();
        String json = Files.readString(lock);
        String oldSha = sha(Files.readString(data.resolve("a.csv")));
        Files.writeString(lock, json.replace(oldSha, sha("something else")));
        assertErrorNaming(verify(), lock, "digest does not match");
    }

    @Test
    void includeOrExcludeLeavingTheDatasetIsAPolicyError() throws IOException {
        policy = writePolicy(POLICY + "      include: ['../../**']\n");
        PolicyException e = assertThrows(PolicyException.class, this::lock);
        assertTrue(e.getMessage().startsWith(policy + ":4: "), e.getMessage());
        assertTrue(e.getMessage().contains("'../../**'"), e.getMessage());
        assertFalse(Files.exists(lock));

        policy = writePolicy(POLICY + "      exclude: ['sub/../../..']\n");
        GateResult result = verify();
        assertEquals(Verdict.ERROR, result.verdict());
        assertTrue(result.error().startsWith(policy + ":4: "), result.error());
    }

    private static void symlink(Path link, Path target) throws IOException {
        assumeFalse(System.getProperty("os.name").toLowerCase(Locale.ROOT).startsWith("windows"),
                "symbolic links need privileges on Windows");
        Files.createSymbolicLink(link, target);
    }

    @Test
    void symlinkLeavingTheDatasetIsAnErrorNamingTheLink() throws IOException {
        lock();
        Path secret = dir.resolve("secret.txt");
        Files.writeString(secret, "not training data");
        Path link = data.resolve("sub/link.csv");
        symlink(link, secret);
        assertErrorNaming(verify(), link, "symbolic link leaves the dataset directory");

        InputException e = assertThrows(InputException.class, this::lock);
        assertTrue(e.getMessage().startsWith(link.toString()), e.getMessage());
    }

    @Test
    void symlinkedDirectoryLeavingTheDatasetIsAnError() throws IOException {
        lock();
        Path outside = Files.createDirectories(dir.resolve("elsewhere"));
        Files.writeString(outside.resolve("x.csv"), "x");
        Path link = data.resolve("more");
        symlink(link, outside);
        assertErrorNaming(verify(), link, "leaves the dataset directory");
    }

    @Test
    void relativeSymlinkEscapingWithDotDotIsAnError() throws IOException {
        lock();
        Files.writeString(dir.resolve("data/other.csv"), "x");
        Path link = data.resolve("sneaky.csv");
        symlink(link, Path.of("../other.csv"));
        assertErrorNaming(verify(), link, "leaves the dataset directory");
    }

    @Test
    void symlinkStayingInsideIsFine() throws IOException {
        symlink(data.resolve("alias.csv"), Path.of("sub/c.csv"));
        symlink(data.resolve("mirror"), data.resolve("sub"));
        assertEquals(5, lock().files());
        GateResult result = verify();
        assertEquals(Verdict.PASS, result.verdict(), () -> String.valueOf(result.errors()));
        Files.writeString(data.resolve("sub/c.csv"), "changed through every name\n");
        assertEquals(List.of("data/train/alias.csv", "data/train/mirror/c.csv", "data/train/sub/c.csv"),
                findings(verify(), "datasets/file-modified").stream().map(Finding::subject).toList());
    }

    @Test
    void brokenSymlinkIsAnError() throws IOException {
        lock();
        Path link = data.resolve("gone.csv");
        symlink(link, data.resolve("never-there.csv"));
        assertErrorNaming(verify(), link, "broken symbolic link");
    }

    @Test
    void symlinkLoopIsAnError() throws IOException {
        lock();
        symlink(data.resolve("sub/loop"), data);
        assertErrorNaming(verify(), data.resolve("sub/loop"), "loop");
    }

    @ParameterizedTest
    @ValueSource(strings = {"back\\slash.csv", "new\nline.csv"})
    void fileNameTheLockCannotRecordIsAnErrorNamingIt(String name) throws IOException {
        assumeFalse(System.getProperty("os.name").toLowerCase(Locale.ROOT).startsWith("windows"));
        Path odd = data.resolve(name);
        Files.writeString(odd, "x");
        InputException e = assertThrows(InputException.class, this::lock);
        assertTrue(e.getMessage().startsWith(odd.toString()), e.getMessage());
        assertFalse(Files.exists(lock), "no lock is written that could not be read back");

        Files.delete(odd);
        lock();
        Files.writeString(odd, "x");
        assertErrorNaming(verify(), odd, "cannot be recorded");
    }

    @Test
    void fileNameWithALineBreakIsNotSilentlyLeftOut() throws IOException {
        assumeFalse(System.getProperty("os.name").toLowerCase(Locale.ROOT).startsWith("windows"));
        lock();
        // Java globs never match across a line break, so such a file would escape every include pattern.
        Files.writeString(data.resolve("poison\n.csv"), "x");
        assertEquals(Verdict.ERROR, verify().verdict());
        policy = writePolicy(POLICY + "      exclude: ['*.tmp']\n");
        assertEquals(Verdict.ERROR, verify().verdict());
    }

    @Test
    void missingDatasetDirectoryIsAnError() throws IOException {
        lock();
        Files.walk(data).sorted((x, y) -> y.compareTo(x)).forEach(p -> p.toFile().delete());
        assertErrorNaming(verify(), data, "not found");
    }

    @Test
    void datasetMissingFromTheLockIsAnError() throws IOException {
        lock();
        Files.createDirectories(dir.resolve("data/test"));
        policy = writePolicy(POLICY + "    - name: test\n      path: data/test\n");
        assertErrorNaming(verify(), lock, "dataset 'test' is not in the lock file");
    }

    @Test
    void lockEntryForADatasetThePolicyDropsIsStale() throws IOException {
        Files.createDirectories(dir.resolve("data/test"));
        Files.writeString(dir.resolve("data/test/t.csv"), "t");
        policy = writePolicy(POLICY + "    - name: test\n      path: data/test\n");
        lock();
        policy = writePolicy(POLICY);
        GateResult result = verify();
        assertEquals(Verdict.WARN, result.verdict());
        Finding stale = findings(result, "datasets/stale-lock-entry").get(0);
        assertEquals(Severity.LOW, stale.severity());
        assertTrue(stale.message().contains("'test'"), stale.message());
    }

    @Test
    void changedSelectionIsReported() throws IOException {
        lock();
        policy = writePolicy(POLICY + "      exclude: ['sub/**']\n");
        GateResult result = verify();
        Finding selection = findings(result, "datasets/selection-changed").get(0);
        assertEquals("data/train", selection.subject());
        assertTrue(selection.message().contains("exclude [] -> [sub/**]"), selection.message());
        assertEquals(1, findings(result, "datasets/file-removed").size());
    }

    @Test
    void requiredProvenanceMissing() throws IOException {
        policy = writePolicy("version: 1\n"
                + "datasets:\n"
                + "  requireProvenance: [source, license, approver]\n"
                + "  sets:\n"
                + "    - name: train\n"
                + "      path: data/train\n"
                + "      provenance:\n"
                + "        source: https://example.org/digits\n"
                + "        license: '   '\n");
        assertEquals(List.of("license", "approver"), lock().datasets().get(0).missingProvenance());
        GateResult result = verify();
        assertEquals(Verdict.FAIL, result.verdict());
        List<Finding> missing = findings(result, "datasets/provenance-missing");
        assertEquals(2, missing.size());
        assertTrue(missing.get(0).message().contains("'license'"), missing.get(0).message());
        assertTrue(missing.get(1).message().contains("'approver'"), missing.get(1).message());
        assertEquals("data/train", missing.get(0).subject());
        assertEquals("missing", missing.get(0).actual());
        assertTrue(findings(result, "datasets/provenance-changed").isEmpty());
    }

    @Test
    void provenanceChangedInThePolicyAfterLocking() throws IOException {
        String locked = POLICY + "      provenance:\n        source: https://example.org/v1\n"
                + "        collected: 2025-06-01\n";
        policy = writePolicy(locked);
        lock();
        policy = writePolicy(locked.replace("/v1", "/v2"));
        GateResult result = verify();
        assertEquals(Verdict.WARN, result.verdict(), "provenance-changed is medium; the default failOn is high");
        Finding changed = findings(result, "datasets/provenance-changed").get(0);
        assertEquals(Severity.MEDIUM, changed.severity());
        assertTrue(changed.expected().contains("https://example.org/v1"), changed.expected());
        assertTrue(changed.actual().contains("https://example.org/v2"), changed.actual());
    }

    @Test
    void relockingUnchangedDataIsByteIdentical() throws IOException {
        policy = writePolicy(POLICY + "      provenance:\n        source: s\n        license: l\n"
                + "        collected: 2025-01-02\n        approver: a\n");
        lock();
        byte[] first = Files.readAllBytes(lock);
        lock();
        assertArrayEquals(first, Files.readAllBytes(lock));
        Locks.lock(policy, 4, null);
        assertArrayEquals(first, Files.readAllBytes(lock));
    }

    @Test
    void lockFileRecordsProvenanceInACanonicalOrder() throws IOException {
        policy = writePolicy(POLICY + "      provenance:\n        source: s\n        license: l\n"
                + "        collected: 2025-01-02\n        approver: a\n");
        lock();
        String json = Files.readString(lock);
        int approver = json.indexOf("\"approver\"");
        int collected = json.indexOf("\"collected\"");
        int license = json.indexOf("\"license\"");
        int source = json.indexOf("\"source\"");
        assertTrue(source < license && license < collected && collected < approver,
                "provenance fields must come in the documented order so the lock is the same on every run:\n"
                        + json);
    }

    @Test
    void verifyNeverWritesTheLock() throws IOException {
        lock();
        byte[] before = Files.readAllBytes(lock);
        FileTime old = FileTime.fromMillis(1_000_000_000_000L);
        Files.setLastModifiedTime(lock, old);
        Files.writeString(data.resolve("a.csv"), "tampered\n");
        Files.writeString(data.resolve("z.csv"), "new\n");
        List<Path> listing;
        try (Stream<Path> files = Files.list(dir)) {
            listing = files.sorted().toList();
        }

        assertEquals(Verdict.FAIL, verify().verdict());
        assertArrayEquals(before, Files.readAllBytes(lock));
        assertEquals(old, Files.getLastModifiedTime(lock));
        try (Stream<Path> files = Files.list(dir)) {
            assertEquals(listing, files.sorted().toList(), "verification leaves no files behind");
        }
    }

    @Test
    void lockFileInsideTheDatasetIsNotPartOfIt() throws IOException {
        policy = writePolicy("version: 1\ndatasets:\n  lockFile: data/train/dataset.lock.json\n  sets:\n"
                + "    - name: train\n      path: data/train\n");
        assertEquals(3, lock().files());
        assertTrue(Files.exists(data.resolve("dataset.lock.json")));
        assertEquals(3, lock().files(), "re-locking does not pick up the lock itself");
        GateResult result = verify();
        assertEquals(Verdict.PASS, result.verdict(), () -> String.valueOf(result.errors()));
    }

    @Test
    void disabledCheckLocksNothingToVerify() throws IOException {
        lock();
        policy = writePolicy(POLICY.replace("datasets:\n", "datasets:\n  enabled: false\n"));
        Files.writeString(data.resolve("a.csv"), "tampered\n");
        GateResult result = verify();
        assertEquals(CheckStatus.SKIPPED, datasets(result).status());
        assertEquals(Verdict.ERROR, result.verdict(), "a run in which no check runs cannot pass");
    }

    @Test
    void policyWithoutDatasetsCannotBeLocked() throws IOException {
        policy = writePolicy("version: 1\n");
        PolicyException e = assertThrows(PolicyException.class, () -> dev.aigate.core.ActionRunner
                .withInstalledChecks(null).run("datasets", "lock", policy, Map.of()));
        assertEquals(policy + ": the policy has no 'datasets' section, which 'datasets lock' needs", e.getMessage());
    }

    @Test
    void manyFilesGiveTheSameResultOnOneOrFourThreads() throws IOException {
        Path many = data.resolve("many");
        Files.createDirectories(many);
        for (int i = 0; i < 300; i++) {
            byte[] content = new byte[(i * 7919) % 20_000];
            for (int j = 0; j < content.length; j++) {
                content[j] = (byte) (i * 31 + j);
            }
            Files.write(many.resolve(String.format(Locale.ROOT, "part-%03d.bin", i)), content);
        }
        assertEquals(303, Locks.lock(policy, 1, null).files());
        byte[] lockedOnOne = Files.readAllBytes(lock);
        Locks.lock(policy, 4, null);
        assertArrayEquals(lockedOnOne, Files.readAllBytes(lock));

        for (int i = 0; i < 300; i += 29) {
            Files.writeString(many.resolve(String.format(Locale.ROOT, "part-%03d.bin", i)), "changed " + i);
        }
        Files.delete(many.resolve("part-100.bin"));
        Files.writeString(many.resolve("part-999.bin"), "added");

        GateResult one = verify(1);
        GateResult four = verify(4);
        assertEquals(Verdict.FAIL, one.verdict());
        assertEquals(datasets(one).findings(), datasets(four).findings());
        assertEquals(datasets(one).inputs(), datasets(four).inputs());
        assertEquals(11, findings(one, "datasets/file-modified").size());
        assertEquals(1, findings(one, "datasets/file-removed").size());
        assertEquals(1, findings(one, "datasets/file-added").size());
    }

    @Test
    void progressIsReported() {
        List<String> tasks = new java.util.concurrent.CopyOnWriteArrayList<>();
        long[] last = new long[2];
        Locks.lock(policy, 2, (task, done, total, bytesDone, bytesTotal) -> {
            tasks.add(task);
            synchronized (last) {
                last[0] = Math.max(last[0], done);
                last[1] = total;
            }
        });
        assertEquals("hashing dataset 'train'", tasks.get(0));
        assertEquals(3, last[0]);
        assertEquals(3, last[1]);
    }
}
