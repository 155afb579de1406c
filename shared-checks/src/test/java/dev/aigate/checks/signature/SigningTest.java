package dev.aigate.checks.signature;

import dev.aigate.core.keys.Ed25519Keys;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.aigate.core.CheckResult;
import dev.aigate.core.Finding;
import dev.aigate.core.Gate;
import dev.aigate.core.GateRequest;
import dev.aigate.core.GateResult;
import dev.aigate.core.InputException;
import dev.aigate.core.Verdict;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.security.KeyPair;
import java.util.Base64;
import java.util.List;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The legacy format (aigate 0.1 Ed25519 envelopes, read and written for one more release). Signing and verification: modified, added and removed files and a wrong key each fail, naming the file. */
class SigningTest {
    static final Path DIGITS = Path.of("..", "fixtures", "digits");

    @TempDir
    Path dir;
    Path model;
    KeyPair release;

    @BeforeEach
    void setUp() throws IOException {
        model = Files.createDirectories(dir.resolve("model"));
        Files.copy(DIGITS.resolve("digits-mlp.onnx"), model.resolve("digits-mlp.onnx"));
        Files.createDirectories(model.resolve("extra"));
        Files.copy(DIGITS.resolve("digits-mlp.safetensors"), model.resolve("extra/digits-mlp.safetensors"));
        release = Ed25519Keys.generate();
        Ed25519Keys.write(release, dir.resolve("keys/release.key"), dir.resolve("keys/release.pub"), false);
        Files.writeString(dir.resolve("aigate.yml"), "version: 1\nsignature:\n  format: legacy\n  path: model\n"
                + "  publicKeys: [keys/release.pub]\n  keyFile: keys/release.key\n");
    }

    private GateResult gate() {
        dev.aigate.report.GateExecution.Outcome outcome = dev.aigate.report.GateExecution.run(
                Gate.withInstalledChecks(null), GateRequest.of(dir.resolve("aigate.yml")), dir.resolve("reports"));
        try {
            dev.aigate.checks.watermark.WatermarkGateTest.assertReportMatchesSchema(outcome);
        } catch (IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
        return outcome.result();
    }

    private static CheckResult check(GateResult result) {
        return result.checks().stream().filter(c -> c.checkId().equals("signature")).findFirst().orElseThrow();
    }

    private static List<String> rules(GateResult result) {
        return check(result).findings().stream().map(f -> f.ruleId() + " " + f.subject()).toList();
    }

    /** Runs {@code signature sign} on the policy, with a key file (relative to the project) or the policy's key. */
    private String sign(String keyFile) {
        java.util.Map<String, List<String>> options = keyFile == null ? java.util.Map.of()
                : java.util.Map.of("keyFile", List.of(keyFile));
        return dev.aigate.core.ActionRunner.withInstalledChecks(null).run("signature", "sign",
                dir.resolve("aigate.yml"), options).result().messages().get(0).text();
    }

    @Test
    void keygenWritesPrivateKeyWithPermissions600() throws IOException {
        assertEquals("rw-------", PosixFilePermissions.toString(Files.getPosixFilePermissions(
                dir.resolve("keys/release.key"))));
        assertEquals("rw-r--r--", PosixFilePermissions.toString(Files.getPosixFilePermissions(
                dir.resolve("keys/release.pub"))));
        assertTrue(Files.readString(dir.resolve("keys/release.key")).startsWith("-----BEGIN PRIVATE KEY-----"));
        assertThrows(java.nio.file.FileAlreadyExistsException.class, () -> Ed25519Keys.write(release,
                dir.resolve("keys/release.key"), dir.resolve("keys/release.pub"), false));
        assertEquals(Ed25519Keys.fingerprint(release.getPublic()),
                Ed25519Keys.fingerprint(Ed25519Keys.publicOf(Ed25519Keys.readPrivate(dir.resolve("keys/release.key")))));
    }

    @Test
    void signedModelPassesAndRecordsTheSigner() throws IOException {
        String signed = sign(null);
        assertTrue(signed.startsWith("signed 2 file(s), "), signed);
        Path signature = model.resolve(SignatureConfig.DEFAULT_SIGNATURE_NAME);
        assertTrue(Files.exists(signature));
        // The envelope is DSSE with an in-toto Statement v1 payload listing path, size and SHA-256.
        String envelope = Files.readString(signature);
        assertTrue(envelope.contains("\"payloadType\" : \"application/vnd.in-toto+json\""), envelope);
        String statement = new String(Base64.getDecoder().decode(envelope.replaceAll("(?s).*\"payload\" : \"([^\"]*)\".*",
                "$1")), StandardCharsets.UTF_8);
        assertTrue(statement.contains("\"_type\":\"https://in-toto.io/Statement/v1\""), statement);
        assertTrue(statement.contains("\"name\":\"extra/digits-mlp.safetensors\""), statement);
        assertTrue(statement.contains("\"size\":19560"), statement);
        assertTrue(!statement.contains(SignatureConfig.DEFAULT_SIGNATURE_NAME), "the signature file is excluded");

        GateResult result = gate();
        assertEquals(Verdict.PASS, result.verdict(), String.valueOf(result.checks()));
        assertEquals(Ed25519Keys.fingerprint(release.getPublic()), check(result).metrics().get(
                "signerKeyFingerprint"));
    }

    @Test
    void modifiedAddedAndRemovedFilesFailNamingEachFile() throws IOException {
        sign(null);
        Files.write(model.resolve("digits-mlp.onnx"), new byte[] {1}, java.nio.file.StandardOpenOption.APPEND);
        Files.writeString(model.resolve("extra/notes.txt"), "added");
        Files.delete(model.resolve("extra/digits-mlp.safetensors"));
        GateResult result = gate();
        assertEquals(Verdict.FAIL, result.verdict());
        List<String> rules = rules(result);
        assertTrue(rules.contains("signature/file-modified model/digits-mlp.onnx"), rules.toString());
        assertTrue(rules.contains("signature/file-added model/extra/notes.txt"), rules.toString());
        assertTrue(rules.contains("signature/file-removed model/extra/digits-mlp.safetensors"), rules.toString());
        for (Finding f : check(result).findings()) {
            assertTrue(f.message().startsWith(f.subject() + ": "), f.message());
        }
    }

    @Test
    void eachChangeAloneFails() throws IOException {
        for (int change = 0; change < 3; change++) {
            setUpFresh();
            sign(null);
            switch (change) {
                case 0:
                    byte[] bytes = Files.readAllBytes(model.resolve("digits-mlp.onnx"));
                    bytes[100] ^= 1; // same size, different content
                    Files.write(model.resolve("digits-mlp.onnx"), bytes);
                    break;
                case 1:
                    Files.writeString(model.resolve("added.bin"), "x");
                    break;
                default:
                    Files.delete(model.resolve("digits-mlp.onnx"));
            }
            GateResult result = gate();
            assertEquals(Verdict.FAIL, result.verdict(), "change " + change);
            assertEquals(1, check(result).findings().size(), rules(result).toString());
        }
    }

    private void setUpFresh() throws IOException {
        deleteTree(dir);
        Files.createDirectories(dir);
        setUp();
    }

    private static void deleteTree(Path root) throws IOException {
        try (var walk = Files.walk(root)) {
            for (Path p : walk.sorted(java.util.Comparator.reverseOrder()).toList()) {
                Files.delete(p);
            }
        }
    }

    @Test
    void fileListSigning() throws IOException {
        Path onnx = model.resolve("digits-mlp.onnx");
        Path st = model.resolve("extra/digits-mlp.safetensors");
        Path signature = dir.resolve("release.sig.json");
        ModelSigning.Selection selection = new ModelSigning.Selection(model, List.of(onnx, st), List.of(), List.of(),
                signature);
        ModelSigning.Signed signed = ModelSigning.sign(selection, Ed25519Keys.readPrivate(dir.resolve(
                "keys/release.key")));
        assertEquals(2, signed.files());
        assertEquals(Ed25519Keys.fingerprint(release.getPublic()), signed.keyFingerprint());
        List<java.security.PublicKey> trusted = List.of(release.getPublic());
        assertTrue(ModelSigning.verify(selection, trusted).ok());
        Files.writeString(model.resolve("unlisted.txt"), "not part of the list");
        assertTrue(ModelSigning.verify(selection, trusted).ok(), "files outside the list are not judged");
        Files.write(st, new byte[] {0}, java.nio.file.StandardOpenOption.APPEND);
        ModelSigning.Verification v = ModelSigning.verify(selection, trusted);
        assertEquals(List.of("modified extra/digits-mlp.safetensors"), v.differences().stream()
                .map(d -> d.kind() + " " + d.path()).toList());
        Files.delete(onnx);
        v = ModelSigning.verify(selection, trusted);
        assertTrue(v.differences().stream().anyMatch(d -> d.kind().equals("removed")
                && d.path().equals("digits-mlp.onnx")), v.differences().toString());
        InputException e = assertThrows(InputException.class, () -> ModelSigning.sign(selection,
                Ed25519Keys.readPrivate(dir.resolve("keys/release.key"))));
        assertTrue(e.getMessage().contains("digits-mlp.onnx") && e.getMessage().contains("does not exist"));
    }

    @Test
    void wrongKeyFailsNamingTheSignatureFile() throws IOException {
        KeyPair other = Ed25519Keys.generate();
        Ed25519Keys.write(other, dir.resolve("keys/other.key"), dir.resolve("keys/other.pub"), false);
        sign("keys/other.key");
        GateResult result = gate();
        assertEquals(Verdict.FAIL, result.verdict());
        assertEquals(List.of("signature/invalid model/aigate-signature.dsse.json"), rules(result));
        assertTrue(check(result).findings().get(0).message().contains(Ed25519Keys.fingerprint(other.getPublic())));
    }

    @Test
    void tamperedStatementFails() throws IOException {
        sign(null);
        Path signature = model.resolve(SignatureConfig.DEFAULT_SIGNATURE_NAME);
        String envelope = Files.readString(signature);
        String payload = envelope.replaceAll("(?s).*\"payload\" : \"([^\"]*)\".*", "$1");
        String statement = new String(Base64.getDecoder().decode(payload), StandardCharsets.UTF_8);
        String forged = Base64.getEncoder().encodeToString(statement.replace("\"size\":19560", "\"size\":19561")
                .getBytes(StandardCharsets.UTF_8));
        Files.writeString(signature, envelope.replace(payload, forged));
        assertEquals(List.of("signature/invalid model/aigate-signature.dsse.json"), rules(gate()));
    }

    @Test
    void missingSignatureFailsWhenRequired() {
        GateResult result = gate();
        assertEquals(Verdict.FAIL, result.verdict());
        assertEquals(List.of("signature/missing model/aigate-signature.dsse.json"), rules(result));
    }

    @Test
    void malformedKeysAndEnvelopesAreErrors() throws IOException {
        Files.writeString(dir.resolve("keys/bad.pem"), "-----BEGIN PRIVATE KEY-----\nnot base64 !!\n"
                + "-----END PRIVATE KEY-----\n");
        InputException e = assertThrows(InputException.class,
                () -> Ed25519Keys.readPrivate(dir.resolve("keys/bad.pem")));
        assertTrue(e.getMessage().contains("bad.pem") && e.getMessage().contains("malformed"));
        assertThrows(InputException.class, () -> Ed25519Keys.readPublic(dir.resolve("keys/none.pub")));
        Files.writeString(model.resolve(SignatureConfig.DEFAULT_SIGNATURE_NAME), "{\"payload\": 1}");
        GateResult result = gate();
        assertEquals(Verdict.ERROR, result.verdict());
        assertTrue(check(result).error().contains("aigate-signature.dsse.json"), check(result).error());
    }
}
