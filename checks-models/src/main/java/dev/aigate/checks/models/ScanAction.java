package dev.aigate.checks.models;

import dev.aigate.core.spi.Action;
import dev.aigate.core.spi.ActionContext;
import dev.aigate.core.spi.ActionOption;
import dev.aigate.core.spi.ActionResult;
import java.nio.file.Path;
import java.util.List;

/**
 * {@code aigate models scan PATH...}: scans the files and folders given, with the verdicts and reports of a gate run.
 * The policy's {@code models} section, when there is one, supplies {@code strict} and {@code allow}; its paths are not
 * used. Without a policy the scan is not strict and allows nothing extra.
 */
final class ScanAction implements Action<ModelsConfig> {
    private final ModelsCheck check;

    ScanAction(ModelsCheck check) {
        this.check = check;
    }

    @Override
    public String name() {
        return "scan";
    }

    @Override
    public String summary() {
        return "Scans model files and folders for code that runs when they are loaded.";
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
        return List.of(ActionOption.paths("paths", "The model files or folders to scan.").asRequired(),
                ActionOption.flag("strict", "Fail on suspicious findings too (imports on neither list, custom"
                        + " objects, unscanned files)."));
    }

    @Override
    public ActionResult run(ModelsConfig config, ActionContext context) {
        List<Path> files = ModelFiles.given(context.baseDir(), context.arguments().paths("paths"));
        boolean strict = context.arguments().flag("strict") || config != null && config.strict();
        List<String> allow = config == null ? List.of() : config.allow();
        return ActionResult.judged(new ModelScan(context.baseDir(), strict, allow, ScanLimits.DEFAULT)
                .run(files, context.threads(), context.progress(), check.title()));
    }
}
