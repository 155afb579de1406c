package dev.aigate.checks.signature;

import dev.aigate.checks.signature.oms.EcKeys;
import dev.aigate.checks.signature.oms.OmsSigner;
import dev.aigate.core.GateException;
import dev.aigate.core.InputException;
import dev.aigate.core.PolicyException;
import dev.aigate.core.io.AtomicFiles;
import dev.aigate.core.keys.Ed25519Keys;
import dev.aigate.core.keys.KeySource;
import dev.aigate.core.spi.Action;
import dev.aigate.core.spi.ActionContext;
import dev.aigate.core.spi.ActionOption;
import dev.aigate.core.spi.ActionResult;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.PrivateKey;
import java.security.cert.X509Certificate;
import java.security.interfaces.ECPrivateKey;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * {@code signature sign}: signs a model as an OpenSSF Model Signing (OMS) bundle, with the {@code key} or the
 * {@code certificate} method; with {@code format: legacy}, as aigate 0.1's Ed25519 envelope (for one more release).
 * With paths, that model; otherwise what the policy's {@code signature} section selects.
 */
final class SignAction implements Action<SignatureConfig> {
    static final List<ActionOption> SELECTION = List.of(
            ActionOption.paths("paths", "The model: one directory or file (legacy format: files and directories)."),
            ActionOption.path("signature", "FILE", "The signature file (default: " + "model.sig in the model"
                    + " directory, or FILE.sig beside a single file; legacy: " + SignatureConfig.DEFAULT_SIGNATURE_NAME
                    + " in the root)."),
            ActionOption.path("root", "DIR", "Legacy format: the directory manifest paths are relative to (default:"
                    + " the single directory given, or the project directory)."));

    @Override
    public String name() {
        return "sign";
    }

    @Override
    public String summary() {
        return "Signs a model as an OpenSSF Model Signing bundle (ECDSA key or certificate; verifiable with"
                + " model_signing); the given model, or what the policy's 'signature' section selects.";
    }

    @Override
    public PolicyUse policy() {
        return PolicyUse.OPTIONAL;
    }

    @Override
    public List<ActionOption> options() {
        return List.of(ActionOption.key("key", "The private key (PEM): replaces the policy's key source."),
                SELECTION.get(0), SELECTION.get(1), SELECTION.get(2),
                ActionOption.text("format", "FORMAT", "oms (default) or legacy (aigate 0.1's Ed25519 envelope)."),
                ActionOption.path("certificate", "FILE", "Sign with the certificate method: the signing certificate"
                        + " (PEM) of the key."),
                ActionOption.list("certificateChain", "FILE", "The certificates above the signing certificate (PEM)."
                        + " Repeatable."),
                ActionOption.integer("shardSize", "Sign with the shards method, in shards of this many bytes."));
    }

    @Override
    public ActionResult run(SignatureConfig config, ActionContext context) {
        boolean givenPaths = !context.arguments().paths("paths").isEmpty();
        if (!givenPaths && config == null) {
            throw new PolicyException((context.policyFile() == null ? "no policy file"
                    : context.policyFile() + ": the policy has no 'signature' section")
                    + ", so there is nothing to sign; give the model directory or file to sign");
        }
        Optional<KeySource> policyKey = config == null ? Optional.empty() : config.keySource();
        String format = context.arguments().text("format").orElse(config == null ? SignatureConfig.OMS
                : config.format());
        KeySource.Secret secret = context.read(context.key("key", policyKey, "signing key"), "signing key");
        try {
            if (format.equals(SignatureConfig.LEGACY)) {
                return legacy(config, context, givenPaths, Ed25519Keys.readPrivate(secret));
            }
            if (!format.equals(SignatureConfig.OMS)) {
                throw new PolicyException("--format must be oms or legacy, not '" + format + "'");
            }
            return oms(config, context, givenPaths, secret);
        } finally {
            secret.wipe();
        }
    }

    private static ActionResult oms(SignatureConfig config, ActionContext context, boolean givenPaths,
            KeySource.Secret secret) {
        Path baseDir = context.baseDir();
        Path model;
        if (givenPaths) {
            List<Path> paths = context.arguments().paths("paths");
            if (paths.size() != 1) {
                throw new PolicyException("an OMS bundle signs one model: give one directory or file, not "
                        + paths.size());
            }
            model = paths.get(0);
        } else {
            model = config.model(baseDir);
        }
        if (!Files.exists(model)) {
            throw new InputException(model, "does not exist, so it cannot be signed");
        }
        Path bundle = context.arguments().path("signature").orElse(givenPaths || config == null
                ? SignatureConfig.defaultBundle(model, false) : config.bundle(baseDir));
        ECPrivateKey key;
        try {
            key = EcKeys.readPrivate(secret.text());
        } catch (EcKeys.KeyFormatException e) {
            throw secret.problem(e.getMessage() + (secret.text().contains("PRIVATE KEY") ? "; OMS signs with ECDSA"
                    + " (P-256, P-384, P-521): make a key with 'aigate signature keygen', or sign an Ed25519 key's"
                    + " legacy envelope with --format legacy" : ""));
        }
        Optional<Path> certificate = context.arguments().path("certificate").or(() -> config == null
                || config.certificate() == null ? Optional.empty() : Optional.of(baseDir.resolve(config.certificate())
                .normalize()));
        OmsSigner.SigningKey signingKey;
        if (certificate.isPresent()) {
            List<X509Certificate> chain = new ArrayList<>(OmsJudge.certificates(certificate.get(),
                    "signing certificate"));
            List<Path> above = new ArrayList<>(context.arguments().list("certificateChain").stream()
                    .map(c -> baseDir.resolve(c).normalize()).toList());
            if (above.isEmpty() && config != null) {
                config.certificateChain().forEach(c -> above.add(baseDir.resolve(c).normalize()));
            }
            for (Path file : above) {
                chain.addAll(OmsJudge.certificates(file, "certificate chain"));
            }
            signingKey = OmsSigner.SigningKey.certificate(key, chain);
        } else {
            signingKey = OmsSigner.SigningKey.key(key);
        }
        long shardSize = context.arguments().integer("shardSize").map(Integer::longValue)
                .orElse(config == null || config.shardSize() == null ? 0L : config.shardSize());
        if (shardSize < 0) {
            throw new PolicyException("--shard-size must be a positive number of bytes");
        }
        OmsSigner.Options options = new OmsSigner.Options(shardSize, config != null && config.allowSymlinks(),
                config == null ? List.of() : config.ignorePaths());
        OmsSigner.Signed signed = OmsSigner.sign(model, bundle, options, signingKey, context.threads(),
                context.progress());
        try {
            AtomicFiles.write(bundle, signed.bundle());
        } catch (IOException e) {
            throw new InputException(bundle, "cannot write the signature bundle: " + e.getMessage(), e);
        }
        String curve;
        try {
            curve = EcKeys.curveOf(signingKey.publicKey()).nistName();
        } catch (EcKeys.KeyFormatException e) {
            throw new GateException(e.getMessage());
        }
        return ActionResult.builder().info("signed " + signed.listing().files().size() + " file(s), "
                + signed.listing().bytes() + " bytes (OMS, " + signed.statement().serialization().method()
                + " method, " + signingKey.method() + " " + curve + ", key " + dev.aigate.checks.signature.oms.EcKeys
                .hint(signingKey.publicKey()).substring(0, 16) + "...) -> " + bundle).wrote(bundle).build();
    }

    private static ActionResult legacy(SignatureConfig config, ActionContext context, boolean givenPaths,
            PrivateKey key) {
        ModelSigning.Selection selection = givenPaths ? selection(context) : config.selection(context.baseDir());
        ModelSigning.Signed signed = ModelSigning.sign(selection, key);
        return ActionResult.builder().info("signed " + signed.files() + " file(s), " + signed.bytes()
                + " bytes, with key " + signed.keyFingerprint() + " (legacy Ed25519 envelope) -> "
                + signed.signatureFile()).wrote(signed.signatureFile()).build();
    }

    /** The files given as operands, relative to --root (or the one directory given, or the project directory). */
    static ModelSigning.Selection selection(ActionContext context) {
        List<Path> paths = context.arguments().paths("paths");
        Path base = context.arguments().path("root").orElse(paths.size() == 1 && Files.isDirectory(paths.get(0))
                ? paths.get(0) : context.baseDir());
        Path signature = context.arguments().path("signature")
                .orElse(base.resolve(SignatureConfig.DEFAULT_SIGNATURE_NAME));
        return new ModelSigning.Selection(base, paths, List.of(), List.of(), signature);
    }
}
