package dev.aigate.checks.datasets;

import dev.aigate.core.InputException;
import dev.aigate.core.UsageException;
import dev.aigate.core.spi.Action;
import dev.aigate.core.spi.ActionContext;
import dev.aigate.core.spi.ActionOption;
import dev.aigate.core.spi.ActionResult;
import java.io.IOException;
import dev.aigate.core.files.ProjectRoot;
import java.nio.file.Path;

/**
 * {@code datasets verify-shard --shard K/N}: hashes one shard of the locked files and writes its partial result for
 * {@code datasets merge}. It judges nothing; the merge gives the verdict.
 */
final class VerifyShardAction implements Action<DatasetsConfig> {
    static final String DEFAULT_PARTIALS = "aigate-partials";

    @Override
    public String name() {
        return "verify-shard";
    }

    @Override
    public String summary() {
        return "Hashes shard K of N of the locked dataset files and writes its partial result for 'datasets merge'.";
    }

    @Override
    public PolicyUse policy() {
        return PolicyUse.REQUIRED;
    }

    @Override
    public java.util.List<ActionOption> options() {
        return java.util.List.of(
                ActionOption.text("shard", "K/N", "Which shard to verify: K of N, e.g. 3/16.").asRequired(),
                partialsOption());
    }

    static ActionOption partialsOption() {
        return ActionOption.path("partials", "DIR", "The directory of shard partial results (default "
                + DEFAULT_PARTIALS + ", relative to the project directory).");
    }

    static Path partials(ActionContext context) {
        return context.arguments().path("partials").orElseGet(() -> context.baseDir().resolve(DEFAULT_PARTIALS));
    }

    @Override
    public ActionResult run(DatasetsConfig config, ActionContext context) {
        ShardPlan.Shard shard;
        try {
            shard = ShardPlan.Shard.parse(context.arguments().text("shard").orElseThrow());
        } catch (IllegalArgumentException e) {
            throw new UsageException("datasets verify-shard: " + e.getMessage());
        }
        ShardPartial partial = ShardVerification.run(config, context.projectRoot(), context.policyFile(), shard,
                context.threads(), context.progress());
        Path file = partials(context).resolve(ShardPartial.fileName(shard));
        try {
            partial.write(file);
        } catch (IOException e) {
            throw new InputException(file, "cannot write the shard partial result: " + e.getMessage(), e);
        }
        return ActionResult.builder().info("shard " + shard + ": " + partial.units().size() + " locked file(s) or"
                + " chunk(s), " + partial.added().size() + " unlocked file(s); wrote " + file + "; merge every"
                + " shard with 'aigate datasets merge'").wrote(file).build();
    }
}
