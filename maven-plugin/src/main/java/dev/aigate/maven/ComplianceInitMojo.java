package dev.aigate.maven;

import java.util.List;
import java.util.Map;
import org.apache.maven.plugins.annotations.Mojo;
import org.apache.maven.plugins.annotations.Parameter;

/**
 * Writes the starting files of the compliance check next to the policy: {@code compliance/checklist.yml} (extending
 * the selected built-in profiles), a {@code MODEL_CARD.md} template and an empty {@code compliance/signoffs.yml}. Never
 * overwrites. An explicit action, bound to no phase. The same as {@code aigate:run -Daigate.action=compliance:init}.
 */
@Mojo(name = "compliance-init", threadSafe = true)
public class ComplianceInitMojo extends AbstractActionMojo {
    /** Skips this goal only. */
    @Parameter(property = "aigate.complianceInit.skip", defaultValue = "false")
    private boolean skipGoal;

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
    protected String checkId() {
        return "compliance";
    }

    @Override
    protected String actionName() {
        return "init";
    }

    @Override
    protected Map<String, String> options() {
        return options("profile", profiles == null ? null : String.join(",", profiles), "project", projectName);
    }

    @Override
    protected boolean goalSkipped() {
        return skipGoal;
    }

    @Override
    protected String goalSkipProperty() {
        return "aigate.complianceInit.skip";
    }
}
