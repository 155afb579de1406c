package dev.aigate.checks.signature;

import dev.aigate.core.PolicyException;
import dev.aigate.core.keys.Ed25519Keys;
import dev.aigate.core.spi.Action;
import dev.aigate.core.spi.ActionContext;
import dev.aigate.core.spi.ActionOption;
import dev.aigate.core.spi.ActionResult;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.PrivateKey;
import java.util.List;
import java.util.Optional;

/**
 * {@code signature sign}: signs model files. With paths, those files and directories; otherwise what the policy's
 * {@code signature} section selects.
 */
final class SignAction implements Action<SignatureConfig> {
    static final List<ActionOption> SELECTION = List.of(
            ActionOption.paths("paths", "Model files or directories (instead of the policy's selection)."),
            ActionOption.path("signature", "FILE", "The signature file (default: "
                    + SignatureConfig.DEFAULT_SIGNATURE_NAME + " in the root)."),
            ActionOption.path("root", "DIR", "The directory manifest paths are relative to (default: the single"
                    + " directory given, or the project directory)."));

    @Override
    public String name() {
        return "sign";
    }

    @Override
    public String summary() {
        return "Signs model files: an in-toto statement of every file's path, size and SHA-256 in a DSSE envelope"
                + " signed with Ed25519; the given paths, or what the policy's 'signature' section selects.";
    }

    @Override
    public PolicyUse policy() {
        return PolicyUse.OPTIONAL;
    }

    @Override
    public List<ActionOption> options() {
        return List.of(ActionOption.key("key", "The private key (PEM): replaces the policy's key source."),
                SELECTION.get(0), SELECTION.get(1), SELECTION.get(2));
    }

    @Override
    public ActionResult run(SignatureConfig config, ActionContext context) {
        ModelSigning.Selection selection;
        Optional<dev.aigate.core.keys.KeySource> policyKey = Optional.empty();
        if (!context.arguments().paths("paths").isEmpty()) {
            selection = selection(context);
        } else if (config != null) {
            selection = config.selection(context.baseDir());
            policyKey = config.keySource();
        } else {
            throw new PolicyException((context.policyFile() == null ? "no policy file"
                    : context.policyFile() + ": the policy has no 'signature' section")
                    + ", so there is nothing to sign; give the model files or directories to sign");
        }
        PrivateKey key = Ed25519Keys.readPrivate(context.read(context.key("key", policyKey, "signing key"),
                "signing key"));
        ModelSigning.Signed signed = ModelSigning.sign(selection, key);
        return ActionResult.builder().info("signed " + signed.files() + " file(s), " + signed.bytes()
                + " bytes, with key " + signed.keyFingerprint() + " -> " + signed.signatureFile())
                .wrote(signed.signatureFile()).build();
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
