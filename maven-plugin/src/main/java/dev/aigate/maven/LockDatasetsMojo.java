package dev.aigate.maven;

import java.util.Map;
import org.apache.maven.plugins.annotations.Mojo;
import org.apache.maven.plugins.annotations.Parameter;

/**
 * Records every dataset file's path, size and SHA-256 and each dataset's provenance in the lock file. An explicit
 * action: run it when the data changes on purpose, review the diff, and commit the lock. The same as
 * {@code aigate:run -Daigate.action=datasets:lock}.
 */
@Mojo(name = "lock-datasets", threadSafe = true)
public class LockDatasetsMojo extends AbstractActionMojo {
    /** Skips this goal only. */
    @Parameter(property = "aigate.lockDatasets.skip", defaultValue = "false")
    private boolean skipGoal;

    @Override
    protected String checkId() {
        return "datasets";
    }

    @Override
    protected String actionName() {
        return "lock";
    }

    @Override
    protected Map<String, String> options() {
        return Map.of();
    }

    @Override
    protected boolean goalSkipped() {
        return skipGoal;
    }

    @Override
    protected String goalSkipProperty() {
        return "aigate.lockDatasets.skip";
    }
}
