package dev.aigate.checks.signature.oms;

import dev.aigate.core.GateException;
import dev.aigate.core.InputException;
import dev.aigate.core.ProgressListener;
import dev.aigate.core.io.SafePaths;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.GeneralSecurityException;
import java.security.PublicKey;
import java.security.Signature;
import java.security.cert.CertificateException;
import java.security.cert.X509Certificate;
import java.security.interfaces.ECPublicKey;
import java.time.Clock;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.ServiceLoader;
import java.util.TreeMap;
import java.util.TreeSet;

/**
 * Verifies a model against an OMS bundle the way the spec's verifiers do, in order: the media type, the signing
 * method and its material (key hint, certificate chain, Sigstore), the DSSE signature over the pre-authentication
 * encoding, the payload, statement and predicate types, the subject digest against the resources, and then every
 * file: none modified, none missing, none unsigned (unless ignored), symbolic links as signed, paths inside the
 * model folder. A problem with the signature stops there (the manifest is then not trusted); file problems are all
 * reported. A bundle that cannot be read or parsed is an {@link InputException}.
 */
public final class OmsVerifier {
    private OmsVerifier() {
    }

    /**
     * What the verifier trusts.
     *
     * @param method {@code key}, {@code certificate} or {@code sigstore}: the bundle must use this one
     * @param keys the trusted public keys ({@code key})
     * @param roots the trusted CA certificates ({@code certificate})
     * @param acceptExpired validate a certificate chain at its leaf's issuance instead of now (model_signing's rule;
     *     the spec asks for a leaf within its validity period)
     * @param sigstore the trusted root and identity ({@code sigstore})
     */
    public record Trust(String method, List<ECPublicKey> keys, List<X509Certificate> roots, boolean acceptExpired,
            SigstoreTrust sigstore) {
        public Trust {
            keys = keys == null ? List.of() : List.copyOf(keys);
            roots = roots == null ? List.of() : List.copyOf(roots);
        }

        public static Trust keys(List<ECPublicKey> keys) {
            return new Trust("key", keys, List.of(), false, null);
        }

        public static Trust roots(List<X509Certificate> roots, boolean acceptExpired) {
            return new Trust("certificate", List.of(), roots, acceptExpired, null);
        }

        public static Trust sigstore(SigstoreTrust sigstore) {
            return new Trust("sigstore", List.of(), List.of(), false, sigstore);
        }
    }

    /**
     * Keyless verification: the Sigstore trusted root (a {@code trusted_root.json} file) and the identity the signing
     * certificate must carry.
     */
    public record SigstoreTrust(Path trustedRoot, String issuer, String identity) {
    }

    /** Verifies Sigstore (keyless) bundles: provided by an optional module, found through the service loader. */
    public interface SigstoreVerifier {
        /**
         * @param subjectDigest the statement's subject digest (what the log entry and signature cover)
         * @return null when the bundle verifies, else why not
         */
        String verify(OmsBundle bundle, byte[] bundleJson, SigstoreTrust trust, Path bundleFile);
    }

    /**
     * Options of a verification.
     *
     * @param ignoreUnsignedFiles files not in the bundle are not reported (the signed ones are still all checked)
     * @param ignorePaths more paths (relative to the model folder) to leave out, besides the bundle's
     */
    public record Options(boolean ignoreUnsignedFiles, List<String> ignorePaths, int threads,
            ProgressListener progress, Clock clock) {
        public Options {
            ignorePaths = ignorePaths == null ? List.of() : List.copyOf(ignorePaths);
            progress = progress == null ? ProgressListener.NONE : progress;
            clock = clock == null ? Clock.systemUTC() : clock;
            threads = Math.max(1, threads);
        }

        public static Options defaults() {
            return new Options(false, List.of(), 1, null, null);
        }
    }

    /**
     * The outcome.
     *
     * @param signer who signed: the key hint, or the certificate's subject and fingerprint
     * @param statement the signed statement, or null when the signature itself did not verify
     * @param files the model's files as listed now
     * @param digests the current digest of each whole file ({@code files} method), by name
     */
    public record Result(String method, String signer, Statement statement, List<OmsProblem> problems,
            List<ModelFiles.ModelFile> files, Map<String, String> digests) {
        public boolean valid() {
            return problems.isEmpty();
        }
    }

    public static Result verify(Path model, Path bundleFile, Trust trust, Options options) {
        Objects.requireNonNull(trust, "trust");
        Path bundlePath = bundleFile.toAbsolutePath().normalize();
        byte[] bytes = dev.aigate.core.io.BoundedFiles.read(bundlePath, OmsBundle.MAX_BYTES, "signature bundle");
        OmsBundle bundle = OmsBundle.parse(bytes, bundlePath);
        String subject = bundlePath.getFileName().toString();
        List<OmsProblem> problems = new ArrayList<>();
        String method = bundle.material().kind().method();
        if (!OmsFormat.BUNDLE_MEDIA_TYPE.equals(bundle.mediaType())) {
            problems.add(new OmsProblem(OmsProblem.Kind.MEDIA_TYPE, subject, "not a Sigstore bundle v0.3 (media type '"
                    + bundle.mediaType() + "')", OmsFormat.BUNDLE_MEDIA_TYPE, bundle.mediaType()));
            return new Result(method, null, null, problems, List.of(), Map.of());
        }
        if (!method.equals(trust.method())) {
            problems.add(new OmsProblem(OmsProblem.Kind.METHOD, subject, "signed with the " + method
                    + " method, but the policy trusts the " + trust.method() + " method", trust.method(), method));
            return new Result(method, null, null, problems, List.of(), Map.of());
        }
        String signer = switch (method) {
            case "key" -> verifyKey(bundle, trust, subject, problems);
            case "certificate" -> verifyChain(bundle, trust, subject, problems, options.clock(), bundlePath);
            default -> verifySigstore(bundle, bytes, trust, subject, problems, bundlePath);
        };
        if (!problems.isEmpty()) {
            return new Result(method, signer, null, problems, List.of(), Map.of());
        }
        DsseEnvelope envelope = bundle.envelope();
        if (!OmsFormat.PAYLOAD_TYPE.equals(envelope.payloadType())) {
            problems.add(new OmsProblem(OmsProblem.Kind.PAYLOAD_TYPE, subject, "the DSSE payload type is '"
                    + envelope.payloadType() + "', not an in-toto statement", OmsFormat.PAYLOAD_TYPE,
                    envelope.payloadType()));
            return new Result(method, signer, null, problems, List.of(), Map.of());
        }
        Statement.Header header = Statement.header(envelope.payload(), bundlePath);
        if (!OmsFormat.STATEMENT_TYPE.equals(header.statementType())) {
            problems.add(new OmsProblem(OmsProblem.Kind.STATEMENT_TYPE, subject, "the payload is not an in-toto"
                    + " Statement v1 (_type '" + header.statementType() + "')", OmsFormat.STATEMENT_TYPE,
                    header.statementType()));
            return new Result(method, signer, null, problems, List.of(), Map.of());
        }
        if (!OmsFormat.PREDICATE_TYPE.equals(header.predicateType())) {
            String legacy = OmsFormat.LEGACY_PREDICATE_TYPE.equals(header.predicateType())
                    ? " (the model_signing 0.2 format, deprecated by the spec: re-sign the model)" : "";
            problems.add(new OmsProblem(OmsProblem.Kind.PREDICATE_TYPE, subject, "the statement is not an OMS v1.0"
                    + " model signature (predicate type '" + header.predicateType() + "')" + legacy,
                    OmsFormat.PREDICATE_TYPE, header.predicateType()));
            return new Result(method, signer, null, problems, List.of(), Map.of());
        }
        Statement statement = Statement.parse(header, bundlePath);
        String computedRoot = Statement.rootDigest(statement.resources());
        if (!computedRoot.equals(statement.subjectDigest())) {
            problems.add(new OmsProblem(OmsProblem.Kind.SUBJECT_DIGEST, subject, "the subject digest is not the"
                    + " digest of the listed resources: the manifest is inconsistent", "sha256 " + computedRoot,
                    "sha256 " + statement.subjectDigest()));
            return new Result(method, signer, statement, problems, List.of(), Map.of());
        }
        return compareFiles(model, bundlePath, statement, options, method, signer, problems);
    }

    private static Result compareFiles(Path model, Path bundlePath, Statement statement, Options options,
            String method, String signer, List<OmsProblem> problems) {
        Serialization serialization = statement.serialization();
        String expectedAlgorithm = serialization.resourceAlgorithm();
        Map<String, Map<String, Resource>> signed = new TreeMap<>();
        for (Resource resource : statement.resources()) {
            if (!resource.algorithm().equals(expectedAlgorithm)
                    && !resource.algorithm().equals(serialization.hashType())) {
                throw new InputException(bundlePath, "resource '" + resource.name() + "' has algorithm '"
                        + resource.algorithm() + "', but the serialization says " + expectedAlgorithm);
            }
            String path = resource.path(serialization.sharded());
            var unsafe = SafePaths.problemWith(path);
            if (unsafe.isPresent()) {
                problems.add(new OmsProblem(OmsProblem.Kind.PATH_ESCAPES, path, "a signed path that cannot be inside"
                        + " the model folder: " + unsafe.get(), "a path inside the model folder", path));
                continue;
            }
            signed.computeIfAbsent(path, p -> new LinkedHashMap<>()).put(resource.name(), resource);
        }
        Path root = model.toAbsolutePath().normalize();
        Path folder = Files.isDirectory(root) ? root : root.getParent();
        List<String> ignores = new ArrayList<>(serialization.ignorePaths());
        ignores.addAll(options.ignorePaths());
        if (bundlePath.startsWith(folder) && !bundlePath.equals(folder)) {
            ignores.add(SafePaths.relativize(folder, bundlePath));
        }
        ModelFiles.Listing listing = ModelFiles.list(root, serialization.allowSymlinks(), ignores);
        for (ModelFiles.Problem problem : listing.problems()) {
            if (options.ignoreUnsignedFiles() && !signed.containsKey(problem.name())) {
                continue;
            }
            boolean link = problem.kind() == ModelFiles.Problem.Kind.SYMLINK;
            problems.add(new OmsProblem(link ? OmsProblem.Kind.SYMLINK : OmsProblem.Kind.PATH_ESCAPES,
                    problem.name(), problem.detail() + (link ? ", but the model was signed without symbolic links"
                    : ""), link ? "a regular file" : "a path inside the model folder", problem.detail()));
            signed.remove(problem.name());
        }
        List<ModelFiles.ModelFile> toHash = new ArrayList<>();
        for (ModelFiles.ModelFile file : listing.files()) {
            if (signed.containsKey(file.name())) {
                toHash.add(file);
            } else if (serialization.sharded() && file.size() == 0) {
                continue; // an empty file has no shards: it is neither signed nor unsigned
            } else if (!options.ignoreUnsignedFiles()) {
                problems.add(new OmsProblem(OmsProblem.Kind.FILE_EXTRA, file.name(), "file is not in the signed"
                        + " model (" + file.size() + " bytes)", "not present", file.size() + " bytes"));
            }
        }
        List<Resource> actual = new ModelHasher(options.threads(), options.progress(), "verifying model '"
                + listing.modelName() + "'").hash(toHash, serialization);
        Map<String, Map<String, Resource>> present = new TreeMap<>();
        for (Resource resource : actual) {
            present.computeIfAbsent(resource.path(serialization.sharded()), p -> new LinkedHashMap<>())
                    .put(resource.name(), resource);
        }
        Map<String, Long> sizes = new TreeMap<>();
        listing.files().forEach(f -> sizes.put(f.name(), f.size()));
        for (Map.Entry<String, Map<String, Resource>> entry : signed.entrySet()) {
            String path = entry.getKey();
            if (!sizes.containsKey(path)) {
                problems.add(new OmsProblem(OmsProblem.Kind.FILE_MISSING, path, "signed file is missing",
                        describe(entry.getValue().values(), serialization), "missing"));
                continue;
            }
            Map<String, Resource> now = present.getOrDefault(path, Map.of());
            String difference = difference(entry.getValue(), now, serialization);
            if (difference != null) {
                problems.add(new OmsProblem(OmsProblem.Kind.FILE_MODIFIED, path, "modified since the model was signed ("
                        + difference + ")", describe(entry.getValue().values(), serialization),
                        describe(now.values(), serialization) + ", " + sizes.get(path) + " bytes"));
            }
        }
        Map<String, String> digests = new TreeMap<>();
        if (!serialization.sharded()) {
            actual.forEach(r -> digests.put(r.name(), r.digest()));
        }
        return new Result(method, signer, statement, problems, listing.files(), digests);
    }

    /** Null when the file's resources match, else what differs: the digest, or which byte ranges. */
    private static String difference(Map<String, Resource> signed, Map<String, Resource> now,
            Serialization serialization) {
        if (!serialization.sharded()) {
            Resource want = signed.values().iterator().next();
            Resource have = now.values().iterator().next();
            return want.digest().equals(have.digest()) ? null : "sha256 " + want.digest() + " -> sha256 "
                    + have.digest();
        }
        TreeSet<String> differing = new TreeSet<>();
        for (Map.Entry<String, Resource> shard : signed.entrySet()) {
            Resource have = now.get(shard.getKey());
            if (have == null || !have.digest().equals(shard.getValue().digest())) {
                differing.add(shard.getKey());
            }
        }
        long signedSize = signed.keySet().stream().mapToLong(n -> Resource.ShardName.parse(n).end()).max().orElse(0);
        long size = now.keySet().stream().mapToLong(n -> Resource.ShardName.parse(n).end()).max().orElse(0);
        if (signedSize != size) {
            return "size " + size + " bytes, signed " + signedSize + " bytes";
        }
        if (differing.isEmpty()) {
            return null;
        }
        List<String> ranges = new ArrayList<>();
        for (String name : differing) {
            Resource.ShardName shard = Resource.ShardName.parse(name);
            ranges.add("bytes " + shard.start() + "-" + shard.end());
            if (ranges.size() == 5) {
                ranges.add("...");
                break;
            }
        }
        return String.join(", ", ranges) + " differ";
    }

    private static String describe(java.util.Collection<Resource> resources, Serialization serialization) {
        if (resources.isEmpty()) {
            return "no content";
        }
        if (!serialization.sharded()) {
            return "sha256 " + resources.iterator().next().digest();
        }
        return resources.size() + " shards, root sha256 " + Statement.rootDigest(new ArrayList<>(resources));
    }

    private static String verifyKey(OmsBundle bundle, Trust trust, String subject, List<OmsProblem> problems) {
        OmsBundle.Material material = bundle.material();
        List<ECPublicKey> candidates = new ArrayList<>();
        if (material.hint() != null) {
            for (ECPublicKey key : trust.keys()) {
                if (EcKeys.hint(key).equalsIgnoreCase(material.hint())) {
                    candidates.add(key);
                }
            }
            if (candidates.isEmpty()) {
                problems.add(new OmsProblem(OmsProblem.Kind.UNKNOWN_KEY, subject, "signed by key " + material.hint()
                        + ", which is not a trusted key", "one of " + hints(trust.keys()), material.hint()));
                return material.hint();
            }
        } else if (material.rawKey() != null) {
            // Bundles before model_signing 1.1 carry the key itself: it must be a trusted one.
            for (ECPublicKey key : trust.keys()) {
                if (java.util.Arrays.equals(key.getEncoded(), material.rawKey())
                        || java.util.Arrays.equals(EcKeys.publicPem(key).getBytes(java.nio.charset.StandardCharsets
                        .US_ASCII), material.rawKey())) {
                    candidates.add(key);
                }
            }
            if (candidates.isEmpty()) {
                problems.add(new OmsProblem(OmsProblem.Kind.UNKNOWN_KEY, subject, "the bundle carries a public key that"
                        + " is not a trusted key", "one of " + hints(trust.keys()), "an untrusted key"));
                return null;
            }
        } else {
            candidates.addAll(trust.keys());
        }
        for (ECPublicKey key : candidates) {
            if (signatureVerifies(bundle.envelope(), key)) {
                return EcKeys.hint(key);
            }
        }
        problems.add(new OmsProblem(OmsProblem.Kind.SIGNATURE, subject, "the DSSE signature does not verify with the"
                + " trusted key (the signed statement was altered, or another key signed it)",
                "a signature by " + hints(candidates), "no valid signature"));
        return material.hint();
    }

    private static String verifyChain(OmsBundle bundle, Trust trust, String subject, List<OmsProblem> problems,
            Clock clock, Path bundlePath) {
        List<X509Certificate> chain = new ArrayList<>();
        try {
            for (byte[] der : bundle.material().certificates()) {
                chain.add(CertificateChains.parse(der));
            }
        } catch (CertificateException e) {
            throw new InputException(bundlePath, "a certificate in the bundle is malformed: " + e.getMessage());
        }
        X509Certificate leaf = chain.get(0);
        String signer = leaf.getSubjectX500Principal().getName() + " (" + CertificateChains.fingerprint(leaf) + ")";
        java.time.Instant at = trust.acceptExpired() ? leaf.getNotBefore().toInstant() : clock.instant();
        String problem = CertificateChains.problem(chain, trust.roots(), at);
        if (problem != null) {
            problems.add(new OmsProblem(OmsProblem.Kind.CERTIFICATE, subject, problem, "a certificate issued by "
                    + trust.roots().stream().map(r -> r.getSubjectX500Principal().getName()).toList(), signer));
            return signer;
        }
        if (!(leaf.getPublicKey() instanceof ECPublicKey key) || !signatureVerifies(bundle.envelope(), key)) {
            problems.add(new OmsProblem(OmsProblem.Kind.SIGNATURE, subject, "the DSSE signature does not verify with"
                    + " the signing certificate's key (the signed statement was altered)", "a signature by " + signer,
                    "no valid signature"));
        }
        return signer;
    }

    private static String verifySigstore(OmsBundle bundle, byte[] bytes, Trust trust, String subject,
            List<OmsProblem> problems, Path bundlePath) {
        SigstoreVerifier verifier = ServiceLoader.load(SigstoreVerifier.class, OmsVerifier.class.getClassLoader())
                .findFirst().orElseThrow(() -> new GateException("verifying Sigstore (keyless) bundles needs the"
                        + " aigate-signature-sigstore module on the class path"));
        String problem = verifier.verify(bundle, bytes, trust.sigstore(), bundlePath);
        if (problem != null) {
            problems.add(new OmsProblem(OmsProblem.Kind.SIGSTORE, subject, problem, "signed by "
                    + trust.sigstore().identity() + " (issuer " + trust.sigstore().issuer() + ")", problem));
        }
        return trust.sigstore().identity();
    }

    /** Any of the envelope's signatures verifies over the PAE, with the hash of the key's curve. */
    static boolean signatureVerifies(DsseEnvelope envelope, PublicKey key) {
        try {
            EcKeys.Curve curve = EcKeys.curveOf(key);
            byte[] pae = envelope.pae();
            for (byte[] sig : envelope.signatures()) {
                Signature verifier = Signature.getInstance(curve.signatureAlgorithm());
                verifier.initVerify(key);
                verifier.update(pae);
                try {
                    if (verifier.verify(sig)) {
                        return true;
                    }
                } catch (java.security.SignatureException e) {
                    // a malformed signature is one that does not verify
                }
            }
            return false;
        } catch (GeneralSecurityException | EcKeys.KeyFormatException e) {
            return false;
        }
    }

    private static String hints(List<ECPublicKey> keys) {
        return String.join(", ", keys.stream().map(EcKeys::hint).toList());
    }
}
