package dev.aigate.maven;

import dev.aigate.core.Severity;
import java.io.File;
import java.nio.file.Path;
import org.apache.maven.plugin.AbstractMojo;
import org.apache.maven.plugin.MojoExecutionException;
import org.apache.maven.plugin.MojoFailureException;
import org.apache.maven.plugins.annotations.Parameter;

/** Parameters every aigate goal shares. Goals only map these onto the core and translate its answer. */
abstract class AbstractAigateMojo extends AbstractMojo {
    /** The policy file. Its folder is the project directory: every relative path (policy, keys) resolves there. */
    @Parameter(property = "aigate.policy", defaultValue = "${project.basedir}/aigate.yml")
    protected File policy;

    /** Skips every aigate goal. */
    @Parameter(property = "aigate.skip", defaultValue = "false")
    protected boolean skip;

    /** Worker threads for hashing and other parallel work; 0 uses one per available processor. */
    @Parameter(property = "aigate.threads", defaultValue = "0")
    protected int threads;

    /** Logs progress of long-running work at most this often, in seconds. */
    @Parameter(property = "aigate.progressInterval", defaultValue = "10")
    protected int progressIntervalSeconds;

    protected abstract boolean goalSkipped();

    protected abstract String goalSkipProperty();

    protected abstract void run() throws MojoExecutionException, MojoFailureException;

    @Override
    public final void execute() throws MojoExecutionException, MojoFailureException {
        if (skip) {
            getLog().info("aigate: skipped (aigate.skip)");
            return;
        }
        if (goalSkipped()) {
            getLog().info("aigate: skipped (" + goalSkipProperty() + ")");
            return;
        }
        run();
    }

    protected Path policyPath() {
        return policy.toPath().toAbsolutePath().normalize();
    }

    /** The policy's folder: where relative paths resolve. */
    protected Path projectDir() {
        return policyPath().getParent();
    }

    protected int effectiveThreads() throws MojoExecutionException {
        if (threads < 0) {
            throw new MojoExecutionException("Invalid aigate.threads: " + threads + " (0 uses one per processor)");
        }
        return threads > 0 ? threads : Math.max(1, Runtime.getRuntime().availableProcessors());
    }

    /** Progress of long runs in the build log, at most once per {@code aigate.progressInterval} seconds. */
    protected dev.aigate.core.ProgressListener progressLog() {
        return new dev.aigate.core.ThrottledProgress(getLog()::info, Math.max(1, progressIntervalSeconds) * 1000L);
    }

    static Severity parseLevel(String value, String property) throws MojoExecutionException {
        if (value == null || value.isBlank()) {
            return null;
        }
        try {
            return Severity.parse(value);
        } catch (IllegalArgumentException e) {
            throw new MojoExecutionException("Invalid " + property + ": " + e.getMessage());
        }
    }
}
