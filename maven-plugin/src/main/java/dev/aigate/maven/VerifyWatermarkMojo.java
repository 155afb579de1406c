package dev.aigate.maven;

import org.apache.maven.plugins.annotations.LifecyclePhase;
import org.apache.maven.plugins.annotations.Mojo;
import org.apache.maven.plugins.annotations.Parameter;

/**
 * Detects the watermark in the policy's models: score, p-value and payload bit-error rate against the policy. The
 * same as {@code aigate:run -Daigate.action=watermark:verify}.
 */
@Mojo(name = "verify-watermark", defaultPhase = LifecyclePhase.VERIFY, threadSafe = true)
public class VerifyWatermarkMojo extends CheckVerifyMojo {
    /** Skips this goal only. */
    @Parameter(property = "aigate.verifyWatermark.skip", defaultValue = "false")
    private boolean skipGoal;

    public VerifyWatermarkMojo() {
        super("watermark");
    }

    @Override
    protected boolean goalSkipped() {
        return skipGoal;
    }

    @Override
    protected String goalSkipProperty() {
        return "aigate.verifyWatermark.skip";
    }
}
