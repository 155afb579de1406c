package dev.aigate.maven;

import dev.aigate.report.GateExecution;
import dev.aigate.report.TextSummary;
import org.apache.maven.plugin.MojoExecutionException;
import org.apache.maven.plugin.MojoFailureException;
import org.apache.maven.plugin.logging.Log;

/**
 * Translates a gate outcome into Maven's terms: PASS logs, WARN logs warnings, FAIL throws
 * {@link MojoFailureException} listing each violation, ERROR throws {@link MojoExecutionException}.
 */
final class VerdictTranslator {
    private VerdictTranslator() {
    }

    static void translate(GateExecution.Outcome outcome, Log log) throws MojoExecutionException,
            MojoFailureException {
        for (TextSummary.Line line : TextSummary.of(outcome)) {
            switch (line.level()) {
                case ERROR:
                    log.error(line.text());
                    break;
                case WARN:
                    log.warn(line.text());
                    break;
                default:
                    log.info(line.text());
            }
        }
        switch (outcome.verdict()) {
            case ERROR:
                throw new MojoExecutionException(TextSummary.failureMessage(outcome));
            case FAIL:
                throw new MojoFailureException(TextSummary.failureMessage(outcome));
            default:
                break;
        }
    }
}
