package dev.aigate.maven;

import org.apache.maven.plugins.annotations.LifecyclePhase;
import org.apache.maven.plugins.annotations.Mojo;
import org.apache.maven.plugins.annotations.Parameter;

/**
 * Runs the robustness smoke tests: clean accuracy, noise and adversarial attacks against the policy's thresholds.
 * The same as {@code aigate:run -Daigate.action=robustness:verify}.
 */
@Mojo(name = "robustness", defaultPhase = LifecyclePhase.VERIFY, threadSafe = true)
public class RobustnessMojo extends CheckVerifyMojo {
    /** Skips this goal only. */
    @Parameter(property = "aigate.robustness.skip", defaultValue = "false")
    private boolean skipGoal;

    public RobustnessMojo() {
        super("robustness");
    }

    @Override
    protected boolean goalSkipped() {
        return skipGoal;
    }

    @Override
    protected String goalSkipProperty() {
        return "aigate.robustness.skip";
    }
}
