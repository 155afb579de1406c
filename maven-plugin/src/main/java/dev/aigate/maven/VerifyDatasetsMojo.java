package dev.aigate.maven;

import dev.aigate.checks.datasets.DatasetsCheck;
import java.util.Set;
import org.apache.maven.plugins.annotations.LifecyclePhase;
import org.apache.maven.plugins.annotations.Mojo;
import org.apache.maven.plugins.annotations.Parameter;

/**
 * Verifies the datasets named in the policy against their lock file: every modified, added or removed file fails the
 * build (by default), named with its expected and actual digest. Never writes the lock.
 */
@Mojo(name = "verify-datasets", defaultPhase = LifecyclePhase.VERIFY, threadSafe = true)
public class VerifyDatasetsMojo extends AbstractGateMojo {
    /** Skips this goal only. */
    @Parameter(property = "aigate.verifyDatasets.skip", defaultValue = "false")
    private boolean skipVerifyDatasets;

    @Override
    protected boolean goalSkipped() {
        return skipVerifyDatasets;
    }

    @Override
    protected String goalSkipProperty() {
        return "aigate.verifyDatasets.skip";
    }

    @Override
    protected Set<String> onlyChecks() {
        return Set.of(DatasetsCheck.ID);
    }
}
