package dev.aigate.maven;

import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;
import org.apache.maven.plugins.annotations.LifecyclePhase;
import org.apache.maven.plugins.annotations.Mojo;
import org.apache.maven.plugins.annotations.Parameter;

/**
 * Runs every check the policy enables and fails the build on a policy violation at or above the failing level (FAIL)
 * or when the gate cannot evaluate (ERROR). Writes the gate reports to {@code target/aigate}.
 */
@Mojo(name = "gate", defaultPhase = LifecyclePhase.VERIFY, threadSafe = true)
public class GateMojo extends AbstractGateMojo {
    /** Skips this goal only. */
    @Parameter(property = "aigate.gate.skip", defaultValue = "false")
    private boolean skipGate;

    /** Runs only these checks (ids such as {@code datasets}); empty runs all the policy enables. */
    @Parameter(property = "aigate.checks")
    private List<String> checks;

    /** Checks not to run; they are reported as skipped. */
    @Parameter(property = "aigate.skipChecks")
    private List<String> skipChecks;

    @Override
    protected boolean goalSkipped() {
        return skipGate;
    }

    @Override
    protected String goalSkipProperty() {
        return "aigate.gate.skip";
    }

    @Override
    protected Set<String> onlyChecks() {
        return checks == null ? Set.of() : new LinkedHashSet<>(checks);
    }

    @Override
    protected Set<String> skippedChecks() {
        return skipChecks == null ? Set.of() : new LinkedHashSet<>(skipChecks);
    }
}
