package dev.aigate.checks.datasets;

import dev.aigate.core.ProgressListener;
import dev.aigate.core.policy.Policy;
import dev.aigate.core.policy.PolicyLoader;
import dev.aigate.core.spi.CheckRegistry;
import java.nio.file.Path;

/** For tests: locks the datasets of a policy file and returns the typed summary the lock action prints. */
public final class Locks {
    private Locks() {
    }

    public static DatasetLocking.Summary lock(Path policyFile, int threads, ProgressListener progress) {
        Policy policy = new PolicyLoader(CheckRegistry.load()).load(policyFile);
        return DatasetLocking.lock(policy.configFor(new DatasetsCheck()), policy.projectRoot(), threads, progress);
    }
}
