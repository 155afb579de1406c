package dev.aigate.checks.signature;

import com.code_intelligence.jazzer.junit.FuzzTest;
import dev.aigate.checks.signature.oms.CertificateChains;
import dev.aigate.checks.signature.oms.EcKeys;
import dev.aigate.core.GateException;
import dev.aigate.core.io.FuzzFiles;
import dev.aigate.core.keys.Ed25519Keys;
import dev.aigate.core.keys.KeySource;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.security.PublicKey;

/**
 * The signature check's readers on arbitrary bytes: the DSSE envelope with its signed manifest, and the PEM key
 * readers (Ed25519 and ECDSA) and the PEM certificate reader of the {@code certificate} method. Each returns its result or a {@link GateException} naming the file (the ECDSA reader,
 * which callers fall back from, may also throw its {@link EcKeys.KeyFormatException}, the certificate reader a
 * {@link java.security.cert.CertificateException}); never another exception.
 * {@code mvn verify} replays {@code SignatureFuzzTestInputs/<harness>/}; {@code tools/fuzz/campaign.sh} fuzzes.
 */
class SignatureFuzzTest {
    private static final Path FOLDER = FuzzFiles.folder("signature");
    private static final PublicKey KEY = Ed25519Keys.generate().getPublic();

    @FuzzTest(maxDuration = "60s")
    void dsseEnvelope(byte[] data) {
        Path file = FuzzFiles.write(FOLDER.resolve("model.sig"), data);
        try {
            Dsse.Envelope envelope = Dsse.read(file);
            for (Dsse.Sig sig : envelope.signatures()) {
                Dsse.verify(envelope, sig, KEY);
            }
            ModelManifest.parse(envelope.payload(), file);
        } catch (GateException refusal) {
            FuzzFiles.requireNamed(refusal, "model.sig");
        }
    }

    @FuzzTest(maxDuration = "60s")
    void ed25519PublicKey(byte[] data) {
        try {
            Ed25519Keys.fingerprint(Ed25519Keys.readPublic(FuzzFiles.write(FOLDER.resolve("release.pub"), data)));
        } catch (GateException refusal) {
            FuzzFiles.requireNamed(refusal, "release.pub");
        }
    }

    @FuzzTest(maxDuration = "60s")
    void ed25519PrivateKey(byte[] data) {
        try {
            Ed25519Keys.readPrivate(KeySource.Secret.ofFile(data.clone(), Path.of("release.key")));
        } catch (GateException refusal) {
            FuzzFiles.requireNamed(refusal, "release.key");
        }
    }

    @FuzzTest(maxDuration = "60s")
    void ecKeys(byte[] data) {
        ecKey(new String(data, StandardCharsets.US_ASCII));
        // The same bytes as the DER inside each kind of block, so that mutations reach the DER readers directly.
        String der = java.util.Base64.getMimeEncoder().encodeToString(data);
        for (String type : new String[] {"PUBLIC KEY", "PRIVATE KEY", "EC PRIVATE KEY"}) {
            ecKey("-----BEGIN " + type + "-----\n" + der + "\n-----END " + type + "-----\n");
        }
    }

    private static void ecKey(String pem) {
        try {
            EcKeys.hint(EcKeys.readPublic(pem));
        } catch (EcKeys.KeyFormatException refused) {
            // not an ECDSA public key: the caller tries Ed25519 next
        }
        try {
            EcKeys.publicOf(EcKeys.readPrivate(pem));
        } catch (EcKeys.KeyFormatException refused) {
            // not an ECDSA private key
        }
    }

    @FuzzTest(maxDuration = "60s")
    void certificates(byte[] data) {
        try {
            CertificateChains.readPem(new String(data, StandardCharsets.US_ASCII));
        } catch (java.security.cert.CertificateException refused) {
            // the caller reports it naming the trust file
        }
    }
}
