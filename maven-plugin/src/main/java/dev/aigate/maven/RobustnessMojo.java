package dev.aigate.maven;

import java.util.Set;
import org.apache.maven.plugins.annotations.LifecyclePhase;
import org.apache.maven.plugins.annotations.Mojo;
import org.apache.maven.plugins.annotations.Parameter;

/**
 * Runs the robustness smoke tests of the policy's {@code robustness} section: the model in ONNX Runtime on its
 * evaluation set, clean and under noise and L-infinity attacks. A result below a threshold fails the build (by default),
 * naming the attack, the epsilon, and the measured and required values.
 */
@Mojo(name = "robustness", defaultPhase = LifecyclePhase.VERIFY, threadSafe = true)
public class RobustnessMojo extends AbstractGateMojo {
    /** Skips this goal only. */
    @Parameter(property = "aigate.robustness.skip", defaultValue = "false")
    private boolean skipRobustness;

    @Override
    protected boolean goalSkipped() {
        return skipRobustness;
    }

    @Override
    protected String goalSkipProperty() {
        return "aigate.robustness.skip";
    }

    @Override
    protected Set<String> onlyChecks() {
        return Set.of("robustness");
    }
}
