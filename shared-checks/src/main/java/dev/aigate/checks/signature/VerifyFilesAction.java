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
                ActionOption.list("publicKey", "FILE", "A trusted public key (PEM): the key method. Repeatable."),
                ActionOption.list("caRoot", "FILE", "A trusted CA root certificate (PEM): the certificate method."
                        + " Repeatable."),
                SignAction.SELECTION.get(1), SignAction.SELECTION.get(2));
    }

    @Override
    public ActionResult run(SignatureConfig config, ActionContext context) {
        List<Path> keys = context.arguments().list("publicKey").stream()
                .map(k -> context.baseDir().resolve(k).normalize()).toList();
        List<Path> roots = context.arguments().list("caRoot").stream()
                .map(k -> context.baseDir().resolve(k).normalize()).toList();
        if (keys.isEmpty() == roots.isEmpty()) {
            throw new dev.aigate.core.PolicyException("give the trusted public keys (--public-key) or the trusted CA"
                    + " roots (--ca-root)");
        }
        List<Path> paths = context.arguments().paths("paths");
        Path bundle = context.arguments().path("signature").orElse(paths.size() == 1
                ? SignatureConfig.defaultBundle(paths.get(0), false) : null);
        if (bundle == null || OmsJudge.isLegacyEnvelope(bundle) || !java.nio.file.Files.exists(bundle)
                && OmsJudge.isLegacyEnvelope(SignAction.selection(context).signatureFile())) {
            return ActionResult.judged(SignatureCheck.judge("Model signature", context.baseDir(),
                    SignAction.selection(context), keys, true));
        }
        OmsJudge.TrustFiles trust = new OmsJudge.TrustFiles(keys.isEmpty() ? "certificate" : "key", keys, roots,
                false, null, null, null);
        return ActionResult.judged(OmsJudge.judge("Model signature", context.baseDir(), paths.get(0), bundle, trust,
                new dev.aigate.checks.signature.oms.OmsVerifier.Options(false, List.of(), context.threads(),
                        context.progress(), context.clock()), true));
    }
}
