package dev.aigate.checks.signature;

import dev.aigate.checks.signature.oms.CertificateChains;
import dev.aigate.checks.signature.oms.EcKeys;
import dev.aigate.checks.signature.oms.ModelFiles;
import dev.aigate.checks.signature.oms.OmsProblem;
import dev.aigate.checks.signature.oms.OmsVerifier;
import dev.aigate.core.CheckResult;
import dev.aigate.core.Finding;
import dev.aigate.core.InputDigest;
import dev.aigate.core.InputException;
import dev.aigate.core.ProgressListener;
import dev.aigate.core.Rule;
import dev.aigate.core.Severity;
import dev.aigate.core.io.BoundedFiles;
import dev.aigate.core.io.Digests;
import dev.aigate.core.io.SafePaths;
import dev.aigate.core.keys.KeySource;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.cert.CertificateException;
import java.security.cert.X509Certificate;
import java.security.interfaces.ECPublicKey;
import java.time.Clock;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;

/** Judges a model against its OMS bundle: {@link OmsVerifier}'s results as findings, inputs and metrics. */
final class OmsJudge {
    private static final Map<OmsProblem.Kind, Rule> RULES = new EnumMap<>(OmsProblem.Kind.class);

    static {
        RULES.put(OmsProblem.Kind.MEDIA_TYPE, SignatureCheck.MEDIA_TYPE);
        RULES.put(OmsProblem.Kind.METHOD, SignatureCheck.WRONG_METHOD);
        RULES.put(OmsProblem.Kind.UNKNOWN_KEY, SignatureCheck.UNKNOWN_KEY);
        RULES.put(OmsProblem.Kind.CERTIFICATE, SignatureCheck.CERTIFICATE);
        RULES.put(OmsProblem.Kind.SIGSTORE, SignatureCheck.SIGSTORE);
        RULES.put(OmsProblem.Kind.SIGNATURE, SignatureCheck.INVALID);
        RULES.put(OmsProblem.Kind.PAYLOAD_TYPE, SignatureCheck.PAYLOAD_TYPE);
        RULES.put(OmsProblem.Kind.STATEMENT_TYPE, SignatureCheck.STATEMENT_TYPE);
        RULES.put(OmsProblem.Kind.PREDICATE_TYPE, SignatureCheck.PREDICATE_TYPE);
        RULES.put(OmsProblem.Kind.SUBJECT_DIGEST, SignatureCheck.SUBJECT_DIGEST);
        RULES.put(OmsProblem.Kind.FILE_MODIFIED, SignatureCheck.FILE_MODIFIED);
        RULES.put(OmsProblem.Kind.FILE_MISSING, SignatureCheck.FILE_REMOVED);
        RULES.put(OmsProblem.Kind.FILE_EXTRA, SignatureCheck.FILE_ADDED);
        RULES.put(OmsProblem.Kind.SYMLINK, SignatureCheck.SYMLINK);
        RULES.put(OmsProblem.Kind.PATH_ESCAPES, SignatureCheck.PATH_ESCAPES);
    }

    private OmsJudge() {
    }

    static Rule rule(OmsProblem.Kind kind) {
        return RULES.get(kind);
    }

    /** What the check trusts, read from the files the policy (or the action's options) names. */
    record TrustFiles(String method, List<Path> publicKeys, List<Path> caRoots, boolean acceptExpired,
            Path trustedRoot, String identity, String issuer) {
        static TrustFiles of(SignatureConfig config, Path baseDir) {
            return new TrustFiles(config.method(), resolve(baseDir, config.publicKeys()), resolve(baseDir,
                    config.caRoots()), config.acceptExpiredCertificates(), config.trustedRoot() == null ? null
                    : baseDir.resolve(config.trustedRoot()).normalize(), config.identity(), config.issuer());
        }

        private static List<Path> resolve(Path baseDir, List<String> files) {
            return files.stream().map(f -> baseDir.resolve(f).normalize()).toList();
        }

        List<Path> files() {
            List<Path> all = new ArrayList<>(publicKeys);
            all.addAll(caRoots);
            if (trustedRoot != null) {
                all.add(trustedRoot);
            }
            return all;
        }

        OmsVerifier.Trust load() {
            return switch (method) {
                case "key" -> {
                    List<ECPublicKey> keys = new ArrayList<>();
                    for (Path file : publicKeys) {
                        keys.add(publicKey(file));
                    }
                    yield OmsVerifier.Trust.keys(keys);
                }
                case "certificate" -> {
                    List<X509Certificate> roots = new ArrayList<>();
                    for (Path file : caRoots) {
                        roots.addAll(certificates(file, "CA root certificate"));
                    }
                    yield OmsVerifier.Trust.roots(roots, acceptExpired);
                }
                default -> OmsVerifier.Trust.sigstore(new OmsVerifier.SigstoreTrust(trustedRoot, issuer, identity));
            };
        }
    }

    static ECPublicKey publicKey(Path file) {
        String text = new String(BoundedFiles.read(file, KeySource.MAX_BYTES, "public key file"),
                StandardCharsets.US_ASCII);
        try {
            return EcKeys.readPublic(text);
        } catch (EcKeys.KeyFormatException e) {
            throw new InputException(file, e.getMessage() + (text.contains("PUBLIC KEY")
                    ? " (an Ed25519 key verifies legacy envelopes only: make an EC key with 'aigate signature keygen')"
                    : ""));
        }
    }

    static List<X509Certificate> certificates(Path file, String what) {
        String text = new String(BoundedFiles.read(file, KeySource.MAX_BYTES * 4, what + " file"),
                StandardCharsets.US_ASCII);
        try {
            return CertificateChains.readPem(text);
        } catch (CertificateException e) {
            throw new InputException(file, "not a PEM certificate file: " + e.getMessage());
        }
    }

    static CheckResult judge(String title, Path baseDir, Path model, Path bundle, TrustFiles trust,
            OmsVerifier.Options options, boolean required) {
        CheckResult.Builder result = CheckResult.builder(SignatureCheck.ID, title);
        String bundleSubject = SafePaths.relativize(baseDir, bundle);
        for (Path file : trust.files()) {
            result.input(digest("trust", baseDir, file));
        }
        result.metric("format", "oms");
        result.metric("method", trust.method());
        result.metric("signatureFile", bundleSubject);
        if (!Files.exists(bundle)) {
            result.finding(Finding.of(SignatureCheck.MISSING, bundleSubject + ": no signature for "
                    + SafePaths.relativize(baseDir, model) + (required ? "" : " (not required by the policy)"))
                    .subject(bundleSubject).expected("an OMS bundle signed with the " + trust.method() + " method")
                    .actual("missing").build()
                    .withSeverity(required ? SignatureCheck.MISSING.defaultSeverity() : Severity.INFO));
            result.metric("signatureValid", false);
            return result.build();
        }
        result.input(digest("signature", baseDir, bundle));
        OmsVerifier.Result verification = OmsVerifier.verify(model, bundle, trust.load(), options);
        Path folder = Files.isDirectory(model) ? model : model.getParent();
        for (ModelFiles.ModelFile file : verification.files()) {
            result.input(new InputDigest("model-file", SafePaths.relativize(baseDir, folder.resolve(file.name())),
                    file.size(), verification.digests().get(file.name())));
        }
        boolean signatureValid = verification.problems().stream().noneMatch(OmsProblem::aboutSignature);
        result.metric("signatureValid", signatureValid);
        result.metric("signer", verification.signer());
        if (verification.statement() != null) {
            result.metric("serialization", verification.statement().serialization().method());
            result.metric("signedResources", verification.statement().resources().size());
        }
        result.metric("files", verification.files().size());
        result.metric("bytes", verification.files().stream().mapToLong(ModelFiles.ModelFile::size).sum());
        List<String> modified = new ArrayList<>();
        List<String> added = new ArrayList<>();
        List<String> removed = new ArrayList<>();
        for (OmsProblem problem : verification.problems()) {
            String subject = problem.aboutSignature() ? bundleSubject
                    : SafePaths.relativize(baseDir, folder.resolve(problem.subject()));
            switch (problem.kind()) {
                case FILE_MODIFIED -> modified.add(subject);
                case FILE_EXTRA -> added.add(subject);
                case FILE_MISSING -> removed.add(subject);
                default -> { }
            }
            result.finding(Finding.of(rule(problem.kind()), subject + ": " + problem.message()).subject(subject)
                    .expected(problem.expected()).actual(problem.actual()).build());
        }
        result.metric("modified", modified);
        result.metric("added", added);
        result.metric("removed", removed);
        result.view(new dev.aigate.core.view.View.Note(bundleSubject + ": OMS bundle, " + trust.method()
                + " method, signed by " + verification.signer() + "; " + verification.files().size()
                + " file(s) checked, " + modified.size() + " modified, " + added.size() + " added, " + removed.size()
                + " removed" + (signatureValid ? "" : "; the signature itself does not verify")));
        result.view(new dev.aigate.core.view.View.Bars("Model files changed since signing", List.of(
                new dev.aigate.core.view.View.Bar("modified", modified.size(), dev.aigate.core.view.View.Tone.DANGER),
                new dev.aigate.core.view.View.Bar("added", added.size(), dev.aigate.core.view.View.Tone.WARNING),
                new dev.aigate.core.view.View.Bar("removed", removed.size(),
                        dev.aigate.core.view.View.Tone.NOTICE))));
        return result.build();
    }

    private static InputDigest digest(String kind, Path baseDir, Path file) {
        try {
            BoundedFiles.requireRegularFile(file, kind + " file");
            return new InputDigest(kind, SafePaths.relativize(baseDir, file), Files.size(file),
                    Digests.sha256Hex(file));
        } catch (IOException e) {
            throw new InputException(file, "cannot read: " + e.getMessage(), e);
        }
    }

    /** True when {@code file} holds aigate 0.1's envelope (top-level payload and signatures, no bundle). */
    static boolean isLegacyEnvelope(Path file) {
        if (!Files.isRegularFile(file)) {
            return false;
        }
        byte[] head;
        try (var in = Files.newInputStream(file)) {
            head = in.readNBytes(4096);
        } catch (IOException e) {
            return false;
        }
        String text = new String(head, StandardCharsets.UTF_8);
        return !text.contains("\"dsseEnvelope\"") && !text.contains("\"mediaType\"") && text.contains("\"payload\"");
    }

    static OmsVerifier.Options options(SignatureConfig config, int threads, ProgressListener progress, Clock clock) {
        return new OmsVerifier.Options(config.ignoreUnsignedFiles(), config.ignorePaths(), threads, progress, clock);
    }
}
