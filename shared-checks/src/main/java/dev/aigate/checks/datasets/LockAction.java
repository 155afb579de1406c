package dev.aigate.checks.datasets;

import dev.aigate.core.spi.Action;
import dev.aigate.core.spi.ActionContext;
import dev.aigate.core.spi.ActionResult;

/** {@code datasets lock}: records what the datasets are now. The explicit approval step; verification never writes. */
final class LockAction implements Action<DatasetsConfig> {
    @Override
    public String name() {
        return "lock";
    }

    @Override
    public String summary() {
        return "Hashes every dataset the policy names and writes the lock file (review and commit it).";
    }

    @Override
    public PolicyUse policy() {
        return PolicyUse.REQUIRED;
    }

    @Override
    public ActionResult run(DatasetsConfig config, ActionContext context) {
        if (config.sets().isEmpty()) {
            return ActionResult.builder().info("the datasets section names no 'sets', only DVC files "
                    + config.dvc() + ", which DVC itself writes ('dvc commit'); nothing to lock").build();
        }
        DatasetLocking.Summary summary = DatasetLocking.lock(config, context.projectRoot(), context.threads(),
                context.progress());
        ActionResult.Builder result = ActionResult.builder();
        for (DatasetLocking.Locked dataset : summary.datasets()) {
            result.info("locked dataset '" + dataset.name() + "': " + dataset.files() + " file(s), "
                    + dataset.bytes() + " bytes, " + dataset.digest());
            if (!dataset.missingProvenance().isEmpty()) {
                result.warning("dataset '" + dataset.name() + "' lacks required provenance "
                        + dataset.missingProvenance() + "; verification will report it");
            }
        }
        return result.info("wrote " + summary.lockFile() + " (" + summary.files() + " files, " + summary.bytes()
                + " bytes); review and commit it").wrote(summary.lockFile()).build();
    }
}
