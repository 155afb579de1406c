package dev.aigate.checks.signature.oms;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.aigate.checks.signature.oms.OmsProblem.Kind;
import dev.aigate.core.InputException;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.KeyPair;
import java.security.interfaces.ECPrivateKey;
import java.security.interfaces.ECPublicKey;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/** Every verification rule: a valid model passes, and each kind of failure is reported, naming the file. */
class OmsVerifierTest {
    @TempDir
    Path dir;
    Path model;
    Path bundle;
    KeyPair keys;

    @BeforeEach
    void setUp() throws IOException {
        model = Files.createDirectories(dir.resolve("my-model"));
        Files.writeString(model.resolve("config.json"), "{\"layers\": 3}\n");
        Files.createDirectories(model.resolve("weights"));
        byte[] weights = new byte[300_000];
        new Random(7).nextBytes(weights);
        Files.write(model.resolve("weights/w.bin"), weights);
        Files.writeString(model.resolve(".gitignore"), "*.tmp\n");
        bundle = dir.resolve("model.sig");
        keys = EcKeys.generate(EcKeys.Curve.P256);
    }

    private OmsSigner.Signed sign(OmsSigner.Options options, OmsSigner.SigningKey key) throws IOException {
        OmsSigner.Signed signed = OmsSigner.sign(model, bundle, options, key, 2, null);
        Files.write(bundle, signed.bundle());
        return signed;
    }

    private OmsSigner.Signed signWithKey() throws IOException {
        return sign(OmsSigner.Options.files(), OmsSigner.SigningKey.key((ECPrivateKey) keys.getPrivate()));
    }

    private OmsVerifier.Result verify(OmsVerifier.Trust trust) {
        return OmsVerifier.verify(model, bundle, trust, new OmsVerifier.Options(false, List.of(), 2, null, null));
    }

    private OmsVerifier.Result verifyKey() {
        return verify(OmsVerifier.Trust.keys(List.of((ECPublicKey) keys.getPublic())));
    }

    private static List<Kind> kinds(OmsVerifier.Result result) {
        return result.problems().stream().map(OmsProblem::kind).toList();
    }

    private static OmsProblem only(OmsVerifier.Result result, Kind kind) {
        assertEquals(List.of(kind), kinds(result), () -> result.problems().toString());
        return result.problems().get(0);
    }

    @ParameterizedTest
    @EnumSource(EcKeys.Curve.class)
    void signedModelVerifiesOnEveryCurve(EcKeys.Curve curve) throws IOException {
        keys = EcKeys.generate(curve);
        OmsSigner.Signed signed = signWithKey();
        OmsVerifier.Result result = verifyKey();
        assertTrue(result.valid(), result.problems()::toString);
        assertEquals(EcKeys.hint((ECPublicKey) keys.getPublic()), result.signer());
        assertEquals(List.of("config.json", "weights/w.bin"), signed.statement().resources().stream()
                .map(Resource::name).toList(), ".gitignore is excluded by default");
        assertEquals(Statement.rootDigest(signed.statement().resources()), signed.statement().subjectDigest());
        assertEquals("my-model", signed.statement().subjectName());
    }

    @Test
    void shardedModelVerifiesAndNamesTheChangedByteRange() throws IOException {
        sign(new OmsSigner.Options(100_000, false, List.of()), OmsSigner.SigningKey.key((ECPrivateKey)
                keys.getPrivate()));
        OmsVerifier.Result result = verifyKey();
        assertTrue(result.valid(), result.problems()::toString);
        assertEquals(List.of("config.json:0:14", "weights/w.bin:0:100000", "weights/w.bin:100000:200000",
                "weights/w.bin:200000:300000"), result.statement().resources().stream().map(Resource::name).toList());
        byte[] weights = Files.readAllBytes(model.resolve("weights/w.bin"));
        weights[150_000] ^= 1;
        Files.write(model.resolve("weights/w.bin"), weights);
        OmsProblem problem = only(verifyKey(), Kind.FILE_MODIFIED);
        assertEquals("weights/w.bin", problem.subject());
        assertTrue(problem.message().contains("bytes 100000-200000 differ"), problem.message());
    }

    @Test
    void shardsOfASizeChangeAreOneModifiedFile() throws IOException {
        sign(new OmsSigner.Options(100_000, false, List.of()), OmsSigner.SigningKey.key((ECPrivateKey)
                keys.getPrivate()));
        Files.write(model.resolve("weights/w.bin"), new byte[10], java.nio.file.StandardOpenOption.APPEND);
        OmsProblem problem = only(verifyKey(), Kind.FILE_MODIFIED);
        assertTrue(problem.message().contains("size 300010 bytes, signed 300000 bytes"), problem.message());
    }

    @Test
    void modifiedFileIsNamedWithBothDigests() throws IOException {
        OmsSigner.Signed signed = signWithKey();
        Files.writeString(model.resolve("config.json"), "{\"layers\": 4}\n");
        OmsProblem problem = only(verifyKey(), Kind.FILE_MODIFIED);
        assertEquals("config.json", problem.subject());
        assertEquals("sha256 " + signed.statement().resources().get(0).digest(), problem.expected());
        assertTrue(problem.actual().startsWith("sha256 "), problem.actual());
    }

    @Test
    void missingFileIsNamed() throws IOException {
        signWithKey();
        Files.delete(model.resolve("weights/w.bin"));
        assertEquals("weights/w.bin", only(verifyKey(), Kind.FILE_MISSING).subject());
    }

    @Test
    void extraFileIsNamedUnlessUnsignedFilesAreIgnored() throws IOException {
        signWithKey();
        Files.writeString(model.resolve("weights/extra.bin"), "x");
        assertEquals("weights/extra.bin", only(verifyKey(), Kind.FILE_EXTRA).subject());
        OmsVerifier.Result lenient = OmsVerifier.verify(model, bundle, OmsVerifier.Trust.keys(List.of((ECPublicKey)
                keys.getPublic())), new OmsVerifier.Options(true, List.of(), 1, null, null));
        assertTrue(lenient.valid(), lenient.problems()::toString);
        OmsVerifier.Result ignored = OmsVerifier.verify(model, bundle, OmsVerifier.Trust.keys(List.of((ECPublicKey)
                keys.getPublic())), new OmsVerifier.Options(false, List.of("weights/extra.bin"), 1, null, null));
        assertTrue(ignored.valid(), ignored.problems()::toString);
    }

    @Test
    void ignoredPathsAreRecordedAndHonoured() throws IOException {
        Files.createDirectories(model.resolve("cache"));
        Files.writeString(model.resolve("cache/tmp.bin"), "scratch");
        Path inside = model.resolve("model.sig");
        bundle = inside;
        OmsSigner.Signed signed = sign(new OmsSigner.Options(0, false, List.of("cache")), OmsSigner.SigningKey.key(
                (ECPrivateKey) keys.getPrivate()));
        assertEquals(List.of(".git", ".gitattributes", ".github", ".gitignore", "cache", "model.sig"),
                signed.statement().serialization().ignorePaths());
        Files.writeString(model.resolve("cache/tmp.bin"), "changed scratch");
        assertTrue(verifyKey().valid(), () -> verifyKey().problems().toString());
    }

    @Test
    void wrongKeyIsAnUnknownKey() throws IOException {
        signWithKey();
        ECPublicKey other = (ECPublicKey) EcKeys.generate(EcKeys.Curve.P256).getPublic();
        OmsProblem problem = only(verify(OmsVerifier.Trust.keys(List.of(other))), Kind.UNKNOWN_KEY);
        assertEquals("model.sig", problem.subject());
        assertEquals(EcKeys.hint((ECPublicKey) keys.getPublic()), problem.actual());
    }

    @Test
    void alteredStatementFailsTheSignature() throws IOException {
        signWithKey();
        ObjectNode root = (ObjectNode) Statement.JSON.readTree(Files.readAllBytes(bundle));
        ObjectNode envelope = (ObjectNode) root.get("dsseEnvelope");
        String payload = new String(Base64.getDecoder().decode(envelope.get("payload").asText()),
                StandardCharsets.UTF_8);
        envelope.put("payload", Base64.getEncoder().encodeToString(payload.replace("my-model", "my-modem")
                .getBytes(StandardCharsets.UTF_8)));
        Files.write(bundle, Statement.JSON.writeValueAsBytes(root));
        assertEquals(Kind.SIGNATURE, only(verifyKey(), Kind.SIGNATURE).kind());
    }

    @Test
    void wrongMediaTypeIsNamed() throws IOException {
        signWithKey();
        edit(root -> root.put("mediaType", "application/vnd.dev.sigstore.bundle+json;version=0.1"));
        OmsProblem problem = only(verifyKey(), Kind.MEDIA_TYPE);
        assertEquals(OmsFormat.BUNDLE_MEDIA_TYPE, problem.expected());
    }

    @Test
    void aBundleOfAnotherMethodIsNamed() throws IOException {
        signWithKey();
        OmsProblem problem = only(verify(OmsVerifier.Trust.roots(List.of(TestPki.root("CN=Root").certificate()),
                false)), Kind.METHOD);
        assertEquals("key", problem.actual());
    }

    /** Signs a hand-made payload with the test key, so that only the payload is wrong. */
    private void signPayload(String payloadType, byte[] payload) throws IOException {
        OmsSigner.SigningKey key = OmsSigner.SigningKey.key((ECPrivateKey) keys.getPrivate());
        byte[] sig = OmsSigner.sign(key, DsseEnvelope.pae(payloadType, payload));
        Files.write(bundle, OmsBundle.withPublicKeyHint(EcKeys.hint(key.publicKey()), new DsseEnvelope(payloadType,
                payload, List.of(sig))));
    }

    private byte[] statement(java.util.function.Consumer<ObjectNode> change) throws IOException {
        OmsSigner.Signed signed = OmsSigner.sign(model, bundle, OmsSigner.Options.files(), OmsSigner.SigningKey.key(
                (ECPrivateKey) keys.getPrivate()), 1, null);
        ObjectNode root = (ObjectNode) Statement.JSON.readTree(signed.statement().toJson());
        change.accept(root);
        return Statement.JSON.writeValueAsBytes(root);
    }

    @Test
    void wrongPayloadTypeIsNamed() throws IOException {
        signPayload("text/plain", statement(root -> { }));
        assertEquals("text/plain", only(verifyKey(), Kind.PAYLOAD_TYPE).actual());
    }

    @Test
    void wrongStatementTypeIsNamed() throws IOException {
        signPayload(OmsFormat.PAYLOAD_TYPE, statement(root -> root.put("_type", "https://in-toto.io/Statement/v0.1")));
        assertEquals("https://in-toto.io/Statement/v0.1", only(verifyKey(), Kind.STATEMENT_TYPE).actual());
    }

    @Test
    void wrongAndLegacyPredicateTypesAreNamed() throws IOException {
        signPayload(OmsFormat.PAYLOAD_TYPE, statement(root -> root.put("predicateType", "https://slsa.dev/provenance/v1")));
        assertEquals("https://slsa.dev/provenance/v1", only(verifyKey(), Kind.PREDICATE_TYPE).actual());
        signPayload(OmsFormat.PAYLOAD_TYPE, statement(root -> root.put("predicateType",
                OmsFormat.LEGACY_PREDICATE_TYPE)));
        assertTrue(only(verifyKey(), Kind.PREDICATE_TYPE).message().contains("model_signing 0.2"));
    }

    @Test
    void subjectDigestMustMatchTheResources() throws IOException {
        signPayload(OmsFormat.PAYLOAD_TYPE, statement(root -> ((ObjectNode) root.get("subject").get(0).get("digest"))
                .put("sha256", "00".repeat(32))));
        assertEquals("sha256 " + "00".repeat(32), only(verifyKey(), Kind.SUBJECT_DIGEST).actual());
    }

    @Test
    void resourceOrderDoesNotChangeTheVerdictWhenTheSubjectFollowsIt() throws IOException {
        // model_signing lists resources by path components ("a/b" before "a-b"); the subject is over the listed order.
        byte[] payload = statement(root -> {
            var resources = (com.fasterxml.jackson.databind.node.ArrayNode) root.get("predicate").get("resources");
            var first = resources.remove(0);
            resources.add(first);
            List<Resource> listed = new ArrayList<>();
            resources.forEach(r -> listed.add(new Resource(r.get("name").asText(), "sha256", r.get("digest").asText())));
            ((ObjectNode) root.get("subject").get(0).get("digest")).put("sha256", Statement.rootDigest(listed));
        });
        signPayload(OmsFormat.PAYLOAD_TYPE, payload);
        assertTrue(verifyKey().valid(), () -> verifyKey().problems().toString());
    }

    @Test
    void signedPathOutsideTheModelIsNamed() throws IOException {
        signPayload(OmsFormat.PAYLOAD_TYPE, statement(root -> {
            var resources = (com.fasterxml.jackson.databind.node.ArrayNode) root.get("predicate").get("resources");
            ((ObjectNode) resources.get(0)).put("name", "../secrets.txt");
            List<Resource> listed = new ArrayList<>();
            resources.forEach(r -> listed.add(new Resource(r.get("name").asText(), "sha256", r.get("digest").asText())));
            ((ObjectNode) root.get("subject").get(0).get("digest")).put("sha256", Statement.rootDigest(listed));
        }));
        List<Kind> kinds = kinds(verifyKey());
        assertEquals(List.of(Kind.PATH_ESCAPES, Kind.FILE_EXTRA), kinds, "config.json is then an unsigned file");
    }

    @Test
    void symbolicLinksFollowTheSignedRule() throws IOException {
        signWithKey();
        Files.createSymbolicLink(model.resolve("alias.json"), Path.of("config.json"));
        OmsProblem link = only(verifyKey(), Kind.SYMLINK);
        assertEquals("alias.json", link.subject());
        assertThrows(InputException.class, this::signWithKey, "signing refuses links unless allowed");

        sign(new OmsSigner.Options(0, true, List.of()), OmsSigner.SigningKey.key((ECPrivateKey) keys.getPrivate()));
        assertTrue(verifyKey().valid(), () -> verifyKey().problems().toString());
        Files.delete(model.resolve("alias.json"));
        Files.createSymbolicLink(model.resolve("alias.json"), dir.resolve("model.sig"));
        OmsVerifier.Result escaped = verifyKey();
        assertEquals(List.of(Kind.PATH_ESCAPES), kinds(escaped), escaped.problems()::toString);
        assertEquals("alias.json", escaped.problems().get(0).subject());
    }

    @Test
    void symbolicLinkCycleIsNamed() throws IOException {
        Files.createSymbolicLink(model.resolve("weights/loop"), Path.of(".."));
        assertThrows(InputException.class, () -> sign(new OmsSigner.Options(0, true, List.of()),
                OmsSigner.SigningKey.key((ECPrivateKey) keys.getPrivate())));
    }

    @Test
    void singleFileModel() throws IOException {
        Path file = model.resolve("weights/w.bin");
        OmsSigner.Signed signed = OmsSigner.sign(file, bundle, OmsSigner.Options.files(), OmsSigner.SigningKey.key(
                (ECPrivateKey) keys.getPrivate()), 1, null);
        Files.write(bundle, signed.bundle());
        assertEquals(List.of("w.bin"), signed.statement().resources().stream().map(Resource::name).toList());
        OmsVerifier.Result result = OmsVerifier.verify(file, bundle, OmsVerifier.Trust.keys(List.of((ECPublicKey)
                keys.getPublic())), OmsVerifier.Options.defaults());
        assertTrue(result.valid(), result.problems()::toString);
    }

    @Test
    void emptyModelIsRefused() throws IOException {
        Path empty = Files.createDirectories(dir.resolve("empty"));
        assertThrows(InputException.class, () -> OmsSigner.sign(empty, bundle, OmsSigner.Options.files(),
                OmsSigner.SigningKey.key((ECPrivateKey) keys.getPrivate()), 1, null));
    }

    @Test
    void oldBundlesWithTheRawKeyAreAccepted() throws IOException {
        signWithKey();
        edit(root -> {
            ObjectNode key = (ObjectNode) root.get("verificationMaterial").get("publicKey");
            key.remove("hint");
            key.put("rawBytes", Base64.getEncoder().encodeToString(keys.getPublic().getEncoded()));
            key.put("keyDetails", "PKIX_ECDSA_P256_SHA_256");
        });
        assertTrue(verifyKey().valid(), () -> verifyKey().problems().toString());
        ECPublicKey other = (ECPublicKey) EcKeys.generate(EcKeys.Curve.P256).getPublic();
        only(verify(OmsVerifier.Trust.keys(List.of(other))), Kind.UNKNOWN_KEY);
    }

    @Test
    void certificateMethodVerifiesAgainstTheNamedRoot() throws IOException {
        TestPki.Issued root = TestPki.root("CN=Model CA");
        TestPki.Issued intermediate = TestPki.intermediate("CN=Model Signing CA", root);
        TestPki.Issued leaf = TestPki.leaf("CN=release@example.org", intermediate);
        sign(OmsSigner.Options.files(), OmsSigner.SigningKey.certificate((ECPrivateKey) leaf.keys().getPrivate(),
                List.of(leaf.certificate(), intermediate.certificate())));
        OmsVerifier.Result result = verify(OmsVerifier.Trust.roots(List.of(root.certificate()), false));
        assertTrue(result.valid(), result.problems()::toString);
        assertTrue(result.signer().startsWith("CN=release@example.org"), result.signer());

        TestPki.Issued stranger = TestPki.root("CN=Other CA");
        OmsProblem problem = only(verify(OmsVerifier.Trust.roots(List.of(stranger.certificate()), false)),
                Kind.CERTIFICATE);
        assertTrue(problem.message().contains("does not verify against the trusted roots"), problem.message());
    }

    @Test
    void expiredOrNonSigningCertificatesAreRefused() throws IOException {
        TestPki.Issued root = TestPki.root("CN=Model CA");
        TestPki.Issued expired = TestPki.leaf("CN=old", root, EcKeys.Curve.P384, Instant.now().minus(Duration.ofDays(
                60)), Instant.now().minus(Duration.ofDays(30)), true);
        sign(OmsSigner.Options.files(), OmsSigner.SigningKey.certificate((ECPrivateKey) expired.keys().getPrivate(),
                List.of(expired.certificate())));
        OmsProblem problem = only(verify(OmsVerifier.Trust.roots(List.of(root.certificate()), false)),
                Kind.CERTIFICATE);
        assertTrue(problem.message().toLowerCase(java.util.Locale.ROOT).contains("expired")
                || problem.message().contains("validity"), problem.message());
        assertTrue(verify(OmsVerifier.Trust.roots(List.of(root.certificate()), true)).valid(),
                "model_signing's rule: valid when the certificate was issued");

        TestPki.Issued noUsage = TestPki.leaf("CN=tls", root, EcKeys.Curve.P256, Instant.now().minus(Duration
                .ofHours(1)), Instant.now().plus(Duration.ofDays(1)), false);
        sign(OmsSigner.Options.files(), OmsSigner.SigningKey.certificate((ECPrivateKey) noUsage.keys().getPrivate(),
                List.of(noUsage.certificate())));
        assertTrue(only(verify(OmsVerifier.Trust.roots(List.of(root.certificate()), false)), Kind.CERTIFICATE)
                .message().contains("may not sign"));
    }

    @Test
    void certificateMustHoldTheSigningKey() {
        TestPki.Issued root = TestPki.root("CN=Model CA");
        TestPki.Issued leaf = TestPki.leaf("CN=release", root);
        assertThrows(dev.aigate.core.GateException.class, () -> OmsSigner.SigningKey.certificate((ECPrivateKey)
                keys.getPrivate(), List.of(leaf.certificate())));
    }

    @Test
    void malformedBundlesAreInputErrors() throws IOException {
        signWithKey();
        byte[] good = Files.readAllBytes(bundle);
        for (String bad : List.of("", "[]", "{", "{\"mediaType\": \"x\"}", new String(good, StandardCharsets.UTF_8)
                .replace("\"payload\":\"", "\"payload\":\"%%%"), new String(good, StandardCharsets.UTF_8)
                .replaceAll("\"signatures\":\\[.*\\]", "\"signatures\":[]"))) {
            Files.writeString(bundle, bad);
            InputException error = assertThrows(InputException.class, this::verifyKey, bad);
            assertTrue(error.getMessage().contains("model.sig"), error.getMessage());
        }
        Files.delete(bundle);
        assertThrows(InputException.class, this::verifyKey);
    }

    @Test
    void unsupportedHashTypeIsAnError() throws IOException {
        signPayload(OmsFormat.PAYLOAD_TYPE, statement(root -> ((ObjectNode) root.get("predicate").get("serialization"))
                .put("hash_type", "blake3")));
        assertThrows(dev.aigate.core.GateException.class, this::verifyKey);
    }

    private void edit(java.util.function.Consumer<ObjectNode> change) throws IOException {
        ObjectNode root = (ObjectNode) Statement.JSON.readTree(Files.readAllBytes(bundle));
        change.accept(root);
        Files.write(bundle, Statement.JSON.writeValueAsBytes(root));
    }
}
