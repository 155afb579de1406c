package dev.aigate.maven;

import org.apache.maven.plugins.annotations.LifecyclePhase;
import org.apache.maven.plugins.annotations.Mojo;
import org.apache.maven.plugins.annotations.Parameter;

/** The old name of {@code aigate:verify-signature}, kept for one release (docs/migration.md). */
@Mojo(name = "verify-model-signature", defaultPhase = LifecyclePhase.VERIFY, threadSafe = true)
public class VerifyModelSignatureMojo extends CheckVerifyMojo {
    /** Skips this goal only. */
    @Parameter(property = "aigate.verifyModelSignature.skip", defaultValue = "false")
    private boolean skipGoal;

    public VerifyModelSignatureMojo() {
        super("signature");
    }

    @Override
    protected boolean goalSkipped() {
        return skipGoal;
    }

    @Override
    protected String goalSkipProperty() {
        return "aigate.verifyModelSignature.skip";
    }

    @Override
    protected void run() throws org.apache.maven.plugin.MojoExecutionException,
            org.apache.maven.plugin.MojoFailureException {
        getLog().warn("aigate: the goal 'verify-model-signature' is now 'verify-signature'; the old name works until"
                + " the next release");
        super.run();
    }
}
