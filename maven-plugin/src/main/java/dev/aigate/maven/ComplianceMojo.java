package dev.aigate.maven;

import org.apache.maven.plugins.annotations.LifecyclePhase;
import org.apache.maven.plugins.annotations.Mojo;
import org.apache.maven.plugins.annotations.Parameter;

/**
 * Judges the compliance checklist, with the checks its items rely on. The same as {@code aigate:run
 * -Daigate.action=compliance:verify}.
 */
@Mojo(name = "compliance", defaultPhase = LifecyclePhase.VERIFY, threadSafe = true)
public class ComplianceMojo extends CheckVerifyMojo {
    /** Skips this goal only. */
    @Parameter(property = "aigate.compliance.skip", defaultValue = "false")
    private boolean skipGoal;

    public ComplianceMojo() {
        super("compliance");
    }

    @Override
    protected boolean goalSkipped() {
        return skipGoal;
    }

    @Override
    protected String goalSkipProperty() {
        return "aigate.compliance.skip";
    }
}
