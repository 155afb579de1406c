package dev.aigate.maven;

import static org.junit.jupiter.api.Assertions.assertDoesNotThrow;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.aigate.core.CheckResult;
import dev.aigate.core.CheckStatus;
import dev.aigate.core.Finding;
import dev.aigate.core.GateResult;
import dev.aigate.core.Rule;
import dev.aigate.core.Severity;
import dev.aigate.core.Verdict;
import dev.aigate.report.GateExecution;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.apache.maven.plugin.MojoExecutionException;
import org.apache.maven.plugin.MojoFailureException;
import org.apache.maven.plugin.logging.SystemStreamLog;
import org.junit.jupiter.api.Test;

class VerdictTranslatorTest {
    private static final Rule MODIFIED = new Rule("datasets/file-modified", Severity.HIGH, "modified", "relock");

    /** Records what was logged at which level. */
    static final class RecordingLog extends SystemStreamLog {
        final List<String> infos = new ArrayList<>();
        final List<String> warnings = new ArrayList<>();
        final List<String> errors = new ArrayList<>();

        @Override
        public void info(CharSequence content) {
            infos.add(content.toString());
        }

        @Override
        public void warn(CharSequence content) {
            warnings.add(content.toString());
        }

        @Override
        public void error(CharSequence content) {
            errors.add(content.toString());
        }
    }

    private static GateExecution.Outcome outcome(Verdict verdict, CheckStatus status, Severity severity,
            String error) {
        List<Finding> findings = new ArrayList<>();
        if (status == CheckStatus.FAILED || status == CheckStatus.WARNED) {
            findings.add(Finding.of(MODIFIED, "data/a.csv: modified since dataset 'd' was locked").subject(
                    "data/a.csv").build().withSeverity(severity));
        }
        CheckResult check = status == CheckStatus.ERROR
                ? CheckResult.error("datasets", "Datasets", error, 1)
                : CheckResult.builder("datasets", "Datasets").build().evaluated(status, findings);
        GateResult result = new GateResult("1.0", "p", Path.of("aigate.yml"), "0".repeat(64), Severity.HIGH,
                "policy", Instant.EPOCH, Instant.EPOCH, verdict, List.of(check), List.of(), null, Map.of());
        return new GateExecution.Outcome(result, null, Path.of("target/aigate"), null);
    }

    @Test
    void passLogsTheVerdict() {
        RecordingLog log = new RecordingLog();
        assertDoesNotThrow(() -> VerdictTranslator.translate(outcome(Verdict.PASS, CheckStatus.PASSED, null, null),
                log));
        assertTrue(log.infos.stream().anyMatch(line -> line.startsWith("verdict PASS")), log.infos.toString());
        assertTrue(log.errors.isEmpty());
    }

    @Test
    void warnLogsWarningsAndDoesNotFail() {
        RecordingLog log = new RecordingLog();
        assertDoesNotThrow(() -> VerdictTranslator.translate(
                outcome(Verdict.WARN, CheckStatus.WARNED, Severity.MEDIUM, null), log));
        assertTrue(log.warnings.stream().anyMatch(line -> line.contains("data/a.csv")), log.warnings.toString());
    }

    @Test
    void failThrowsMojoFailureListingEachViolation() {
        MojoFailureException e = assertThrows(MojoFailureException.class, () -> VerdictTranslator.translate(
                outcome(Verdict.FAIL, CheckStatus.FAILED, Severity.HIGH, null), new RecordingLog()));
        assertTrue(e.getMessage().contains("datasets/file-modified"), e.getMessage());
        assertTrue(e.getMessage().contains("data/a.csv"), e.getMessage());
    }

    @Test
    void errorThrowsMojoExecutionNamingTheProblem() {
        MojoExecutionException e = assertThrows(MojoExecutionException.class, () -> VerdictTranslator.translate(
                outcome(Verdict.ERROR, CheckStatus.ERROR, null, "lock.json: dataset lock file not found"),
                new RecordingLog()));
        assertTrue(e.getMessage().contains("lock.json: dataset lock file not found"), e.getMessage());
        assertTrue(e.getMessage().contains("could not evaluate"), e.getMessage());
    }

    @Test
    void unwritableReportsTurnAPassIntoAnError() {
        GateExecution.Outcome pass = outcome(Verdict.PASS, CheckStatus.PASSED, null, null);
        GateExecution.Outcome broken = new GateExecution.Outcome(pass.result(), null, pass.reportDirectory(),
                "target/aigate: cannot write the gate reports: disk full");
        MojoExecutionException e = assertThrows(MojoExecutionException.class,
                () -> VerdictTranslator.translate(broken, new RecordingLog()));
        assertTrue(e.getMessage().contains("disk full"), e.getMessage());
    }
}
