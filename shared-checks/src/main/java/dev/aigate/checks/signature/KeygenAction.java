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

/** {@code signature keygen}: writes an Ed25519 key pair, the private half readable by its owner only. */
final class KeygenAction implements Action<SignatureConfig> {
    @Override
    public String name() {
        return "keygen";
    }

    @Override
    public String summary() {
        return "Writes an Ed25519 signing key pair: OUT.key (PEM PKCS#8, permissions 600) and OUT.pub (PEM).";
    }

    @Override
    public PolicyUse policy() {
        return PolicyUse.NONE;
    }

    @Override
    public List<ActionOption> options() {
        return List.of(ActionOption.path("out", "PATH", "Where to write the result (here: the key pair's path"
                + " prefix, OUT.key and OUT.pub).").asRequired(),
                ActionOption.flag("force", "Overwrite files that exist."));
    }

    @Override
    public ActionResult run(SignatureConfig config, ActionContext context) {
        Path out = context.arguments().path("out").orElseThrow();
        KeyPair pair = Ed25519Keys.generate();
        Path privateFile = out.resolveSibling(out.getFileName() + ".key");
        Path publicFile = out.resolveSibling(out.getFileName() + ".pub");
        try {
            Ed25519Keys.write(pair, privateFile, publicFile, context.arguments().flag("force"));
        } catch (FileAlreadyExistsException e) {
            throw new InputException(Path.of(e.getFile()), "already exists (give --force to overwrite)");
        } catch (IOException e) {
            throw new InputException(out, "cannot write the key pair: " + e.getMessage(), e);
        }
        return ActionResult.builder().info("wrote " + privateFile + " (private, permissions 600) and " + publicFile
                + " (public); key fingerprint " + Ed25519Keys.fingerprint(pair.getPublic()))
                .wrote(privateFile).wrote(publicFile).build();
    }
}
