package dev.aigate.maven;

import dev.aigate.checks.watermark.WatermarkCheck;
import java.util.Set;
import org.apache.maven.plugins.annotations.LifecyclePhase;
import org.apache.maven.plugins.annotations.Mojo;
import org.apache.maven.plugins.annotations.Parameter;

/**
 * Verifies that every model of the policy's {@code watermark} section carries the watermark with the expected payload
 * at the required confidence; writes the gate reports (score, p-value, bit-error rate, key fingerprint).
 */
@Mojo(name = "verify-watermark", defaultPhase = LifecyclePhase.VERIFY, threadSafe = true)
public class VerifyWatermarkMojo extends AbstractGateMojo {
    /** Skips this goal only. */
    @Parameter(property = "aigate.verifyWatermark.skip", defaultValue = "false")
    private boolean skipVerifyWatermark;

    @Override
    protected boolean goalSkipped() {
        return skipVerifyWatermark;
    }

    @Override
    protected String goalSkipProperty() {
        return "aigate.verifyWatermark.skip";
    }

    @Override
    protected Set<String> onlyChecks() {
        return Set.of(WatermarkCheck.ID);
    }
}
