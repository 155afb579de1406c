package dev.aigate.checks.datasets;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.Collections;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.junit.jupiter.api.Test;

/** The shard split: every file or chunk in exactly one shard, bytes balanced, the same split every time. */
class ShardPlanTest {
    private static final long MIB = 1024L * 1024;
    private static final long CHUNK = DatasetsConfig.DEFAULT_CHUNK_BYTES;
    private static final String SHA = "0".repeat(64);

    /** A file of {@code size} bytes, with chunk digests when it is larger than the default chunk size. */
    private static DatasetLock.FileRecord file(String path, long size) {
        if (size <= CHUNK) {
            return new DatasetLock.FileRecord(path, size, SHA);
        }
        DatasetLock.Chunks chunks = new DatasetLock.Chunks(CHUNK, List.of());
        return new DatasetLock.FileRecord(path, size, SHA, new DatasetLock.Chunks(CHUNK,
                Collections.nCopies((int) chunks.count(size), SHA)));
    }

    private static DatasetLock lock(List<DatasetLock.FileRecord> files) {
        long bytes = files.stream().mapToLong(DatasetLock.FileRecord::size).sum();
        DatasetLock.Entry entry = new DatasetLock.Entry("train", "data", List.of("**"), List.of(), Map.of(),
                files.size(), bytes, DatasetDigest.of(files), files);
        return new DatasetLock(DatasetLock.FORMAT_VERSION, "test", List.of(entry));
    }

    /** The benchmark's set (docs/benchmarks.md): one 2 GiB file and 2,048 files of 0.5 to 1.5 MiB. */
    static DatasetLock benchmarkSet(long hugeBytes, int smallFiles, long seed) {
        Random random = new Random(seed);
        List<DatasetLock.FileRecord> files = new ArrayList<>();
        files.add(file("huge.bin", hugeBytes));
        for (int i = 0; i < smallFiles; i++) {
            files.add(file("small/part-" + i + ".csv", MIB / 2 + random.nextInt((int) MIB)));
        }
        return lock(files);
    }

    private static void assertEveryByteOnce(DatasetLock lock, List<List<ShardPlan.Unit>> shards) {
        Map<String, Long> covered = new HashMap<>();
        Map<String, Integer> seen = new HashMap<>();
        for (List<ShardPlan.Unit> shard : shards) {
            for (ShardPlan.Unit unit : shard) {
                covered.merge(unit.path(), unit.length(), Long::sum);
                assertEquals(null, seen.put(unit.path() + "#" + unit.chunk(), 1), unit.describe() + " twice");
            }
        }
        for (DatasetLock.FileRecord file : lock.datasets().get(0).files()) {
            assertEquals(file.size(), covered.getOrDefault(file.path(), -1L), file.path());
        }
        assertEquals(ShardPlan.units(lock).size(), seen.size());
    }

    private static void assertBalanced(List<List<ShardPlan.Unit>> shards, double tolerance) {
        long[] bytes = shards.stream().mapToLong(s -> s.stream().mapToLong(ShardPlan.Unit::length).sum()).toArray();
        double mean = java.util.Arrays.stream(bytes).sum() / (double) bytes.length;
        for (int k = 0; k < bytes.length; k++) {
            double off = Math.abs(bytes[k] - mean) / mean;
            int shard = k + 1;
            assertTrue(off <= tolerance, () -> "shard " + shard + " has " + bytes[shard - 1] + " bytes, "
                    + Math.round(off * 100) + "% off the mean " + Math.round(mean));
        }
    }

    @ParameterizedTest
    @ValueSource(ints = {1, 2, 3, 7, 16, 64})
    void benchmarkSetSplitsEveryByteOnceWithin10Percent(int shards) {
        DatasetLock lock = benchmarkSet(2048 * MIB, 2048, 1);
        List<List<ShardPlan.Unit>> split = ShardPlan.partition(lock, shards);
        assertEquals(shards, split.size());
        assertEveryByteOnce(lock, split);
        assertBalanced(split, 0.10);
    }

    @Test
    void aLargerSetWithOneTerabyteSizedFileAlsoBalances() {
        // One 10 GiB file in 160 chunks and 10,000 small files: the 20 GiB shape of the issue.
        DatasetLock lock = benchmarkSet(10240 * MIB, 10_000, 2);
        List<List<ShardPlan.Unit>> split = ShardPlan.partition(lock, 16);
        assertEveryByteOnce(lock, split);
        assertBalanced(split, 0.10);
    }

    @Test
    void manySmallFilesOfRandomSizesBalance() {
        Random random = new Random(3);
        List<DatasetLock.FileRecord> files = new ArrayList<>();
        for (int i = 0; i < 20_000; i++) {
            files.add(file("f/" + i, random.nextInt(4 * (int) MIB)));
        }
        DatasetLock lock = lock(files);
        List<List<ShardPlan.Unit>> split = ShardPlan.partition(lock, 16);
        assertEveryByteOnce(lock, split);
        assertBalanced(split, 0.01);
    }

    @Test
    void theSplitIsTheSameWhateverTheLockOrder() {
        DatasetLock lock = benchmarkSet(512 * MIB, 300, 4);
        List<DatasetLock.FileRecord> reversed = new ArrayList<>(lock.datasets().get(0).files());
        Collections.reverse(reversed);
        assertEquals(ShardPlan.partition(lock, 5), ShardPlan.partition(lock(reversed), 5));
        assertEquals(ShardPlan.partition(lock, 5).get(2), ShardPlan.of(lock, new ShardPlan.Shard(3, 5)));
    }

    @Test
    void emptyFilesAreSpreadToo() {
        List<DatasetLock.FileRecord> files = new ArrayList<>();
        for (int i = 0; i < 8; i++) {
            files.add(file("empty-" + i, 0));
        }
        List<List<ShardPlan.Unit>> split = ShardPlan.partition(lock(files), 4);
        split.forEach(shard -> assertEquals(2, shard.size()));
    }

    @Test
    void moreShardsThanFilesLeavesSomeEmpty() {
        List<List<ShardPlan.Unit>> split = ShardPlan.partition(lock(List.of(file("a", 10), file("b", 20))), 4);
        assertEquals(List.of(1, 1, 0, 0), split.stream().map(List::size).toList());
    }

    @Test
    void shardSpecificationsAreParsedStrictly() {
        assertEquals(new ShardPlan.Shard(3, 16), ShardPlan.Shard.parse("3/16"));
        for (String bad : new String[] {"0/4", "5/4", "3", "3/", "/4", "-1/4", "1/2000", "a/b", "1/4/5", " ", "03/16"}) {
            assertThrows(IllegalArgumentException.class, () -> ShardPlan.Shard.parse(bad), bad);
        }
    }
}
