package dev.aigate.checks.datasets;

import dev.aigate.core.spi.Action;
import dev.aigate.core.spi.ActionContext;
import dev.aigate.core.spi.ActionOption;
import dev.aigate.core.spi.ActionResult;

/**
 * {@code datasets merge}: one verdict and one report set from the partial results of every shard, judged like a
 * whole {@code datasets verify}. A missing, duplicated, foreign-lock or foreign-policy shard is an ERROR.
 */
final class MergeAction implements Action<DatasetsConfig> {
    @Override
    public String name() {
        return "merge";
    }

    @Override
    public String summary() {
        return "Merges the partial results of every 'datasets verify-shard' run into one verdict and report.";
    }

    @Override
    public PolicyUse policy() {
        return PolicyUse.REQUIRED;
    }

    @Override
    public boolean judges() {
        return true;
    }

    @Override
    public java.util.List<ActionOption> options() {
        return java.util.List.of(VerifyShardAction.partialsOption());
    }

    @Override
    public ActionResult run(DatasetsConfig config, ActionContext context) {
        return ActionResult.judged(ShardMerge.merge(config, context.projectRoot(), context.policyFile(),
                VerifyShardAction.partials(context), new DatasetsCheck().title()));
    }
}
