package dev.aigate.checks.compliance;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.aigate.core.CheckResult;
import dev.aigate.core.CheckStatus;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class CheckRuleTest {
    @TempDir
    Path dir;

    private TestProject project(String rule) {
        return new TestProject(dir).checklist(""
                + "  - id: owasp/ML02\n"
                + "    title: Data poisoning\n"
                + "    evidence:\n"
                + "      - check: " + rule + "\n");
    }

    @Test
    void passedCheckIsMet() {
        CheckResult result = project("{id: datasets}").earlier("datasets", CheckStatus.PASSED).run();
        assertEquals("met", TestProject.status(result, "owasp/ML02"));
        assertTrue(String.valueOf(TestProject.item(result, "owasp/ML02").get("evidence")).contains("verdict=PASSED"));
    }

    @Test
    void failedCheckIsUnmet() {
        CheckResult result = project("{id: datasets}").earlier("datasets", CheckStatus.FAILED).run();
        assertTrue(result.findings().get(0).message().contains("check 'datasets' (datasets) FAILED"),
                result.findings().get(0).message());
    }

    @Test
    void checkThatDidNotRunIsUnmetAndSaysSo() {
        CheckResult result = project("{id: robustness}").run();
        assertTrue(result.findings().get(0).message().contains("check 'robustness' did not run in this gate"),
                result.findings().get(0).message());
    }

    @Test
    void skippedAndErroredChecksAreUnmet() {
        assertTrue(project("{id: datasets}").earlier("datasets", CheckStatus.SKIPPED).run().findings().get(0)
                .message().contains("was skipped (skipped on request)"));
        assertTrue(new TestProject(dir).earlier("datasets", CheckStatus.ERROR).checklist(""
                + "  - id: owasp/ML02\n    title: t\n    evidence: [{check: {id: datasets}}]\n").run()
                .findings().get(0).message().contains("could not evaluate (lock file missing)"));
    }

    @Test
    void warnedCountsOnlyWhenAllowed() {
        assertEquals("unmet", TestProject.status(project("{id: datasets}").earlier("datasets", CheckStatus.WARNED)
                .run(), "owasp/ML02"));
        assertEquals("met", TestProject.status(project("{id: datasets, allowWarnings: true}")
                .earlier("datasets", CheckStatus.WARNED).run(), "owasp/ML02"));
    }
}
