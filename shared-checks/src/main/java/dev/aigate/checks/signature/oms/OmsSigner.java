package dev.aigate.checks.signature.oms;

import dev.aigate.core.GateException;
import dev.aigate.core.InputException;
import dev.aigate.core.ProgressListener;
import dev.aigate.core.io.SafePaths;
import java.nio.file.Path;
import java.security.GeneralSecurityException;
import java.security.Signature;
import java.security.cert.CertificateEncodingException;
import java.security.cert.X509Certificate;
import java.security.interfaces.ECPrivateKey;
import java.security.interfaces.ECPublicKey;
import java.util.ArrayList;
import java.util.List;
import java.util.TreeSet;

/** Signs a model as an OMS bundle, with the {@code key} or the {@code certificate} method. */
public final class OmsSigner {
    private OmsSigner() {
    }

    /**
     * The signer: a private key, and for the {@code certificate} method its certificate and the chain above it.
     *
     * @param chain empty for the {@code key} method; else the signing certificate first
     */
    public record SigningKey(ECPrivateKey privateKey, ECPublicKey publicKey, List<X509Certificate> chain) {
        public SigningKey {
            chain = List.copyOf(chain);
        }

        public static SigningKey key(ECPrivateKey key) {
            return new SigningKey(key, EcKeys.publicOf(key), List.of());
        }

        /** Refuses a certificate that is not the private key's (as model_signing does). */
        public static SigningKey certificate(ECPrivateKey key, List<X509Certificate> chain) {
            ECPublicKey own = EcKeys.publicOf(key);
            if (chain.isEmpty() || !chain.get(0).getPublicKey().equals(own)) {
                throw new GateException("the signing certificate does not hold the signing key's public key");
            }
            return new SigningKey(key, own, chain);
        }

        public String method() {
            return chain.isEmpty() ? "key" : "certificate";
        }
    }

    /**
     * How to serialize the model.
     *
     * @param shardSize 0 for the {@code files} method, else the {@code shards} method with this shard size
     * @param ignorePaths paths relative to the model folder to leave out (besides the spec's defaults)
     */
    public record Options(long shardSize, boolean allowSymlinks, List<String> ignorePaths) {
        public Options {
            ignorePaths = List.copyOf(ignorePaths);
            for (String path : ignorePaths) {
                SafePaths.problemWith(path).ifPresent(problem -> {
                    throw new IllegalArgumentException("ignore path '" + path + "': " + problem);
                });
                if (path.indexOf('*') >= 0 || path.indexOf('?') >= 0 || path.indexOf('[') >= 0) {
                    throw new IllegalArgumentException("ignore path '" + path + "' must be a path, not a glob");
                }
            }
        }

        public static Options files() {
            return new Options(0, false, List.of());
        }
    }

    /** The bundle and what it signed. */
    public record Signed(byte[] bundle, Statement statement, ModelFiles.Listing listing) {
    }

    /**
     * Signs the model at {@code model} (a folder or one file). The bundle file, when inside the model folder, is left
     * out and recorded among the ignored paths.
     */
    public static Signed sign(Path model, Path bundleFile, Options options, SigningKey key, int threads,
            ProgressListener progress) {
        Path root = model.toAbsolutePath().normalize();
        List<String> ignores = new ArrayList<>(options.ignorePaths());
        Path folder = java.nio.file.Files.isDirectory(root) ? root : root.getParent();
        Path bundle = bundleFile.toAbsolutePath().normalize();
        if (bundle.startsWith(folder) && !bundle.equals(folder)) {
            ignores.add(SafePaths.relativize(folder, bundle));
        }
        ModelFiles.Listing listing = ModelFiles.list(root, options.allowSymlinks(), ignores);
        if (!listing.problems().isEmpty()) {
            ModelFiles.Problem problem = listing.problems().get(0);
            throw new InputException(listing.root().resolve(problem.name()), problem.detail()
                    + (problem.kind() == ModelFiles.Problem.Kind.SYMLINK
                    ? "; a model with links is signed with allowSymlinks (links inside the model folder only)"
                    : "; only links inside the model folder can be signed"));
        }
        if (listing.files().isEmpty()) {
            throw new InputException(root, "the model has no files to sign");
        }
        TreeSet<String> recorded = new TreeSet<>(OmsFormat.DEFAULT_IGNORES);
        recorded.addAll(ignores);
        Serialization serialization = options.shardSize() > 0
                ? Serialization.shards(options.shardSize(), options.allowSymlinks(), List.copyOf(recorded))
                : Serialization.files(options.allowSymlinks(), List.copyOf(recorded));
        List<Resource> resources = new ModelHasher(threads, progress, "signing model '" + listing.modelName() + "'")
                .hash(listing.files(), serialization);
        Statement statement = Statement.of(listing.modelName(), serialization, resources);
        byte[] bytes = bundle(statement, key);
        return new Signed(bytes, statement, listing);
    }

    /**
     * The bundle for a statement: its payload signed in a DSSE envelope, with the key's hint or the certificate chain.
     * (The report set is signed this way from the bytes it is about to write.)
     */
    public static byte[] bundle(Statement statement, SigningKey key) {
        byte[] payload = statement.toJson();
        byte[] signature = sign(key, DsseEnvelope.pae(OmsFormat.PAYLOAD_TYPE, payload));
        DsseEnvelope envelope = new DsseEnvelope(OmsFormat.PAYLOAD_TYPE, payload, List.of(signature));
        if (key.chain().isEmpty()) {
            return OmsBundle.withPublicKeyHint(EcKeys.hint(key.publicKey()), envelope);
        }
        List<byte[]> ders = new ArrayList<>();
        try {
            for (X509Certificate certificate : key.chain()) {
                ders.add(certificate.getEncoded());
            }
        } catch (CertificateEncodingException e) {
            throw new GateException("cannot encode the signing certificate: " + e.getMessage());
        }
        return OmsBundle.withCertificateChain(ders, envelope);
    }

    /** ECDSA (DER signature) with the hash that goes with the key's curve. */
    static byte[] sign(SigningKey key, byte[] message) {
        try {
            EcKeys.Curve curve = EcKeys.curveOf(key.publicKey());
            Signature signer = Signature.getInstance(curve.signatureAlgorithm());
            signer.initSign(key.privateKey());
            signer.update(message);
            return signer.sign();
        } catch (GeneralSecurityException | EcKeys.KeyFormatException e) {
            throw new GateException("cannot sign with the EC key: " + e.getMessage());
        }
    }
}
