package dev.aigate.checks.compliance;

import dev.aigate.core.UsageException;
import dev.aigate.core.spi.Action;
import dev.aigate.core.spi.ActionContext;
import dev.aigate.core.spi.ActionOption;
import dev.aigate.core.spi.ActionResult;
import java.util.List;

/** {@code compliance init}: writes the starting files of the compliance check next to the policy, never overwriting. */
final class InitAction implements Action<ComplianceConfig> {
    @Override
    public String name() {
        return "init";
    }

    @Override
    public String summary() {
        return "Writes " + ComplianceConfig.DEFAULT_CHECKLIST + " (a selection of built-in profiles), "
                + ComplianceConfig.DEFAULT_MODEL_CARD + " (a model card template) and "
                + ComplianceConfig.DEFAULT_SIGNOFFS + " (no sign-offs yet) in the project directory. Files that"
                + " exist are left unchanged.";
    }

    @Override
    public PolicyUse policy() {
        return PolicyUse.OPTIONAL;
    }

    @Override
    public List<ActionOption> options() {
        return List.of(ActionOption.list("profile", "NAME", "Built-in profiles the checklist extends: "
                + String.join(", ", Profiles.NAMES) + " (default: " + String.join(",",
                ComplianceInit.DEFAULT_PROFILES) + ")."),
                ActionOption.text("project", "NAME", "Project name for the report, checklist and model card."));
    }

    @Override
    public ActionResult run(ComplianceConfig config, ActionContext context) {
        List<String> profiles = context.arguments().list("profile");
        for (String profile : profiles) {
            if (!Profiles.NAMES.contains(profile)) {
                throw new UsageException("unknown profile '" + profile + "' (built-in profiles: "
                        + String.join(", ", Profiles.NAMES) + ")");
            }
        }
        ComplianceInit.Result done = ComplianceInit.init(context.baseDir(), profiles.isEmpty()
                ? ComplianceInit.DEFAULT_PROFILES : profiles, context.arguments().text("project").orElse(null));
        ActionResult.Builder result = ActionResult.builder();
        for (String file : done.written()) {
            result.info("wrote " + context.baseDir().resolve(file)).wrote(context.baseDir().resolve(file));
        }
        for (String file : done.skipped()) {
            result.info("skipped " + context.baseDir().resolve(file) + ": it exists and was left unchanged");
        }
        if (config == null) {
            result.info("to enable the check, add to " + (context.policyFile() == null ? "aigate.yml"
                    : context.policyFile()) + ":\n" + done.policySnippet().stripTrailing());
        }
        return result.build();
    }
}
