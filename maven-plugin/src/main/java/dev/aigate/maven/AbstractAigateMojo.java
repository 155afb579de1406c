package dev.aigate.maven;

import dev.aigate.core.Severity;
import java.io.File;
import org.apache.maven.plugin.AbstractMojo;
import org.apache.maven.plugin.MojoExecutionException;
import org.apache.maven.plugins.annotations.Parameter;

/** Parameters every aigate goal shares. Goals only map these onto the core and translate its answer. */
abstract class AbstractAigateMojo extends AbstractMojo {
    /** The policy file. Relative paths inside it resolve against its directory. */
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

    protected abstract void run() throws MojoExecutionException, org.apache.maven.plugin.MojoFailureException;

    @Override
    public final void execute() throws MojoExecutionException, org.apache.maven.plugin.MojoFailureException {
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

    /** A relative file (e.g. a key file parameter) resolves against the policy's directory; null stays null. */
    protected String resolveAgainstPolicy(String file) {
        if (file == null || file.isBlank()) {
            return null;
        }
        return policy.toPath().toAbsolutePath().getParent().resolve(file).normalize().toString();
    }

    protected int effectiveThreads() {
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
