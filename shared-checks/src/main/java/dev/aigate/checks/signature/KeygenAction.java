package dev.aigate.checks.signature;

import dev.aigate.core.InputException;
import dev.aigate.core.keys.Ed25519Keys;
import dev.aigate.core.spi.Action;
import dev.aigate.core.spi.ActionContext;
import dev.aigate.core.spi.ActionOption;
import dev.aigate.core.spi.ActionResult;
import java.io.IOException;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.Path;
import java.security.KeyPair;
import java.util.List;

/**
 * {@code signature keygen}: writes an ECDSA key pair for OMS bundles (P-256 by default; {@code --curve} P-384, P-521,
 * or ed25519 for the legacy envelope), the private half readable by its owner only.
 */
final class KeygenAction implements Action<SignatureConfig> {
    @Override
    public String name() {
        return "keygen";
    }

    @Override
    public String summary() {
        return "Writes a signing key pair: OUT.key (PEM PKCS#8, permissions 600) and OUT.pub (PEM); ECDSA P-256 by"
                + " default (--curve P-384, P-521, or ed25519 for the legacy format).";
    }

    @Override
    public PolicyUse policy() {
        return PolicyUse.NONE;
    }

    @Override
    public List<ActionOption> options() {
        return List.of(ActionOption.path("out", "PATH", "Where to write the result (here: the key pair's path"
                + " prefix, OUT.key and OUT.pub).").asRequired(),
                ActionOption.flag("force", "Overwrite files that exist."),
                ActionOption.text("curve", "CURVE", "P-256 (default), P-384, P-521, or ed25519 (legacy format)."));
    }

    @Override
    public ActionResult run(SignatureConfig config, ActionContext context) {
        Path out = context.arguments().path("out").orElseThrow();
        String curveName = context.arguments().text("curve").orElse("P-256");
        boolean legacy = curveName.equalsIgnoreCase("ed25519");
        dev.aigate.checks.signature.oms.EcKeys.Curve curve = null;
        if (!legacy) {
            try {
                curve = dev.aigate.checks.signature.oms.EcKeys.Curve.named(curveName);
            } catch (IllegalArgumentException e) {
                throw new dev.aigate.core.PolicyException("--curve: " + e.getMessage());
            }
        }
        KeyPair pair = legacy ? Ed25519Keys.generate() : dev.aigate.checks.signature.oms.EcKeys.generate(curve);
        Path privateFile = out.resolveSibling(out.getFileName() + ".key");
        Path publicFile = out.resolveSibling(out.getFileName() + ".pub");
        try {
            if (legacy) {
                Ed25519Keys.write(pair, privateFile, publicFile, context.arguments().flag("force"));
            } else {
                dev.aigate.checks.signature.oms.EcKeys.write(pair, privateFile, publicFile,
                        context.arguments().flag("force"));
            }
        } catch (FileAlreadyExistsException e) {
            throw new InputException(Path.of(e.getFile()), "already exists (give --force to overwrite)");
        } catch (IOException e) {
            throw new InputException(out, "cannot write the key pair: " + e.getMessage(), e);
        }
        return ActionResult.builder().info("wrote " + privateFile + " (private, permissions 600) and " + publicFile
                + " (public): " + (legacy ? "Ed25519 (legacy format), key fingerprint " + Ed25519Keys.fingerprint(
                pair.getPublic()) : "ECDSA " + curve.nistName() + ", key hint " + dev.aigate.checks.signature.oms
                .EcKeys.hint(pair.getPublic())))
                .wrote(privateFile).wrote(publicFile).build();
    }
}
