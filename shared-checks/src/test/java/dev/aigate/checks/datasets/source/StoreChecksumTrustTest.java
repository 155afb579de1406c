package dev.aigate.checks.datasets.source;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.aigate.checks.datasets.Locks;
import dev.aigate.core.CheckResult;
import dev.aigate.core.Finding;
import dev.aigate.core.Gate;
import dev.aigate.core.GateRequest;
import dev.aigate.core.GateResult;
import dev.aigate.core.Verdict;
import dev.aigate.core.io.Digests;
import dev.aigate.core.spi.CheckRegistry;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The object-store rules of the core against a store that keeps checksums and versions ({@link SidecarStore}): what
 * the lock records, and what {@code trustStoreChecksums} skips, including its documented blind spot.
 */
class StoreChecksumTrustTest {
    @TempDir
    Path dir;
    Path store;

    @BeforeEach
    void fill() throws IOException {
        store = Files.createDirectories(dir.resolve("store"));
        object("a.csv", "alpha\n", true);
        object("b.csv", "beta\n", true);
        object("c.csv", "gamma\n", false);
        Files.writeString(store.resolve("b.csv.version"), "v1");
        Files.writeString(store.resolve("wrong.csv"), "delta\n");
        Files.writeString(store.resolve("wrong.csv.sha256"), sha("something else"));
        policy(false);
    }

    private void object(String name, String content, boolean checksum) throws IOException {
        Files.writeString(store.resolve(name), content);
        if (checksum) {
            Files.writeString(store.resolve(name + ".sha256"), sha(content));
        }
    }

    private static String sha(String content) {
        return Digests.sha256Hex(content.getBytes(StandardCharsets.UTF_8));
    }

    private void policy(boolean trust) throws IOException {
        Files.writeString(dir.resolve("aigate.yml"), "version: 1\ndatasets:\n  sets:\n    - name: objects\n"
                + "      path: sidecar://" + store.toAbsolutePath() + "\n      trustStoreChecksums: " + trust + "\n");
    }

    private GateResult verify() {
        return new Gate(CheckRegistry.load(), Clock.fixed(Instant.EPOCH, ZoneOffset.UTC), null).run(
                new GateRequest(dir.resolve("aigate.yml"), Set.of(), Set.of(), null, 2, Map.of(), null));
    }

    private static CheckResult datasets(GateResult result) {
        return result.checks().stream().filter(c -> c.checkId().equals("datasets")).findFirst().orElseThrow();
    }

    @SuppressWarnings("unchecked")
    private static long trusted(GateResult result) {
        return (Long) ((List<Map<String, Object>>) datasets(result).metrics().get("datasets")).get(0)
                .get("trustedStoreChecksums");
    }

    private static List<String> modified(GateResult result) {
        return datasets(result).findings().stream().filter(f -> f.ruleId().equals("datasets/file-modified"))
                .map(Finding::subject).sorted().toList();
    }

    @Test
    void theLockRecordsVersionsAndOnlyStoreChecksumsThatMatchTheBytes() throws IOException {
        Locks.lock(dir.resolve("aigate.yml"), 1, null);
        String lock = Files.readString(dir.resolve("aigate-datasets.lock.json"));
        assertTrue(lock.contains("\"storeSha256\" : \"" + sha("alpha\n") + "\""), lock);
        assertTrue(lock.contains("\"versionId\" : \"v1\""), lock);
        assertFalse(lock.contains(sha("something else")), "a store checksum that disagrees is not recorded");
        assertEquals(2, lock.split("storeSha256").length - 1, lock);
    }

    @Test
    void trustSkipsUnchangedObjectsAndHashesTheRest() throws IOException {
        Locks.lock(dir.resolve("aigate.yml"), 1, null);
        policy(true);
        GateResult result = verify();
        assertEquals(Verdict.PASS, result.verdict(), () -> datasets(result).findings() + " " + datasets(result)
                .error());
        assertEquals(2, trusted(result), "a.csv and b.csv; c.csv and wrong.csv have no recorded store checksum");
        // The store says b.csv changed (new checksum): it is downloaded and hashed, and the change is found.
        object("b.csv", "BETA\n", true);
        assertEquals(List.of("sidecar://" + store.toAbsolutePath() + "/b.csv"), modified(verify()));
        // A new version with the old checksum is not trusted either.
        object("b.csv", "beta\n", true);
        Files.writeString(store.resolve("b.csv.version"), "v2");
        assertEquals(1, trusted(verify()));
    }

    @Test
    void theTradeOffTrustedChecksumsHideBytesChangedBehindTheStoresBack() throws IOException {
        Locks.lock(dir.resolve("aigate.yml"), 1, null);
        Files.writeString(store.resolve("a.csv"), "ALPHA\n"); // same size, the store's checksum left as it was
        policy(true);
        assertEquals(Verdict.PASS, verify().verdict(), "trusting the store: its word decides");
        policy(false);
        GateResult result = verify();
        assertEquals(Verdict.FAIL, result.verdict(), "by default every byte is re-hashed");
        assertEquals(List.of("sidecar://" + store.toAbsolutePath() + "/a.csv"), modified(result));
        assertEquals(0, trusted(result));
    }
}
