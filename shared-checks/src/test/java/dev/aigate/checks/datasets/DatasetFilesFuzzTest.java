package dev.aigate.checks.datasets;

import com.code_intelligence.jazzer.junit.FuzzTest;
import dev.aigate.core.GateException;
import dev.aigate.core.io.FuzzFiles;
import java.nio.file.Path;

/**
 * The datasets check's other readers of files an attacker can write, on arbitrary bytes: a shard's partial result
 * (it travels between agents through stash), the hash cache of a persistent agent, and DVC's lock and {@code .dvc}
 * files. Each returns a result or refuses with a {@link GateException} naming the file; the cache, which is only an
 * optimisation, is ignored rather than refused. {@code mvn verify} replays {@code DatasetFilesFuzzTestInputs/};
 * {@code tools/fuzz/campaign.sh} fuzzes.
 */
class DatasetFilesFuzzTest {
    private static final Path FOLDER = FuzzFiles.folder("datasets");
    private static final String LOCK_DIGEST = "0".repeat(64);

    @FuzzTest(maxDuration = "60s")
    void shardPartial(byte[] data) {
        try {
            ShardPartial partial = ShardPartial.read(FuzzFiles.write(FOLDER.resolve("shard-1-of-2.json"), data));
            if (partial.shard().index() > partial.shard().count()) {
                throw new AssertionError("shard " + partial.shard() + " accepted");
            }
        } catch (GateException refusal) {
            FuzzFiles.requireNamed(refusal, "shard-1-of-2.json");
        }
    }

    @FuzzTest(maxDuration = "60s")
    void hashCache(byte[] data) {
        HashCache cache = HashCache.load(FuzzFiles.write(FOLDER.resolve("aigate-cache.json"), data), LOCK_DIGEST);
        if (cache == null) {
            throw new AssertionError("a cache that cannot be used must be ignored, not null");
        }
    }

    @FuzzTest(maxDuration = "60s")
    void dvcLock(byte[] data) {
        readDvc("dvc.lock", data);
    }

    @FuzzTest(maxDuration = "60s")
    void dvcFile(byte[] data) {
        readDvc("raw.csv.dvc", data);
    }

    private static void readDvc(String name, byte[] data) {
        try {
            DvcFile.read(FuzzFiles.write(FOLDER.resolve(name), data));
        } catch (GateException refusal) {
            FuzzFiles.requireNamed(refusal, name);
        }
    }
}
