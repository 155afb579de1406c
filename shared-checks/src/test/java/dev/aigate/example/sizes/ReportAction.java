package dev.aigate.example.sizes;

import dev.aigate.core.files.FileSet;
import dev.aigate.core.spi.Action;
import dev.aigate.core.spi.ActionContext;
import dev.aigate.core.spi.ActionOption;
import dev.aigate.core.spi.ActionResult;
import java.nio.file.Path;
import java.util.List;

/** {@code aigate sizes list}: prints the size of every file the section selects, or of the given directory. */
final class ReportAction implements Action<SizesConfig> {
    @Override
    public String name() {
        return "list";
    }

    @Override
    public String summary() {
        return "Prints every selected file with its size.";
    }

    @Override
    public PolicyUse policy() {
        return PolicyUse.OPTIONAL;
    }

    @Override
    public List<ActionOption> options() {
        return List.of(ActionOption.path("dir", "DIR", "A directory to list instead of the policy's."));
    }

    @Override
    public ActionResult run(SizesConfig config, ActionContext context) {
        Path dir = context.arguments().path("dir").orElseGet(() -> context.baseDir().resolve(config == null ? "."
                : config.path()));
        ActionResult.Builder result = ActionResult.builder();
        for (FileSet.Entry file : FileSet.under(dir, "directory").list()) {
            result.info(file.relative() + " " + file.size());
        }
        return result.build();
    }
}
