package dev.aigate.checks.signature;

import dev.aigate.core.spi.Action;
import dev.aigate.core.spi.ActionContext;
import dev.aigate.core.spi.ActionOption;
import dev.aigate.core.spi.ActionResult;
import java.nio.file.Path;
import java.util.List;

/**
 * {@code signature verify-files}: verifies given model files against their signature with given trusted keys, without
 * a policy section; judged like the gate's check: verdict and reports.
 */
final class VerifyFilesAction implements Action<SignatureConfig> {
    @Override
    public String name() {
        return "verify-files";
    }

    @Override
    public String summary() {
        return "Verifies the given model files against their signature with the given trusted public keys, naming"
                + " every modified, added or removed file; writes the reports.";
    }

    @Override
    public PolicyUse policy() {
        return PolicyUse.OPTIONAL;
    }

    @Override
    public boolean judges() {
        return true;
    }

    @Override
    public List<ActionOption> options() {
        return List.of(SignAction.SELECTION.get(0).asRequired(),
                ActionOption.list("publicKey", "FILE", "A trusted public key (PEM). Repeatable.").asRequired(),
                SignAction.SELECTION.get(1), SignAction.SELECTION.get(2));
    }

    @Override
    public ActionResult run(SignatureConfig config, ActionContext context) {
        List<Path> keys = context.arguments().list("publicKey").stream()
                .map(k -> context.baseDir().resolve(k).normalize()).toList();
        return ActionResult.judged(SignatureCheck.judge("Model signature", context.baseDir(),
                SignAction.selection(context), keys, true));
    }
}
