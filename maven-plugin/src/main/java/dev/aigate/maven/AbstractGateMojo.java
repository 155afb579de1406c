package dev.aigate.maven;

import dev.aigate.core.Gate;
import dev.aigate.core.GateRequest;
import dev.aigate.core.Severity;
import dev.aigate.report.GateExecution;
import java.io.File;
import java.time.Clock;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Set;
import org.apache.maven.plugin.MojoExecutionException;
import org.apache.maven.plugin.MojoFailureException;
import org.apache.maven.plugins.annotations.Parameter;

/** Goals that run checks and write the gate reports. */
abstract class AbstractGateMojo extends AbstractAigateMojo {
    /** The system property the robustness check reads for where to unpack native libraries. */
    static final String NATIVE_DIR_PROPERTY = "aigate.native.dir";

    /** Where the JSON, JUnit XML and Markdown reports are written. */
    @Parameter(property = "aigate.reportDirectory", defaultValue = "${project.build.directory}/aigate")
    protected File reportDirectory;

    /** Overrides the policy's failing level: info, low, medium, high or critical. */
    @Parameter(property = "aigate.failOn")
    protected String failOn;

    /** Threshold overrides as {@code check.key=value}; recorded in the report. */
    @Parameter
    protected Map<String, String> overrides = new LinkedHashMap<>();

    @Parameter(defaultValue = "${project.groupId}:${project.artifactId}:${project.version}", readonly = true)
    protected String projectId;

    /** Where native libraries (ONNX Runtime's, for the robustness check) are unpacked briefly while loading. */
    @Parameter(defaultValue = "${project.build.directory}", readonly = true)
    protected File buildDirectory;

    /**
     * Signs aigate-report.json with this Ed25519 private key (PEM, from {@code aigate keygen}); the detached
     * signature is written as aigate-report.json.sig. Point it at a file outside the repository.
     */
    @Parameter(property = "aigate.reportSigningKey")
    protected File reportSigningKey;

    /** Like reportSigningKey, with the key (PEM) or the path of its file in this environment variable. */
    @Parameter(property = "aigate.reportSigningKeyEnv")
    protected String reportSigningKeyEnv;

    private java.security.PrivateKey reportSigningKey() throws MojoExecutionException {
        try {
            if (reportSigningKey != null) {
                return dev.aigate.checks.signature.Ed25519Keys.readPrivate(reportSigningKey.toPath().toAbsolutePath());
            }
            if (reportSigningKeyEnv != null && !reportSigningKeyEnv.isBlank()) {
                return dev.aigate.checks.signature.Ed25519Keys.readPrivateFromEnv(reportSigningKeyEnv,
                        System.getenv());
            }
            return null;
        } catch (dev.aigate.core.GateException e) {
            throw new MojoExecutionException("aigate: the report signing key: " + e.getMessage(), e);
        }
    }

    protected abstract Set<String> onlyChecks();

    protected Set<String> skippedChecks() {
        return Set.of();
    }

    @Override
    protected final void run() throws MojoExecutionException, MojoFailureException {
        if (System.getProperty(NATIVE_DIR_PROPERTY) == null && buildDirectory != null) {
            // Keeps ONNX Runtime's briefly unpacked libraries inside the build output (deleted right after loading).
            System.setProperty(NATIVE_DIR_PROPERTY, buildDirectory.getAbsolutePath());
        }
        Severity level = parseLevel(failOn, "aigate.failOn");
        GateRequest request = new GateRequest(policy.toPath(), onlyChecks(), skippedChecks(), level,
                effectiveThreads(), overrides, projectId);
        Gate gate = new Gate(dev.aigate.core.spi.CheckRegistry.load(), Clock.systemUTC(), progressLog());
        GateExecution.Outcome outcome = GateExecution.run(gate, request, reportDirectory.toPath(),
                reportSigningKey());
        VerdictTranslator.translate(outcome, getLog());
    }
}
