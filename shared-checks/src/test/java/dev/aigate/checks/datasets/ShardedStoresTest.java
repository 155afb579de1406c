package dev.aigate.checks.datasets;

import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.aigate.core.GateException;
import dev.aigate.core.policy.Policy;
import dev.aigate.core.policy.PolicyLoader;
import dev.aigate.core.spi.CheckRegistry;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Sharded verification reads local files of the aigate lock: DVC files and object stores are refused, not skipped. */
class ShardedStoresTest {
    @TempDir
    Path dir;

    private GateException shard(String datasets) throws IOException {
        Files.createDirectories(dir.resolve("data"));
        Files.writeString(dir.resolve("data/a.csv"), "a\n");
        Files.writeString(dir.resolve("aigate.yml"), "version: 1\ndatasets:\n" + datasets);
        Policy policy = new PolicyLoader(CheckRegistry.load()).load(dir.resolve("aigate.yml"));
        DatasetsConfig config = policy.configFor(new DatasetsCheck());
        LockFileIO.write(dir.resolve(config.lockFile()), new DatasetLock(DatasetLock.FORMAT_VERSION_WITHOUT_CHUNKS,
                "test", java.util.List.of()));
        return assertThrows(GateException.class, () -> ShardVerification.run(config, policy.projectRoot(), dir.resolve("aigate.yml"),
                new ShardPlan.Shard(1, 2), 1, null));
    }

    @Test
    void dvcFilesAreNotSilentlyLeftOutOfShards() throws IOException {
        GateException error = shard("  dvc: [dvc.lock]\n  sets:\n    - name: a\n      path: data\n");
        assertTrue(error.getMessage().contains("DVC files [dvc.lock]"), error.getMessage());
    }

    @Test
    void objectStoreDatasetsAreNotSharded() throws IOException {
        GateException error = shard("  sets:\n    - name: corpus\n      path: s3://bucket/corpus\n");
        assertTrue(error.getMessage().contains("object store (s3://bucket/corpus)"), error.getMessage());
    }
}
