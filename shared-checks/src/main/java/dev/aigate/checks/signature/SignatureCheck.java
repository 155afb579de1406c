package dev.aigate.checks.signature;

import dev.aigate.core.keys.Ed25519Keys;
import dev.aigate.core.CheckResult;
import dev.aigate.core.Finding;
import dev.aigate.core.InputDigest;
import dev.aigate.core.InputException;
import dev.aigate.core.Rule;
import dev.aigate.core.Severity;
import dev.aigate.core.io.Digests;
import dev.aigate.core.io.SafePaths;
import dev.aigate.core.spi.Check;
import dev.aigate.core.spi.CheckContext;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.PublicKey;
import java.util.ArrayList;
import java.util.List;

/**
 * Verifies the model files against their signed manifest: the DSSE signature must verify with a trusted Ed25519 key,
 * and every file must be exactly as signed. Names each modified, added and removed file, and the signer's key.
 */
public final class SignatureCheck implements Check<SignatureConfig> {
    public static final String ID = "signature";

    public static final Rule MISSING = new Rule("signature/missing", Severity.HIGH,
            "The model has no signature, but the policy requires one before release.",
            "Sign the model with 'mvn aigate:sign-model' (or 'aigate signature sign') after the last change to its files.");
    public static final Rule INVALID = new Rule("signature/invalid", Severity.CRITICAL,
            "The signature does not verify with any trusted public key (wrong key, or the signed manifest was"
                    + " altered).",
            "Re-sign with the release key, or add the signer's public key to 'publicKeys' if it is trusted.");
    public static final Rule FILE_MODIFIED = new Rule("signature/file-modified", Severity.HIGH,
            "A model file differs from the signed manifest.", "Restore the file, or re-sign if the change is intended.");
    public static final Rule FILE_ADDED = new Rule("signature/file-added", Severity.HIGH,
            "A file is in the model but not in the signed manifest.",
            "Remove the file, or re-sign if it belongs to the release.");
    public static final Rule FILE_REMOVED = new Rule("signature/file-removed", Severity.HIGH,
            "A signed model file is missing.", "Restore the file, or re-sign if its removal is intended.");

    public static final Rule MEDIA_TYPE = new Rule("signature/media-type", Severity.HIGH,
            "The signature file is not a Sigstore bundle v0.3 (its media type).",
            "Sign the model again with 'aigate signature sign' or 'model_signing sign' (OMS v1.0).");
    public static final Rule WRONG_METHOD = new Rule("signature/wrong-method", Severity.CRITICAL,
            "The bundle was signed with another method (key, certificate, sigstore) than the policy trusts.",
            "Set the section's 'method' to the one the publisher signs with, with its trust settings.");
    public static final Rule UNKNOWN_KEY = new Rule("signature/unknown-key", Severity.CRITICAL,
            "The bundle names a public key that is not among the trusted 'publicKeys'.",
            "Re-sign with the release key, or add the signer's public key to 'publicKeys' if it is trusted.");
    public static final Rule CERTIFICATE = new Rule("signature/certificate", Severity.CRITICAL,
            "The signing certificate does not chain to a trusted CA root, is expired, or may not sign.",
            "Sign with a code-signing certificate issued under one of 'caRoots', within its validity period.");
    public static final Rule SIGSTORE = new Rule("signature/sigstore", Severity.CRITICAL,
            "The Sigstore (keyless) signature does not verify against the trusted root, or another identity signed.",
            "Check 'trustedRoot', 'identity' and 'issuer'; re-sign if the bundle is damaged.");
    public static final Rule PAYLOAD_TYPE = new Rule("signature/payload-type", Severity.HIGH,
            "The signed DSSE payload is not an in-toto statement.", "Sign the model as an OMS bundle.");
    public static final Rule STATEMENT_TYPE = new Rule("signature/statement-type", Severity.HIGH,
            "The signed payload is not an in-toto Statement v1.", "Sign the model as an OMS bundle.");
    public static final Rule PREDICATE_TYPE = new Rule("signature/predicate-type", Severity.HIGH,
            "The signed statement is not an OMS v1.0 model signature (another predicate, or model_signing 0.2's).",
            "Sign the model again with a current OMS signer.");
    public static final Rule SUBJECT_DIGEST = new Rule("signature/subject-digest", Severity.CRITICAL,
            "The statement's subject digest is not the digest of its listed resources: the manifest is inconsistent.",
            "Sign the model again; a bundle whose digests disagree was not made by a correct signer.");
    public static final Rule SYMLINK = new Rule("signature/symlink", Severity.HIGH,
            "A symbolic link is in the model, which was signed without symbolic links.",
            "Replace the link by the file, or re-sign with 'allowSymlinks: true'.");
    public static final Rule PATH_ESCAPES = new Rule("signature/path-escapes", Severity.CRITICAL,
            "A signed path, or a symbolic link's target, leaves the model folder.",
            "Keep every model file inside the model folder; re-sign.");
    public static final Rule LEGACY_FORMAT = new Rule("signature/legacy-format", Severity.LOW,
            "The model is signed with aigate 0.1's Ed25519 envelope, which other tools cannot verify and which the"
                    + " next release will no longer read.",
            "Re-sign with 'aigate signature sign' (an OMS bundle; make an EC key with 'aigate signature keygen').");

    private static final List<Rule> RULES = List.of(MISSING, INVALID, FILE_MODIFIED, FILE_ADDED, FILE_REMOVED,
            MEDIA_TYPE, WRONG_METHOD, UNKNOWN_KEY, CERTIFICATE, SIGSTORE, PAYLOAD_TYPE, STATEMENT_TYPE,
            PREDICATE_TYPE, SUBJECT_DIGEST, SYMLINK, PATH_ESCAPES, LEGACY_FORMAT);

    @Override
    public String id() {
        return ID;
    }

    @Override
    public String title() {
        return "Model signature";
    }

    @Override
    public Class<SignatureConfig> configType() {
        return SignatureConfig.class;
    }

    @Override
    public List<Rule> rules() {
        return RULES;
    }

    @Override
    public boolean enabled(SignatureConfig config) {
        return config.enabled();
    }

    @Override
    public List<dev.aigate.core.spi.Action<SignatureConfig>> actions() {
        return List.of(new SignAction(), new VerifyFilesAction(), new KeygenAction());
    }

    @Override
    public CheckResult run(SignatureConfig config, CheckContext context) {
        Path baseDir = context.baseDir();
        // The signed model and its signature are judged inputs: inside the project (or its roots), through links too.
        context.projectRoot().resolve(config.path(), "signature path");
        if (config.signatureFile() != null) {
            context.projectRoot().resolve(config.signatureFile(), "signature signatureFile");
        }
        Path bundle = config.bundle(baseDir);
        ModelSigning.Selection legacy = config.selection(baseDir);
        // Legacy envelopes are still read for one release: by the policy's choice, or when the signature found is one.
        boolean readLegacy = config.legacy() || OmsJudge.isLegacyEnvelope(bundle)
                || !Files.exists(bundle) && config.signatureFile() == null && config.method().equals("key")
                && OmsJudge.isLegacyEnvelope(legacy.signatureFile());
        if (readLegacy) {
            ModelSigning.Selection selection = config.legacy() || config.signatureFile() == null ? legacy
                    : new ModelSigning.Selection(legacy.root(), legacy.targets(), legacy.include(), legacy.exclude(),
                    bundle);
            CheckResult judged = judge(title(), baseDir, selection,
                    config.publicKeys().stream().map(k -> baseDir.resolve(k).normalize()).toList(), config.required());
            if (config.legacy() || !Files.exists(selection.signatureFile())) {
                return judged; // chosen explicitly: documented as legacy, not flagged on every run
            }
            String subject = SafePaths.relativize(baseDir, selection.signatureFile());
            CheckResult.Builder noted = CheckResult.builder(ID, title());
            judged.findings().forEach(noted::finding);
            judged.inputs().forEach(noted::input);
            judged.metrics().forEach(noted::metric);
            judged.views().forEach(noted::view);
            noted.metric("format", "legacy");
            return noted.finding(Finding.of(LEGACY_FORMAT, subject
                    + ": a legacy Ed25519 envelope (aigate 0.1); the next release reads OMS bundles only")
                    .subject(subject).expected("an OMS bundle").actual("a legacy DSSE envelope").build()).build();
        }
        return OmsJudge.judge(title(), baseDir, config.model(baseDir), bundle, OmsJudge.TrustFiles.of(config,
                baseDir), OmsJudge.options(config, context.threads(), context.progress(), context.clock()),
                config.required());
    }

    /** Verifies a selection against its signature; shared with {@code verify-files}. */
    static CheckResult judge(String title, Path baseDir, ModelSigning.Selection selection, List<Path> publicKeys,
            boolean required) {
        CheckResult.Builder result = CheckResult.builder(ID, title);
        String signatureSubject = SafePaths.relativize(baseDir, selection.signatureFile());
        List<PublicKey> trusted = new ArrayList<>();
        List<String> trustedFingerprints = new ArrayList<>();
        for (Path file : publicKeys) {
            PublicKey key = Ed25519Keys.readPublic(file);
            trusted.add(key);
            trustedFingerprints.add(Ed25519Keys.fingerprint(key));
            result.input(digest("public-key", baseDir, file));
        }
        result.metric("signatureFile", signatureSubject);
        result.metric("trustedKeyFingerprints", trustedFingerprints);
        if (!Files.exists(selection.signatureFile())) {
            result.finding(Finding.of(MISSING, signatureSubject + ": no signature for "
                    + SafePaths.relativize(baseDir, selection.targets().get(0)) + (required ? "" :
                    " (not required by the policy)")).subject(signatureSubject)
                    .expected("a DSSE signature by a trusted key").actual("missing").build()
                    .withSeverity(required ? MISSING.defaultSeverity() : Severity.INFO));
            result.metric("signatureValid", false);
            return result.build();
        }
        result.input(digest("signature", baseDir, selection.signatureFile()));
        ModelSigning.Verification verification = ModelSigning.verify(selection, trusted);
        for (ModelManifest.FileEntry file : verification.actual()) {
            result.input(new InputDigest("model-file", SafePaths.relativize(baseDir,
                    selection.root().resolve(file.path())), file.size(), file.sha256()));
        }
        result.metric("signatureValid", verification.signatureValid());
        result.metric("signerKeyFingerprint", verification.signerFingerprint());
        result.metric("envelopeKeyIds", verification.envelopeKeyIds());
        result.metric("signedFiles", verification.signed().size());
        result.metric("files", verification.actual().size());
        result.metric("bytes", verification.actual().stream().mapToLong(ModelManifest.FileEntry::size).sum());
        if (!verification.signatureValid()) {
            result.finding(Finding.of(INVALID, signatureSubject + ": signature does not verify with any trusted key"
                    + " (signed by " + String.join(", ", verification.envelopeKeyIds()) + "; trusted: "
                    + String.join(", ", trustedFingerprints) + ")").subject(signatureSubject)
                    .expected("signed by " + String.join(" or ", trustedFingerprints))
                    .actual("signed by " + String.join(", ", verification.envelopeKeyIds())).build());
            return result.build();
        }
        List<String> modified = new ArrayList<>();
        List<String> added = new ArrayList<>();
        List<String> removed = new ArrayList<>();
        for (ModelSigning.Difference d : verification.differences()) {
            String subject = SafePaths.relativize(baseDir, selection.root().resolve(d.path()));
            Rule rule;
            String message;
            switch (d.kind()) {
                case "added":
                    rule = FILE_ADDED;
                    message = subject + ": file added since the model was signed (" + d.actual() + ")";
                    added.add(subject);
                    break;
                case "removed":
                    rule = FILE_REMOVED;
                    message = subject + ": signed file is missing (was " + d.expected() + ")";
                    removed.add(subject);
                    break;
                default:
                    rule = FILE_MODIFIED;
                    message = subject + ": modified since the model was signed (" + d.expected() + " -> "
                            + d.actual() + ")";
                    modified.add(subject);
            }
            result.finding(Finding.of(rule, message).subject(subject).expected(d.expected()).actual(d.actual())
                    .build());
        }
        result.metric("modified", modified);
        result.metric("added", added);
        result.metric("removed", removed);
        result.view(new dev.aigate.core.view.View.Note(signatureSubject + ": signed by "
                + verification.signerFingerprint() + "; " + verification.actual().size() + " file(s) checked, "
                + modified.size() + " modified, " + added.size() + " added, " + removed.size() + " removed"));
        result.view(new dev.aigate.core.view.View.Bars("Model files changed since signing", List.of(
                new dev.aigate.core.view.View.Bar("modified", modified.size(), dev.aigate.core.view.View.Tone.DANGER),
                new dev.aigate.core.view.View.Bar("added", added.size(), dev.aigate.core.view.View.Tone.WARNING),
                new dev.aigate.core.view.View.Bar("removed", removed.size(),
                        dev.aigate.core.view.View.Tone.NOTICE))));
        return result.build();
    }

    private static InputDigest digest(String kind, Path baseDir, Path file) {
        try {
            return new InputDigest(kind, SafePaths.relativize(baseDir, file), Files.size(file),
                    Digests.sha256Hex(file));
        } catch (IOException e) {
            throw new InputException(file, "cannot read: " + e.getMessage(), e);
        }
    }
}
