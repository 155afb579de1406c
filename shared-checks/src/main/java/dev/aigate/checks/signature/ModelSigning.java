package dev.aigate.checks.signature;

import dev.aigate.core.keys.Ed25519Keys;
import dev.aigate.core.InputException;
import dev.aigate.core.io.AtomicFiles;
import java.io.IOException;
import java.nio.file.Path;
import java.security.PrivateKey;
import java.security.PublicKey;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/** Signs a set of model files and verifies them against a signature. */
public final class ModelSigning {
    private ModelSigning() {
    }

    /** Which files, relative to which root, and where the signature lives. */
    public record Selection(Path root, List<Path> targets, List<String> include, List<String> exclude,
            Path signatureFile) {
        public List<ModelManifest.FileEntry> collect() {
            return ModelManifest.collect(root, targets, include, exclude, signatureFile,
                    Math.max(1, Runtime.getRuntime().availableProcessors()));
        }
    }

    /** What signing did. */
    public record Signed(Path signatureFile, int files, long bytes, String keyFingerprint) {
    }

    /** A file that differs from the signed manifest. */
    public record Difference(String kind, String path, String expected, String actual) {
    }

    /**
     * The verification outcome.
     *
     * @param signerFingerprint the trusted key that verified the signature, or null when none did
     */
    public record Verification(String signerFingerprint, List<String> envelopeKeyIds,
            List<ModelManifest.FileEntry> signed, List<ModelManifest.FileEntry> actual, List<Difference> differences) {
        public boolean signatureValid() {
            return signerFingerprint != null;
        }

        public boolean ok() {
            return signatureValid() && differences.isEmpty();
        }
    }

    public static Signed sign(Selection selection, PrivateKey key) {
        for (Path target : selection.targets()) {
            if (!java.nio.file.Files.exists(target)) {
                throw new InputException(target, "does not exist, so it cannot be signed");
            }
        }
        List<ModelManifest.FileEntry> files = selection.collect();
        if (files.isEmpty()) {
            throw new InputException(selection.root(), "no files to sign");
        }
        String keyid = Ed25519Keys.fingerprint(Ed25519Keys.publicOf(key));
        byte[] envelope = Dsse.sign(ModelManifest.PAYLOAD_TYPE, ModelManifest.statement(files), key, keyid);
        try {
            AtomicFiles.write(selection.signatureFile(), envelope);
        } catch (IOException e) {
            throw new InputException(selection.signatureFile(), "cannot write signature file: " + e.getMessage(), e);
        }
        return new Signed(selection.signatureFile(), files.size(),
                files.stream().mapToLong(ModelManifest.FileEntry::size).sum(), keyid);
    }

    public static Verification verify(Selection selection, List<PublicKey> trusted) {
        Dsse.Envelope envelope = Dsse.read(selection.signatureFile());
        List<String> keyIds = envelope.signatures().stream().map(Dsse.Sig::keyid).toList();
        if (!ModelManifest.PAYLOAD_TYPE.equals(envelope.payloadType())) {
            throw new InputException(selection.signatureFile(), "unexpected DSSE payloadType '"
                    + envelope.payloadType() + "' (expected " + ModelManifest.PAYLOAD_TYPE + ")");
        }
        String signer = null;
        for (PublicKey key : trusted) {
            for (Dsse.Sig sig : envelope.signatures()) {
                if (signer == null && Dsse.verify(envelope, sig, key)) {
                    signer = Ed25519Keys.fingerprint(key);
                }
            }
        }
        List<ModelManifest.FileEntry> actual = selection.collect();
        if (signer == null) {
            return new Verification(null, keyIds, List.of(), actual, List.of());
        }
        List<ModelManifest.FileEntry> signed = ModelManifest.parse(envelope.payload(), selection.signatureFile());
        Map<String, ModelManifest.FileEntry> expected = new LinkedHashMap<>();
        signed.forEach(f -> expected.put(f.path(), f));
        Map<String, ModelManifest.FileEntry> present = new LinkedHashMap<>();
        actual.forEach(f -> present.put(f.path(), f));
        List<Difference> differences = new ArrayList<>();
        for (ModelManifest.FileEntry file : actual) {
            ModelManifest.FileEntry want = expected.get(file.path());
            if (want == null) {
                differences.add(new Difference("added", file.path(), "not signed", describe(file)));
            } else if (want.size() != file.size() || !want.sha256().equals(file.sha256())) {
                differences.add(new Difference("modified", file.path(), describe(want), describe(file)));
            }
        }
        for (ModelManifest.FileEntry want : signed) {
            if (!present.containsKey(want.path())) {
                differences.add(new Difference("removed", want.path(), describe(want), "missing"));
            }
        }
        return new Verification(signer, keyIds, signed, actual, differences);
    }

    static String describe(ModelManifest.FileEntry file) {
        return "sha256 " + file.sha256() + ", " + file.size() + " bytes";
    }
}
