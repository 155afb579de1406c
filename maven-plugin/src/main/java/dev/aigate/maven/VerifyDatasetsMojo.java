package dev.aigate.maven;

import org.apache.maven.plugins.annotations.LifecyclePhase;
import org.apache.maven.plugins.annotations.Mojo;
import org.apache.maven.plugins.annotations.Parameter;

/**
 * Verifies the datasets against their lock file: every modified, added or removed file fails the build (by default),
 * named with its expected and actual digest. Never writes the lock. The same as {@code aigate:run
 * -Daigate.action=datasets:verify}.
 */
@Mojo(name = "verify-datasets", defaultPhase = LifecyclePhase.VERIFY, threadSafe = true)
public class VerifyDatasetsMojo extends CheckVerifyMojo {
    /** Skips this goal only. */
    @Parameter(property = "aigate.verifyDatasets.skip", defaultValue = "false")
    private boolean skipGoal;

    public VerifyDatasetsMojo() {
        super("datasets");
    }

    @Override
    protected boolean goalSkipped() {
        return skipGoal;
    }

    @Override
    protected String goalSkipProperty() {
        return "aigate.verifyDatasets.skip";
    }
}
