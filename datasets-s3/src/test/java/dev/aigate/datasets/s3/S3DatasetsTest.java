package dev.aigate.datasets.s3;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.aigate.checks.datasets.DatasetLocking;
import dev.aigate.checks.datasets.DatasetsCheck;
import dev.aigate.core.CheckResult;
import dev.aigate.core.Finding;
import dev.aigate.core.GateException;
import dev.aigate.core.GateResult;
import dev.aigate.core.Verdict;
import dev.aigate.core.io.Digests;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.gaul.s3proxy.AuthenticationType;
import org.gaul.s3proxy.junit.S3ProxyExtension;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;
import software.amazon.awssdk.services.s3.S3Client;

/**
 * s3:// datasets against a real S3-compatible server: S3Proxy, started for each test on a random port with its
 * file-system back end (see {@link S3TestGate} for how the gate is given the store). S3Proxy keeps neither versions nor
 * checksums; {@link S3GatewayTest} runs the versioned and checksum cases against a gateway that keeps them.
 */
class S3DatasetsTest {
    static final String BUCKET = "training-data";

    @RegisterExtension
    final S3ProxyExtension s3proxy = S3ProxyExtension.builder()
            .withCredentials(AuthenticationType.AWS_V2_OR_V4, "aigate-test-access", "aigate-test-secret").build();

    @TempDir
    Path dir;
    S3TestGate gate;
    S3Client s3;

    @BeforeEach
    void startStore() throws IOException {
        gate = new S3TestGate(dir, s3proxy.getUri(), s3proxy.getAccessKey(), s3proxy.getSecretKey(), BUCKET);
        s3 = gate.s3;
        put("corpus/train/a.csv", "id,label\n1,cat\n");
        put("corpus/train/b.csv", "id,label\n2,dog\n");
        put("corpus/test/c.csv", "id,label\n3,bird\n");
        put("corpus/scratch.tmp", "not data");
        put("elsewhere/d.csv", "outside the prefix");
        policy("      exclude: [\"**/*.tmp\"]\n");
    }

    @AfterEach
    void restoreSettings() {
        gate.close();
    }

    private void put(String key, String content) {
        gate.put(key, content);
    }

    private void policy(String extra) throws IOException {
        gate.policy(extra);
    }

    private DatasetLocking.Summary lock() {
        return gate.lock();
    }

    private GateResult verify() {
        return gate.verify();
    }

    private static CheckResult datasets(GateResult result) {
        return S3TestGate.datasets(result);
    }

    private static List<String> subjects(GateResult result, String ruleId) {
        return S3TestGate.subjects(result, ruleId);
    }

    private String lockText() throws IOException {
        return gate.lockText();
    }

    @Test
    void locksEveryObjectBelowThePrefixByStreamingAndHashingIt() throws IOException {
        DatasetLocking.Summary summary = lock();
        assertEquals(3, summary.files());
        String lock = lockText();
        assertTrue(lock.contains("\"path\" : \"s3://training-data/corpus\""), lock);
        assertTrue(lock.contains("\"path\" : \"train/a.csv\""), lock);
        assertTrue(lock.contains(Digests.sha256Hex("id,label\n1,cat\n".getBytes(StandardCharsets.UTF_8))), lock);
        assertFalse(lock.contains("scratch.tmp"), "excluded");
        assertFalse(lock.contains("d.csv"), "outside the prefix");
        // S3Proxy keeps neither versions nor checksums: the lock records none.
        assertFalse(lock.contains("versionId"), lock);
        assertFalse(lock.contains("storeSha256"), lock);
        // Locking unchanged objects again gives the same bytes.
        lock();
        assertEquals(lock, lockText());
    }

    @Test
    void unchangedObjectsPass() {
        lock();
        GateResult result = verify();
        assertEquals(Verdict.PASS, result.verdict(), () -> datasets(result).findings() + " " + datasets(result)
                .error());
        assertEquals(List.of(), datasets(result).findings());
        assertTrue(datasets(result).inputs().stream().anyMatch(i -> i.path().equals(
                "s3://training-data/corpus/test/c.csv")));
    }

    @Test
    void namesModifiedAddedAndRemovedObjects() {
        lock();
        put("corpus/train/a.csv", "id,label\n1,dog\n");
        put("corpus/train/new.csv", "id,label\n9,cat\n");
        s3.deleteObject(b -> b.bucket(BUCKET).key("corpus/test/c.csv"));
        GateResult result = verify();
        assertEquals(Verdict.FAIL, result.verdict());
        assertEquals(List.of("s3://training-data/corpus/train/a.csv"),
                subjects(result, DatasetsCheck.FILE_MODIFIED.id()));
        assertEquals(List.of("s3://training-data/corpus/train/new.csv"),
                subjects(result, DatasetsCheck.FILE_ADDED.id()));
        assertEquals(List.of("s3://training-data/corpus/test/c.csv"),
                subjects(result, DatasetsCheck.FILE_REMOVED.id()));
    }

    /**
     * S3Proxy answers the versioning API with 501 Not Implemented: the gate falls back to the current objects, and a
     * lock written against a versioned bucket (its entries carry versionId) is compared with the current object,
     * naming the locked and current versions. Real versioned buckets: {@link S3GatewayTest}.
     */
    @Test
    void aLockedVersionIsNamedWhenTheObjectChanged() throws IOException {
        lock();
        Path lockFile = dir.resolve("aigate-datasets.lock.json");
        String sha = Digests.sha256Hex("id,label\n1,cat\n".getBytes(StandardCharsets.UTF_8));
        Files.writeString(lockFile, lockText().replace("\"sha256\" : \"" + sha + "\"", "\"sha256\" : \"" + sha
                + "\",\n      \"versionId\" : \"3HL4kqtJlcpXroDTDmJ+rmSpXd3dIbrHY\""));
        assertEquals(Verdict.PASS, verify().verdict(), "same bytes: the version alone decides nothing");
        put("corpus/train/a.csv", "id,label\n1,dog\n");
        Finding modified = datasets(verify()).findings().stream()
                .filter(f -> f.ruleId().equals(DatasetsCheck.FILE_MODIFIED.id())).findFirst().orElseThrow();
        assertTrue(modified.message().contains("locked version 3HL4kqtJlcpXroDTDmJ+rmSpXd3dIbrHY -> current"
                + " version null"), modified.message());
        assertTrue(modified.expected().contains("version 3HL4kqtJlcpXroDTDmJ+rmSpXd3dIbrHY"), modified.expected());
    }

    @Test
    void trustingStoreChecksumsStillHashesWhatTheStoreKeepsNoChecksumFor() throws IOException {
        policy("      trustStoreChecksums: true\n      exclude: [\"**/*.tmp\"]\n");
        lock();
        put("corpus/train/b.csv", "id,label\n2,cat\n");
        GateResult result = verify();
        assertEquals(List.of("s3://training-data/corpus/train/b.csv"),
                subjects(result, DatasetsCheck.FILE_MODIFIED.id()));
        @SuppressWarnings("unchecked")
        Map<String, Object> dataset = ((List<Map<String, Object>>) datasets(result).metrics().get("datasets")).get(0);
        assertEquals(0L, dataset.get("trustedStoreChecksums"));
    }

    @Test
    void wrongCredentialsAreAnErrorNamingTheLocationNeverTheSecret() {
        lock();
        System.setProperty("aws.secretAccessKey", "wrong-secret-value");
        GateResult result = verify();
        assertEquals(Verdict.ERROR, result.verdict());
        String error = datasets(result).error();
        assertTrue(error.contains("s3://training-data/corpus"), error);
        assertTrue(error.contains("credentials"), error);
        assertFalse(error.contains("wrong-secret-value"), error);
    }

    @Test
    void aMissingBucketIsAnError() throws IOException {
        Files.writeString(dir.resolve("aigate.yml"), "version: 1\ndatasets:\n  sets:\n    - name: corpus\n"
                + "      path: s3://no-such-bucket/corpus\n");
        Files.writeString(dir.resolve("aigate-datasets.lock.json"), "{\"format\":\"aigate-dataset-lock\","
                + "\"formatVersion\":1,\"datasets\":[{\"name\":\"corpus\",\"path\":\"s3://no-such-bucket/corpus\","
                + "\"digest\":\"sha256:e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855\","
                + "\"files\":[]}]}");
        GateResult result = verify();
        assertEquals(Verdict.ERROR, result.verdict());
        assertTrue(datasets(result).error().contains("s3://no-such-bucket/corpus"), datasets(result).error());
    }

    @Test
    void aMalformedLocationIsAnError() throws IOException {
        Files.writeString(dir.resolve("aigate.yml"), "version: 1\ndatasets:\n  sets:\n    - name: corpus\n"
                + "      path: s3://Bad_Bucket/../x\n");
        GateException error = assertThrows(GateException.class, this::lock);
        assertTrue(error.getMessage().contains("not a valid S3 bucket name"), error.getMessage());
    }

    @Test
    void wholeObjectChecksumsAreTakenOnlyWhenTheyCoverTheWholeObject() {
        String sha = "n4bQgYhMfWWaL+qgxVrQFaO/TxsrC4Is0V1sFbDwCgg="; // SHA-256 of "test"
        assertEquals(Digests.sha256Hex("test".getBytes(StandardCharsets.UTF_8)),
                S3DatasetSource.wholeObjectSha256(sha, software.amazon.awssdk.services.s3.model.ChecksumType
                        .FULL_OBJECT));
        assertNull(S3DatasetSource.wholeObjectSha256(sha, software.amazon.awssdk.services.s3.model.ChecksumType
                .COMPOSITE));
        assertNull(S3DatasetSource.wholeObjectSha256(sha + "-3", null));
        assertNull(S3DatasetSource.wholeObjectSha256(null, null));
        assertNull(S3DatasetSource.wholeObjectSha256("AAAA", null), "not 32 bytes");
    }
}
