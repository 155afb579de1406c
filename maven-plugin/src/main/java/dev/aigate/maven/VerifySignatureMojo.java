package dev.aigate.maven;

import org.apache.maven.plugins.annotations.LifecyclePhase;
import org.apache.maven.plugins.annotations.Mojo;
import org.apache.maven.plugins.annotations.Parameter;

/**
 * Verifies the model files against their signature, naming every modified, added or removed file. The same as {@code
 * aigate:run -Daigate.action=signature:verify}.
 */
@Mojo(name = "verify-signature", defaultPhase = LifecyclePhase.VERIFY, threadSafe = true)
public class VerifySignatureMojo extends CheckVerifyMojo {
    /** Skips this goal only. */
    @Parameter(property = "aigate.verifySignature.skip", defaultValue = "false")
    private boolean skipGoal;

    public VerifySignatureMojo() {
        super("signature");
    }

    @Override
    protected boolean goalSkipped() {
        return skipGoal;
    }

    @Override
    protected String goalSkipProperty() {
        return "aigate.verifySignature.skip";
    }
}
