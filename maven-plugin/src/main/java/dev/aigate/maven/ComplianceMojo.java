package dev.aigate.maven;

import dev.aigate.checks.compliance.ComplianceSelection;
import dev.aigate.core.spi.CheckRegistry;
import java.util.Set;
import org.apache.maven.plugins.annotations.LifecyclePhase;
import org.apache.maven.plugins.annotations.Mojo;
import org.apache.maven.plugins.annotations.Parameter;

/**
 * Judges the compliance checklist named in the policy's {@code compliance} section: every required item that lacks
 * evidence fails the build (by default), named with what is missing and where it was looked for. Also runs the
 * checks the items rely on (e.g. {@code datasets}) when the policy configures them, so their verdicts count.
 */
@Mojo(name = "compliance", defaultPhase = LifecyclePhase.VERIFY, threadSafe = true)
public class ComplianceMojo extends AbstractGateMojo {
    /** Skips this goal only. */
    @Parameter(property = "aigate.compliance.skip", defaultValue = "false")
    private boolean skipCompliance;

    @Override
    protected boolean goalSkipped() {
        return skipCompliance;
    }

    @Override
    protected String goalSkipProperty() {
        return "aigate.compliance.skip";
    }

    @Override
    protected Set<String> onlyChecks() {
        return ComplianceSelection.checksFor(policy.toPath(), CheckRegistry.load());
    }
}
