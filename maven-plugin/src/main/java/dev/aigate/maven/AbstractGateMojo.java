package dev.aigate.maven;

import dev.aigate.core.Gate;
import dev.aigate.core.GateException;
import dev.aigate.core.GateRequest;
import dev.aigate.core.GateResult;
import dev.aigate.core.Severity;
import dev.aigate.core.keys.KeySource;
import dev.aigate.core.spi.CheckRegistry;
import dev.aigate.report.GateExecution;
import java.io.File;
import java.security.PrivateKey;
import java.time.Clock;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import org.apache.maven.plugin.MojoExecutionException;
import org.apache.maven.plugin.MojoFailureException;
import org.apache.maven.plugins.annotations.Parameter;

/** Goals that judge and write the gate reports: the gate, a check's verification, an action that judges. */
abstract class AbstractGateMojo extends AbstractAigateMojo {
    /** The system property the robustness check reads for where to unpack native libraries. */
    static final String NATIVE_DIR_PROPERTY = "aigate.native.dir";

    /** Where the reports are written. */
    @Parameter(property = "aigate.reportDirectory", defaultValue = "${project.build.directory}/aigate")
    protected File reportDirectory;

    /** The failing severity, replacing the policy's {@code failOn}: info, low, medium, high or critical. */
    @Parameter(property = "aigate.failOn")
    protected String failOn;

    /** Threshold overrides as {@code check.key=value}; recorded in the report. */
    @Parameter
    protected Map<String, String> overrides = new LinkedHashMap<>();

    @Parameter(defaultValue = "${project.groupId}:${project.artifactId}:${project.version}", readonly = true)
    protected String projectId;

    /** Where native libraries (ONNX Runtime's) are unpacked briefly while loading. */
    @Parameter(defaultValue = "${project.build.directory}", readonly = true)
    protected File buildDirectory;

    /**
     * Signs the report set with this Ed25519 private key (PEM, from {@code aigate signature keygen}); a relative path
     * is relative to the policy's folder. Point it at a file outside the repository.
     */
    @Parameter(property = "aigate.reportSigningKey")
    protected String reportSigningKey;

    /** Like reportSigningKey, with the key (PEM) or the path of its file in this environment variable. */
    @Parameter(property = "aigate.reportSigningKeyEnv")
    protected String reportSigningKeyEnv;

    /** The checks to run (the gate's own choice, or one check for its goal). */
    protected abstract Set<String> onlyChecks();

    protected Set<String> skippedChecks() {
        return Set.of();
    }

    @Override
    protected void run() throws MojoExecutionException, MojoFailureException {
        GateResult result = gate().run(request(onlyChecks(), skippedChecks(), overrides));
        report(result);
    }

    protected Gate gate() {
        if (System.getProperty(NATIVE_DIR_PROPERTY) == null && buildDirectory != null) {
            // Keeps ONNX Runtime's briefly unpacked libraries inside the build output (deleted right after loading).
            System.setProperty(NATIVE_DIR_PROPERTY, buildDirectory.getAbsolutePath());
        }
        return new Gate(CheckRegistry.load(), Clock.systemUTC(), progressLog());
    }

    protected GateRequest request(Set<String> only, Set<String> skip, Map<String, String> thresholdOverrides)
            throws MojoExecutionException {
        Severity level = parseLevel(failOn, "aigate.failOn");
        return new GateRequest(policyPath(), only, skip, level, effectiveThreads(), thresholdOverrides, projectId);
    }

    /** The project's base directory: reports name the policy relative to it, not by the build machine's path. */
    @Parameter(defaultValue = "${project.basedir}", readonly = true)
    protected File baseDirectory;

    /** Writes the reports and translates the verdict: FAIL and ERROR end the build. */
    protected void report(GateResult result) throws MojoExecutionException, MojoFailureException {
        VerdictTranslator.translate(GateExecution.report(portable(result), reportDirectory.toPath(),
                reportSigningKey()), getLog());
    }

    private GateResult portable(GateResult result) {
        if (baseDirectory == null || result.policyFile() == null) {
            return result;
        }
        java.nio.file.Path base = baseDirectory.toPath().toAbsolutePath().normalize();
        java.nio.file.Path policyFile = result.policyFile().toAbsolutePath().normalize();
        return policyFile.startsWith(base) ? result.withPolicyFile(base.relativize(policyFile)) : result;
    }

    private PrivateKey reportSigningKey() throws MojoExecutionException {
        try {
            Optional<KeySource> source = KeySource.of(reportSigningKey, reportSigningKeyEnv, "the report signing key");
            return source.isEmpty() ? null : dev.aigate.report.ReportSignature.readSigningKey(source.get().read(
                    projectDir(), System.getenv(), "report signing key"));
        } catch (GateException e) {
            throw new MojoExecutionException("aigate: the report signing key: " + e.getMessage(), e);
        }
    }
}
