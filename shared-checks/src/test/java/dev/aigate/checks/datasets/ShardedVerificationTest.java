package dev.aigate.checks.datasets;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.aigate.core.ActionRunner;
import dev.aigate.core.CheckResult;
import dev.aigate.core.CheckStatus;
import dev.aigate.core.Finding;
import dev.aigate.core.Gate;
import dev.aigate.core.GateRequest;
import dev.aigate.core.GateResult;
import dev.aigate.core.Verdict;
import dev.aigate.core.spi.CheckRegistry;
import dev.aigate.report.ReportSchemaAssert;
import java.io.IOException;
import java.io.RandomAccessFile;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.Set;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Sharded verification end to end through the action runner: lock with chunks, run every shard, merge; a change
 * anywhere is found as by a whole verification, and partial results that do not belong together are an ERROR.
 */
class ShardedVerificationTest {
    private static final int SHARDS = 4;
    private static final String POLICY = "version: 1\n"
            + "datasets:\n"
            + "  chunkBytes: 4096\n"
            + "  sets:\n"
            + "    - name: train\n"
            + "      path: data/train\n"
            + "    - name: test\n"
            + "      path: data/test\n";

    @TempDir
    Path dir;
    Path policy;
    Path partials;
    Path huge;

    @BeforeEach
    void createDatasets() throws IOException {
        Random random = new Random(7);
        Path train = Files.createDirectories(dir.resolve("data/train"));
        byte[] bytes = new byte[50_000];
        random.nextBytes(bytes);
        huge = train.resolve("huge.bin");
        Files.write(huge, bytes);
        for (int i = 0; i < 20; i++) {
            byte[] small = new byte[100 + random.nextInt(3000)];
            random.nextBytes(small);
            Files.write(Files.createDirectories(train.resolve("small")).resolve("part-" + i + ".bin"), small);
        }
        Files.writeString(Files.createDirectories(dir.resolve("data/test")).resolve("test.csv"), "id,label\n1,a\n");
        policy = dir.resolve("aigate.yml");
        Files.writeString(policy, POLICY);
        partials = dir.resolve("partials");
        Locks.lock(policy, 1, null);
    }

    private ActionRunner runner() {
        return new ActionRunner(new Gate(CheckRegistry.load(), DatasetsCheckTest.CLOCK, null), Map.of());
    }

    private void shard(int index, int count) {
        ActionRunner.Outcome outcome = runner().run("datasets", "verify-shard", policy, Map.of("shard",
                List.of(index + "/" + count), "partials", List.of(partials.toString())));
        assertEquals(List.of(partials.resolve("datasets-shard-" + index + "-of-" + count + ".json")),
                outcome.result().written());
    }

    private void allShards() {
        for (int k = 1; k <= SHARDS; k++) {
            shard(k, SHARDS);
        }
    }

    private GateResult merge() {
        GateResult result = runner().run(new ActionRunner.Request("datasets", "merge", new GateRequest(policy,
                Set.of(), Set.of(), null, 1, Map.of(), null), Map.of("partials", List.of(partials.toString()))))
                .judged();
        assertNotNull(result);
        ReportSchemaAssert.assertValid(result);
        return result;
    }

    private GateResult wholeVerification() {
        return new Gate(CheckRegistry.load(), DatasetsCheckTest.CLOCK, null).run(new GateRequest(policy, Set.of(),
                Set.of(), null, 1, Map.of(), null));
    }

    private static CheckResult datasets(GateResult result) {
        return result.checks().stream().filter(c -> c.checkId().equals(DatasetsCheck.ID)).findFirst().orElseThrow();
    }

    private static List<String> findings(GateResult result) {
        return datasets(result).findings().stream().map(f -> f.ruleId() + " " + f.subject()).sorted().toList();
    }

    private static void assertError(GateResult result, Path file, String... fragments) {
        assertEquals(Verdict.ERROR, result.verdict(), () -> String.valueOf(result.errors()));
        String error = datasets(result).error();
        assertTrue(error.startsWith(file.toString()), () -> "expected '" + file + "' in: " + error);
        for (String fragment : fragments) {
            assertTrue(error.contains(fragment), () -> "expected '" + fragment + "' in: " + error);
        }
    }

    @Test
    void theLockRecordsChunkDigestsOfLargeFilesOnly() {
        DatasetLock lock = LockFileIO.read(dir.resolve(DatasetsConfig.DEFAULT_LOCK_FILE));
        DatasetLock.FileRecord large = lock.find("train").files().stream()
                .filter(f -> f.path().equals("huge.bin")).findFirst().orElseThrow();
        assertEquals(13, large.chunks().sha256().size());
        assertEquals(4096, large.chunks().bytes());
        assertTrue(lock.find("train").files().stream().filter(f -> !f.path().equals("huge.bin"))
                .allMatch(f -> f.chunks() == null));
        assertEquals(DatasetLock.FORMAT_VERSION, lock.formatVersion());
    }

    @Test
    void unchangedDataMergesToPassWithOneReport() {
        allShards();
        GateResult merged = merge();
        assertEquals(Verdict.PASS, merged.verdict(), () -> String.valueOf(findings(merged)));
        CheckResult check = datasets(merged);
        assertEquals(CheckStatus.PASSED, check.status());
        assertEquals((long) SHARDS, check.metrics().get("shards"));
        assertEquals(22L, check.metrics().get("files"));
        // The merged report judges the same files as a whole verification, with the same digests.
        assertEquals(datasets(wholeVerification()).inputs().stream().filter(i -> i.kind().equals("dataset-file"))
                .toList(), check.inputs().stream().filter(i -> i.kind().equals("dataset-file")).toList());
    }

    @Test
    void aChangedChunkOfALargeFileIsNamedWithItsByteRange() throws IOException {
        try (RandomAccessFile file = new RandomAccessFile(huge.toFile(), "rw")) {
            file.seek(4096 * 5 + 10);
            int old = file.read();
            file.seek(4096 * 5 + 10);
            file.write(old ^ 1);
        }
        allShards();
        GateResult merged = merge();
        assertEquals(Verdict.FAIL, merged.verdict());
        assertEquals(List.of("datasets/file-modified data/train/huge.bin"), findings(merged));
        Finding finding = datasets(merged).findings().get(0);
        assertTrue(finding.message().contains("chunk 5 (bytes 20480-24575)"), finding.message());
    }

    @Test
    void modifiedAddedAndRemovedFilesAreFoundAsByAWholeVerification() throws IOException {
        Files.writeString(dir.resolve("data/train/small/part-3.bin"), "changed");
        Files.delete(dir.resolve("data/train/small/part-4.bin"));
        Files.writeString(dir.resolve("data/test/extra.csv"), "id\n");
        Files.write(huge, new byte[100]);
        allShards();
        GateResult merged = merge();
        assertEquals(Verdict.FAIL, merged.verdict());
        List<String> expected = List.of("datasets/file-added data/test/extra.csv",
                "datasets/file-modified data/train/huge.bin", "datasets/file-modified data/train/small/part-3.bin",
                "datasets/file-removed data/train/small/part-4.bin");
        assertEquals(expected, findings(merged));
        assertEquals(expected, findings(wholeVerification()));
    }

    @Test
    void aMissingShardIsAnError() {
        shard(1, SHARDS);
        shard(2, SHARDS);
        shard(4, SHARDS);
        assertError(merge(), partials, "shard 3 of 4 missing");
    }

    @Test
    void aDuplicatedShardIsAnError() throws IOException {
        allShards();
        Files.copy(partials.resolve("datasets-shard-2-of-4.json"), partials.resolve("datasets-shard-2-of-4-copy.json"));
        GateResult merged = merge();
        assertEquals(Verdict.ERROR, merged.verdict());
        assertTrue(datasets(merged).error().contains("shard 2/4 appears twice"), datasets(merged).error());
    }

    @Test
    void shardsOfDifferentSplitsAreAnError() {
        allShards();
        shard(1, 3);
        GateResult merged = merge();
        assertEquals(Verdict.ERROR, merged.verdict());
        assertTrue(datasets(merged).error().contains("different splits"), datasets(merged).error());
    }

    @Test
    void aShardRunAgainstAnotherLockIsAnError() throws IOException {
        shard(1, SHARDS);
        Files.writeString(dir.resolve("data/test/test.csv"), "id,label\n1,b\n");
        Locks.lock(policy, 1, null);
        for (int k = 2; k <= SHARDS; k++) {
            shard(k, SHARDS);
        }
        assertError(merge(), partials.resolve("datasets-shard-1-of-4.json"), "another lock file");
    }

    @Test
    void aShardRunWithAnotherPolicyIsAnError() throws IOException {
        allShards();
        Files.writeString(policy, POLICY + "failOn: critical\n");
        assertError(merge(), partials.resolve("datasets-shard-1-of-4.json"), "another policy");
    }

    @Test
    void aPartialThatCoversOtherFilesIsAnError() throws IOException {
        allShards();
        Path first = partials.resolve("datasets-shard-1-of-4.json");
        Path second = partials.resolve("datasets-shard-2-of-4.json");
        // Shard 1's file relabelled as shard 2, and shard 2 dropped: right count, wrong units.
        Files.writeString(second, Files.readString(first).replace("\"shard\" : 1,", "\"shard\" : 2,"));
        Files.writeString(first, Files.readString(first));
        GateResult merged = merge();
        assertEquals(Verdict.ERROR, merged.verdict());
        assertTrue(datasets(merged).error().contains("appears twice") || datasets(merged).error()
                .contains("does not give it"), datasets(merged).error());
    }

    @Test
    void aMalformedPartialIsAnErrorNamingIt() throws IOException {
        allShards();
        Path third = partials.resolve("datasets-shard-3-of-4.json");
        Files.writeString(third, Files.readString(third).replace("\"units\"", "\"unitz\""));
        assertError(merge(), third, "unknown field 'unitz'");
    }

    @Test
    void noPartialsIsAnError() throws IOException {
        Files.createDirectories(partials);
        assertError(merge(), partials, "no shard partial results");
    }
}
