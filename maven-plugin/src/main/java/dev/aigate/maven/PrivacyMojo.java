package dev.aigate.maven;

import org.apache.maven.plugins.annotations.LifecyclePhase;
import org.apache.maven.plugins.annotations.Mojo;
import org.apache.maven.plugins.annotations.Parameter;

/**
 * Runs the privacy smoke test: black-box membership inference (AUC, advantage, TPR at low FPR) against the policy's
 * thresholds. The same as {@code aigate:run -Daigate.action=privacy:verify}.
 */
@Mojo(name = "privacy", defaultPhase = LifecyclePhase.VERIFY, threadSafe = true)
public class PrivacyMojo extends CheckVerifyMojo {
    /** Skips this goal only. */
    @Parameter(property = "aigate.privacy.skip", defaultValue = "false")
    private boolean skipGoal;

    public PrivacyMojo() {
        super("privacy");
    }

    @Override
    protected boolean goalSkipped() {
        return skipGoal;
    }

    @Override
    protected String goalSkipProperty() {
        return "aigate.privacy.skip";
    }
}
