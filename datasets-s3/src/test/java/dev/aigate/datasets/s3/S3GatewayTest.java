package dev.aigate.datasets.s3;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.aigate.checks.datasets.DatasetsCheck;
import dev.aigate.core.Finding;
import dev.aigate.core.GateResult;
import dev.aigate.core.Verdict;
import dev.aigate.core.io.Digests;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import software.amazon.awssdk.core.sync.RequestBody;
import software.amazon.awssdk.services.s3.model.BucketVersioningStatus;
import software.amazon.awssdk.services.s3.model.ChecksumAlgorithm;

/**
 * s3:// datasets in a versioned bucket with SHA-256 checksums, against a real S3 gateway that keeps versions, delete
 * markers and the checksums clients send, and checks signatures ({@link VersityGateway}). Runs in the s3-gateway
 * profile, which .ci/run enables after installing the gateway.
 */
@Tag("s3-gateway")
class S3GatewayTest {
    private static final AtomicInteger BUCKETS = new AtomicInteger();
    private static VersityGateway server;

    @TempDir
    static Path storage;
    @TempDir
    Path dir;
    S3TestGate gate;

    @BeforeAll
    static void startServer() throws Exception {
        server = VersityGateway.start(storage);
    }

    @AfterAll
    static void stopServer() throws Exception {
        if (server != null) {
            server.close();
        }
    }

    @BeforeEach
    void versionedBucket() throws IOException {
        gate = new S3TestGate(dir, server.endpoint(), VersityGateway.ACCESS_KEY, VersityGateway.SECRET_KEY,
                "versioned-" + BUCKETS.incrementAndGet());
        versioning(BucketVersioningStatus.ENABLED);
        gate.put("corpus/train/a.csv", "id,label\n1,cat\n");
        gate.put("corpus/train/b.csv", "id,label\n2,dog\n");
        gate.put("corpus/test/c.csv", "id,label\n3,bird\n");
        gate.policy("");
    }

    @AfterEach
    void close() {
        gate.close();
    }

    private void versioning(BucketVersioningStatus status) {
        gate.s3.putBucketVersioning(b -> b.bucket(gate.bucket).versioningConfiguration(v -> v.status(status)));
    }

    private String currentVersion(String key) {
        return gate.s3.headObject(b -> b.bucket(gate.bucket).key(key)).versionId();
    }

    /** path -> the lock entry of that file. */
    private Map<String, JsonNode> lockEntries() throws IOException {
        Map<String, JsonNode> entries = new TreeMap<>();
        for (JsonNode file : new ObjectMapper().readTree(gate.lockText()).path("datasets").get(0).path("files")) {
            entries.put(file.path("path").asText(), file);
        }
        return entries;
    }

    @Test
    void theLockPinsTheCurrentVersionOfEveryObject() throws IOException {
        assertEquals(3, gate.lock().files());
        Map<String, JsonNode> entries = lockEntries();
        assertEquals(java.util.Set.of("test/c.csv", "train/a.csv", "train/b.csv"), entries.keySet());
        entries.forEach((path, entry) -> {
            assertTrue(entry.hasNonNull("versionId"), entry::toString);
            assertEquals(currentVersion("corpus/" + path), entry.get("versionId").asText(), path);
        });
        String lock = gate.lockText();
        gate.lock();
        assertEquals(lock, gate.lockText(), "unchanged objects lock to the same bytes");
        GateResult result = gate.verify();
        assertEquals(Verdict.PASS, result.verdict(), () -> S3TestGate.datasets(result).findings().toString());
    }

    @Test
    void aNewVersionIsNamedWithTheLockedAndTheCurrentVersion() throws IOException {
        gate.lock();
        String locked = lockEntries().get("train/a.csv").get("versionId").asText();
        gate.put("corpus/train/a.csv", "id,label\n1,dog\n");
        String current = currentVersion("corpus/train/a.csv");
        assertNotEquals(locked, current);
        GateResult result = gate.verify();
        assertEquals(Verdict.FAIL, result.verdict());
        Finding modified = S3TestGate.finding(result, DatasetsCheck.FILE_MODIFIED.id());
        assertEquals("s3://" + gate.bucket + "/corpus/train/a.csv", modified.subject());
        assertTrue(modified.message().contains("locked version " + locked + " -> current version " + current),
                modified.message());
    }

    @Test
    void theLockedBytesStayFetchableByTheirVersionAfterAnOverwrite() throws IOException {
        gate.lock();
        JsonNode entry = lockEntries().get("train/a.csv");
        gate.put("corpus/train/a.csv", "id,label\n1,dog\n");
        byte[] locked = gate.s3.getObjectAsBytes(b -> b.bucket(gate.bucket).key("corpus/train/a.csv")
                .versionId(entry.get("versionId").asText())).asByteArray();
        assertEquals(entry.get("sha256").asText(), Digests.sha256Hex(locked));
        byte[] current = gate.s3.getObjectAsBytes(b -> b.bucket(gate.bucket).key("corpus/train/a.csv"))
                .asByteArray();
        assertNotEquals(entry.get("sha256").asText(), Digests.sha256Hex(current));
    }

    @Test
    void aDeleteMarkerIsARemovedObjectAndANewKeyAnAddedOne() {
        gate.lock();
        gate.s3.deleteObject(b -> b.bucket(gate.bucket).key("corpus/test/c.csv"));
        gate.put("corpus/train/new.csv", "id,label\n9,cat\n");
        GateResult result = gate.verify();
        assertEquals(Verdict.FAIL, result.verdict());
        assertEquals(List.of("s3://" + gate.bucket + "/corpus/test/c.csv"),
                S3TestGate.subjects(result, DatasetsCheck.FILE_REMOVED.id()));
        assertEquals(List.of("s3://" + gate.bucket + "/corpus/train/new.csv"),
                S3TestGate.subjects(result, DatasetsCheck.FILE_ADDED.id()));
        assertEquals(List.of(), S3TestGate.subjects(result, DatasetsCheck.FILE_MODIFIED.id()));
    }

    @Test
    void theSameBytesUnderANewVersionPass() throws IOException {
        gate.lock();
        String locked = lockEntries().get("train/b.csv").get("versionId").asText();
        gate.put("corpus/train/b.csv", "id,label\n2,dog\n");
        assertNotEquals(locked, currentVersion("corpus/train/b.csv"));
        GateResult result = gate.verify();
        assertEquals(Verdict.PASS, result.verdict(), () -> S3TestGate.datasets(result).findings().toString());
    }

    @Test
    void objectsWrittenWhileVersioningIsSuspendedHaveNoVersionToPin() throws IOException {
        versioning(BucketVersioningStatus.SUSPENDED);
        gate.put("corpus/train/b.csv", "id,label\n2,bird\n");
        gate.lock();
        Map<String, JsonNode> entries = lockEntries();
        assertFalse(entries.get("train/b.csv").has("versionId"), entries.get("train/b.csv")::toString);
        assertEquals(currentVersion("corpus/train/a.csv"), entries.get("train/a.csv").get("versionId").asText());
        GateResult result = gate.verify();
        assertEquals(Verdict.PASS, result.verdict(), () -> S3TestGate.datasets(result).findings().toString());
    }

    private void putWithSha256(String key, String content) {
        gate.s3.putObject(b -> b.bucket(gate.bucket).key(key).checksumAlgorithm(ChecksumAlgorithm.SHA256),
                RequestBody.fromString(content, StandardCharsets.UTF_8));
    }

    private static long trusted(GateResult result) {
        @SuppressWarnings("unchecked")
        Map<String, Object> dataset = ((List<Map<String, Object>>) S3TestGate.datasets(result).metrics()
                .get("datasets")).get(0);
        return ((Number) dataset.get("trustedStoreChecksums")).longValue();
    }

    @Test
    void theLockRecordsTheStoresSha256WhereItKeepsOneForTheWholeObject() throws IOException {
        putWithSha256("corpus/train/a.csv", "id,label\n1,cat\n");
        gate.lock();
        Map<String, JsonNode> entries = lockEntries();
        JsonNode a = entries.get("train/a.csv");
        assertEquals(a.get("sha256").asText(), a.get("storeSha256").asText(), a::toString);
        // b.csv was written without a SHA-256 (the SDK then sends CRC checksums only): nothing to record.
        assertFalse(entries.get("train/b.csv").has("storeSha256"), entries.get("train/b.csv")::toString);
    }

    @Test
    void trustedStoreChecksumsSkipTheDownloadOnlyWhereChecksumSizeAndVersionAreUnchanged() throws IOException {
        putWithSha256("corpus/train/a.csv", "id,label\n1,cat\n");
        putWithSha256("corpus/train/b.csv", "id,label\n2,dog\n");
        gate.policy("      trustStoreChecksums: true\n");
        gate.lock();
        GateResult unchanged = gate.verify();
        assertEquals(Verdict.PASS, unchanged.verdict(), () -> S3TestGate.datasets(unchanged).findings().toString());
        assertEquals(2, trusted(unchanged), "a.csv and b.csv on the store's word; c.csv has no SHA-256: hashed");

        putWithSha256("corpus/train/b.csv", "id,label\n2,cat\n");
        GateResult changed = gate.verify();
        assertEquals(Verdict.FAIL, changed.verdict());
        assertEquals(List.of("s3://" + gate.bucket + "/corpus/train/b.csv"),
                S3TestGate.subjects(changed, DatasetsCheck.FILE_MODIFIED.id()));
        assertEquals(1, trusted(changed), "only a.csv is still as locked");
    }

    @Test
    void withoutTrustEveryObjectIsHashedEvenWhereTheStoreKeepsAChecksum() {
        putWithSha256("corpus/train/a.csv", "id,label\n1,cat\n");
        gate.lock();
        GateResult result = gate.verify();
        assertEquals(Verdict.PASS, result.verdict());
        assertEquals(0, trusted(result));
    }

    @Test
    void aWrongSecretIsAnErrorNamingTheLocationNeverTheSecret() {
        gate.lock();
        System.setProperty("aws.secretAccessKey", "wrong-gateway-secret");
        GateResult result = gate.verify();
        assertEquals(Verdict.ERROR, result.verdict());
        String error = S3TestGate.datasets(result).error();
        assertTrue(error.contains("s3://" + gate.bucket + "/corpus"), error);
        assertFalse(error.contains("wrong-gateway-secret"), error);
    }
}
