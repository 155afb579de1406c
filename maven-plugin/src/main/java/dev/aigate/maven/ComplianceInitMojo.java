package dev.aigate.maven;

import dev.aigate.checks.compliance.ComplianceInit;
import dev.aigate.checks.compliance.ComplianceSelection;
import dev.aigate.core.spi.CheckRegistry;
import dev.aigate.core.GateException;
import java.nio.file.Path;
import java.util.List;
import org.apache.maven.plugin.MojoExecutionException;
import org.apache.maven.plugins.annotations.Mojo;
import org.apache.maven.plugins.annotations.Parameter;

/**
 * Writes the starting files of the compliance check next to the policy: {@code compliance/checklist.yml} (extending
 * the selected built-in profiles), a {@code MODEL_CARD.md} template and an empty {@code compliance/signoffs.yml}. Never
 * overwrites: existing files are left unchanged and reported. An explicit action, bound to no phase.
 */
@Mojo(name = "compliance-init", threadSafe = true)
public class ComplianceInitMojo extends AbstractAigateMojo {
    /** Skips this goal only. */
    @Parameter(property = "aigate.complianceInit.skip", defaultValue = "false")
    private boolean skipComplianceInit;

    /**
     * Built-in profiles the checklist extends: {@code eu-ai-act-high-risk}, {@code nist-ai-rmf},
     * {@code owasp-ml-top10}, {@code privacy}.
     */
    @Parameter(property = "aigate.compliance.profiles", defaultValue = "owasp-ml-top10")
    private List<String> profiles;

    /** The name used in the checklist and model card title. */
    @Parameter(property = "aigate.compliance.project", defaultValue = "${project.artifactId}")
    private String projectName;

    @Override
    protected boolean goalSkipped() {
        return skipComplianceInit;
    }

    @Override
    protected String goalSkipProperty() {
        return "aigate.complianceInit.skip";
    }

    @Override
    protected void run() throws MojoExecutionException {
        Path dir = policy.toPath().toAbsolutePath().normalize().getParent();
        ComplianceInit.Result result;
        try {
            result = ComplianceInit.init(dir, profiles == null || profiles.isEmpty() ? ComplianceInit.DEFAULT_PROFILES
                    : profiles, projectName);
        } catch (GateException | IllegalArgumentException e) {
            throw new MojoExecutionException("aigate could not write the compliance files: " + e.getMessage(), e);
        }
        for (String file : result.written()) {
            getLog().info("aigate: wrote " + dir.resolve(file));
        }
        for (String file : result.skipped()) {
            getLog().info("aigate: skipped " + dir.resolve(file) + ": it exists and was left unchanged");
        }
        if (!ComplianceSelection.policyEnables(policy.toPath(), CheckRegistry.load())) {
            getLog().info("aigate: to enable the check, add to " + policy + ":\n" + result.policySnippet());
        }
    }
}
