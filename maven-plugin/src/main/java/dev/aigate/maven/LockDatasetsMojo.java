package dev.aigate.maven;

import dev.aigate.checks.datasets.DatasetLocking;
import dev.aigate.core.GateException;
import org.apache.maven.plugin.MojoExecutionException;
import org.apache.maven.plugins.annotations.Mojo;
import org.apache.maven.plugins.annotations.Parameter;

/**
 * Records every dataset file's path, size and SHA-256 and each dataset's provenance in the lock file. An explicit
 * action: run it when the data changes on purpose, review the diff, and commit the lock.
 */
@Mojo(name = "lock-datasets", threadSafe = true)
public class LockDatasetsMojo extends AbstractAigateMojo {
    /** Skips this goal only. */
    @Parameter(property = "aigate.lockDatasets.skip", defaultValue = "false")
    private boolean skipLockDatasets;

    @Override
    protected boolean goalSkipped() {
        return skipLockDatasets;
    }

    @Override
    protected String goalSkipProperty() {
        return "aigate.lockDatasets.skip";
    }

    @Override
    protected void run() throws MojoExecutionException {
        DatasetLocking.Summary summary;
        try {
            summary = DatasetLocking.lock(policy.toPath(), effectiveThreads(), progressLog());
        } catch (GateException e) {
            throw new MojoExecutionException("aigate could not lock the datasets: " + e.getMessage(), e);
        }
        for (DatasetLocking.Locked dataset : summary.datasets()) {
            getLog().info("aigate: locked dataset '" + dataset.name() + "': " + dataset.files() + " file(s), "
                    + dataset.bytes() + " bytes, " + dataset.digest());
            if (!dataset.missingProvenance().isEmpty()) {
                getLog().warn("aigate: dataset '" + dataset.name() + "' lacks required provenance "
                        + dataset.missingProvenance() + "; verification will report it");
            }
        }
        getLog().info("aigate: wrote " + summary.lockFile() + " (" + summary.files() + " files, " + summary.bytes()
                + " bytes); review and commit it");
    }
}
