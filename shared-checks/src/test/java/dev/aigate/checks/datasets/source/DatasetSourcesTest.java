package dev.aigate.checks.datasets.source;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.aigate.core.CheckResult;
import dev.aigate.core.Gate;
import dev.aigate.core.GateException;
import dev.aigate.core.GateRequest;
import dev.aigate.core.GateResult;
import dev.aigate.core.PolicyException;
import dev.aigate.core.Verdict;
import dev.aigate.core.policy.PolicyLoader;
import dev.aigate.core.spi.CheckRegistry;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The dataset-source SPI without any store module on the class path: local directories, and the missing module. */
class DatasetSourcesTest {
    @TempDir
    Path dir;

    @Test
    void schemesAreRecognisedAndLocalPathsAreNotRemote() {
        assertEquals(Optional.of("s3"), DatasetSources.scheme("s3://bucket/prefix"));
        assertEquals(Optional.of("gs"), DatasetSources.scheme("GS://bucket"));
        assertEquals(Optional.empty(), DatasetSources.scheme("data/train"));
        assertEquals(Optional.empty(), DatasetSources.scheme("C:/data"));
    }

    @Test
    void anS3PathWithoutTheModuleIsAnErrorNamingTheModule() throws IOException {
        Files.writeString(dir.resolve("aigate.yml"), "version: 1\ndatasets:\n  sets:\n    - name: corpus\n"
                + "      path: s3://bucket/corpus\n");
        Files.writeString(dir.resolve("aigate-datasets.lock.json"), "{\"format\":\"aigate-dataset-lock\","
                + "\"formatVersion\":1,\"datasets\":[{\"name\":\"corpus\",\"path\":\"s3://bucket/corpus\","
                + "\"digest\":\"sha256:e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855\","
                + "\"files\":[]}]}");
        GateResult result = new Gate(CheckRegistry.load(), Clock.fixed(Instant.EPOCH, ZoneOffset.UTC), null)
                .run(new GateRequest(dir.resolve("aigate.yml"), Set.of(), Set.of(), null, 1, Map.of(), null));
        assertEquals(Verdict.ERROR, result.verdict());
        CheckResult datasets = result.checks().stream().filter(c -> c.checkId().equals("datasets")).findFirst()
                .orElseThrow();
        assertTrue(datasets.error().contains("s3://bucket/corpus"), datasets.error());
        assertTrue(datasets.error().contains("dev.aigate:aigate-datasets-s3"), datasets.error());
        GateException direct = assertThrows(GateException.class, () -> DatasetSources.open("gs://bucket/x"));
        assertTrue(direct.getMessage().contains("no dataset store for 'gs://'"), direct.getMessage());
    }

    @Test
    void trustingStoreChecksumsIsOnlyForObjectStores() throws IOException {
        Files.writeString(dir.resolve("aigate.yml"), "version: 1\ndatasets:\n  sets:\n    - name: corpus\n"
                + "      path: data\n      trustStoreChecksums: true\n");
        PolicyException error = assertThrows(PolicyException.class,
                () -> new PolicyLoader(CheckRegistry.load()).load(dir.resolve("aigate.yml")));
        assertTrue(error.getMessage().contains("applies only to an object-store path"), error.getMessage());
    }

    @Test
    void theLocalSourceListsSelectedFilesAndOpensThem() throws IOException {
        Files.createDirectories(dir.resolve("data/sub"));
        Files.writeString(dir.resolve("data/a.csv"), "a");
        Files.writeString(dir.resolve("data/sub/b.csv"), "bb");
        Files.writeString(dir.resolve("data/sub/c.tmp"), "c");
        LocalDatasetSource source = new LocalDatasetSource(dir.resolve("data"), "data", List.of("**"),
                List.of("**/*.tmp"), null);
        List<DatasetSource.StoredObject> objects = source.list(10).stream()
                .sorted((x, y) -> x.relative().compareTo(y.relative())).toList();
        assertEquals(List.of(new DatasetSource.StoredObject("a.csv", 1, null),
                new DatasetSource.StoredObject("sub/b.csv", 2, null)), objects);
        try (InputStream in = source.open(objects.get(1))) {
            assertArrayEquals("bb".getBytes(), in.readAllBytes());
        }
        assertEquals(null, source.storedSha256(objects.get(0)));
        assertThrows(GateException.class, () -> source.list(1), "more files than allowed is an error");
    }
}
