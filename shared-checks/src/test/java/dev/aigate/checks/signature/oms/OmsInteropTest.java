package dev.aigate.checks.signature.oms;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.aigate.checks.signature.oms.OmsProblem.Kind;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.KeyPair;
import java.security.interfaces.ECPrivateKey;
import java.security.interfaces.ECPublicKey;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/**
 * aigate and sigstore's {@code model_signing} verify each other's bundles, for the key and the certificate methods
 * (and the shards method through model_signing's API, which its CLI cannot verify); a tampered, a missing and an
 * extra file fail in both. Run with {@code mvn verify -Pinterop -pl shared-checks -am}.
 */
@Tag("interop")
class OmsInteropTest {
    @TempDir
    Path dir;
    Path model;
    ModelSigningTool tool;

    @BeforeEach
    void setUp() throws IOException {
        tool = ModelSigningTool.get();
        model = Files.createDirectories(dir.resolve("model"));
        Files.writeString(model.resolve("config.json"), "{\"hidden\": 64}\n");
        Files.createDirectories(model.resolve("weights"));
        byte[] weights = new byte[2_500_000];
        new Random(11).nextBytes(weights);
        Files.write(model.resolve("weights/model.safetensors"), weights);
        Files.writeString(model.resolve("a-b.txt"), "dash");
        Files.createDirectories(model.resolve("a"));
        Files.writeString(model.resolve("a/b.txt"), "slash");
    }

    private enum Tamper { NONE, MODIFY, DELETE, ADD }

    private void tamper(Tamper how) throws IOException {
        switch (how) {
            case MODIFY -> Files.writeString(model.resolve("config.json"), "{\"hidden\": 65}\n");
            case DELETE -> Files.delete(model.resolve("a/b.txt"));
            case ADD -> Files.writeString(model.resolve("weights/extra.bin"), "unsigned");
            default -> { }
        }
    }

    private static Kind expected(Tamper how) {
        return switch (how) {
            case MODIFY -> Kind.FILE_MODIFIED;
            case DELETE -> Kind.FILE_MISSING;
            case ADD -> Kind.FILE_EXTRA;
            default -> null;
        };
    }

    private Path writeKeys(KeyPair pair) throws IOException {
        EcKeys.write(pair, dir.resolve("signing.key"), dir.resolve("signing.pub"), true);
        return dir.resolve("signing.pub");
    }

    @ParameterizedTest
    @EnumSource(Tamper.class)
    void aigateKeySignedModelVerifiesWithModelSigning(Tamper how) throws Exception {
        for (EcKeys.Curve curve : EcKeys.Curve.values()) {
            KeyPair pair = EcKeys.generate(curve);
            Path pub = writeKeys(pair);
            Path bundle = dir.resolve("aigate-" + curve + ".sig");
            Files.write(bundle, OmsSigner.sign(model, bundle, OmsSigner.Options.files(), OmsSigner.SigningKey.key(
                    (ECPrivateKey) pair.getPrivate()), 2, null).bundle());
            if (curve == EcKeys.Curve.P521) {
                tamper(how);
            } else if (how != Tamper.NONE) {
                continue;
            }
            ModelSigningTool.Run run = tool.cli("verify", "key", "--public_key", pub.toString(), "--signature",
                    bundle.toString(), model.toString());
            if (how == Tamper.NONE) {
                assertEquals(0, run.exit(), run.output());
            } else {
                assertNotEquals(0, run.exit(), run.output());
            }
        }
    }

    @ParameterizedTest
    @EnumSource(Tamper.class)
    void modelSigningKeySignedModelVerifiesWithAigate(Tamper how) throws Exception {
        KeyPair pair = EcKeys.generate(EcKeys.Curve.P384);
        writeKeys(pair);
        Path bundle = dir.resolve("python.sig");
        ModelSigningTool.Run signed = tool.cli("sign", "key", "--private_key", dir.resolve("signing.key").toString(),
                "--signature", bundle.toString(), model.toString());
        assertEquals(0, signed.exit(), signed.output());
        tamper(how);
        OmsVerifier.Result result = OmsVerifier.verify(model, bundle, OmsVerifier.Trust.keys(List.of((ECPublicKey)
                pair.getPublic())), OmsVerifier.Options.defaults());
        assertVerdict(how, result);
    }

    @ParameterizedTest
    @EnumSource(Tamper.class)
    void certificateMethodBothWays(Tamper how) throws Exception {
        TestPki.Issued root = TestPki.root("CN=Interop Root CA");
        TestPki.Issued intermediate = TestPki.intermediate("CN=Interop Signing CA", root);
        TestPki.Issued leaf = TestPki.leaf("CN=release@example.org", intermediate);
        writeKeys(leaf.keys());
        Path rootPem = TestPki.writePem(dir.resolve("root.pem"), List.of(root.certificate()));
        Path leafPem = TestPki.writePem(dir.resolve("leaf.pem"), List.of(leaf.certificate()));
        Path chainPem = TestPki.writePem(dir.resolve("chain.pem"), List.of(intermediate.certificate()));

        Path ours = dir.resolve("aigate-cert.sig");
        Files.write(ours, OmsSigner.sign(model, ours, OmsSigner.Options.files(), OmsSigner.SigningKey.certificate(
                (ECPrivateKey) leaf.keys().getPrivate(), List.of(leaf.certificate(), intermediate.certificate())), 2,
                null).bundle());
        Path theirs = dir.resolve("python-cert.sig");
        ModelSigningTool.Run signed = tool.cli("sign", "certificate", "--private_key", dir.resolve("signing.key")
                .toString(), "--signing_certificate", leafPem.toString(), "--certificate_chain", chainPem.toString(),
                "--signature", theirs.toString(), model.toString());
        assertEquals(0, signed.exit(), signed.output());

        tamper(how);
        ModelSigningTool.Run run = tool.cli("verify", "certificate", "--certificate_chain", rootPem.toString(),
                "--signature", ours.toString(), model.toString());
        if (how == Tamper.NONE) {
            assertEquals(0, run.exit(), run.output());
        } else {
            assertNotEquals(0, run.exit(), run.output());
        }
        assertVerdict(how, OmsVerifier.verify(model, theirs, OmsVerifier.Trust.roots(List.of(root.certificate()),
                false), OmsVerifier.Options.defaults()));
    }

    @Test
    void shardsBothWaysThroughTheApi() throws Exception {
        KeyPair pair = EcKeys.generate(EcKeys.Curve.P256);
        Path pub = writeKeys(pair);
        Path ours = dir.resolve("aigate-shards.sig");
        Files.write(ours, OmsSigner.sign(model, ours, new OmsSigner.Options(1_000_000, false, List.of()),
                OmsSigner.SigningKey.key((ECPrivateKey) pair.getPrivate()), 2, null).bundle());
        String verify = "import sys\nfrom model_signing import verifying\n"
                + "verifying.Config().use_elliptic_key_verifier(public_key=sys.argv[1]).verify(sys.argv[2], sys.argv[3])\n";
        ModelSigningTool.Run run = tool.python(verify, pub.toString(), model.toString(), ours.toString());
        assertEquals(0, run.exit(), run.output());

        Path theirs = dir.resolve("python-shards.sig");
        String sign = "import sys\nfrom model_signing import hashing, signing\n"
                + "h = hashing.Config().use_shard_serialization(shard_size=1000000)\n"
                + "signing.Config().use_elliptic_key_signer(private_key=sys.argv[1]).set_hashing_config(h)"
                + ".sign(sys.argv[2], sys.argv[3])\n";
        run = tool.python(sign, dir.resolve("signing.key").toString(), model.toString(), theirs.toString());
        assertEquals(0, run.exit(), run.output());
        OmsVerifier.Trust trust = OmsVerifier.Trust.keys(List.of((ECPublicKey) pair.getPublic()));
        assertVerdict(Tamper.NONE, OmsVerifier.verify(model, theirs, trust, OmsVerifier.Options.defaults()));
        tamper(Tamper.MODIFY);
        assertVerdict(Tamper.MODIFY, OmsVerifier.verify(model, theirs, trust, OmsVerifier.Options.defaults()));
        assertNotEquals(0, tool.python(verify, pub.toString(), model.toString(), ours.toString()).exit());
    }

    private static void assertVerdict(Tamper how, OmsVerifier.Result result) {
        if (how == Tamper.NONE) {
            assertTrue(result.valid(), result.problems()::toString);
        } else {
            assertEquals(List.of(expected(how)), result.problems().stream().map(OmsProblem::kind).toList(),
                    result.problems()::toString);
        }
    }
}
