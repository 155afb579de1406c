package dev.aigate.core;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Path;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.Test;

/** The small value types: verdicts, severities, findings, requests. */
class ModelTest {
    @Test
    void verdictOrderExitCodesAndBuildOutcome() {
        assertEquals(Verdict.WARN, Verdict.PASS.worst(Verdict.WARN));
        assertEquals(Verdict.FAIL, Verdict.FAIL.worst(Verdict.WARN));
        assertEquals(Verdict.ERROR, Verdict.FAIL.worst(Verdict.ERROR));
        assertEquals(Verdict.ERROR, Verdict.ERROR.worst(Verdict.PASS));
        assertEquals(0, Verdict.PASS.exitCode());
        assertEquals(0, Verdict.WARN.exitCode());
        assertEquals(1, Verdict.FAIL.exitCode());
        assertEquals(2, Verdict.ERROR.exitCode());
        assertFalse(Verdict.WARN.failsBuild());
        assertTrue(Verdict.FAIL.failsBuild());
        assertTrue(Verdict.ERROR.failsBuild());
    }

    @Test
    void severityParsingAndOrder() {
        assertEquals(Severity.HIGH, Severity.parse(" High "));
        assertEquals("critical", Severity.CRITICAL.label());
        assertTrue(Severity.CRITICAL.atLeast(Severity.HIGH));
        assertTrue(Severity.HIGH.atLeast(Severity.HIGH));
        assertFalse(Severity.MEDIUM.atLeast(Severity.HIGH));
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> Severity.parse("severe"));
        assertTrue(e.getMessage().contains("severe"));
        assertThrows(IllegalArgumentException.class, () -> Severity.parse(" "));
    }

    @Test
    void findingViolationAndCheckId() {
        Rule rule = new Rule("datasets/file-added", Severity.HIGH, "added", "re-lock");
        Finding finding = Finding.of(rule, "x added").subject("data/x").expected(1).actual(null).build();
        assertEquals("datasets", finding.checkId());
        assertEquals("datasets", rule.checkId());
        assertEquals("re-lock", finding.remediation());
        assertEquals("1", finding.expected());
        assertTrue(finding.isViolation());
        assertFalse(finding.withWaiver("w").isViolation());
        assertFalse(finding.withSeverity(Severity.INFO).isViolation());
    }

    @Test
    void requestDefaults() {
        GateRequest request = GateRequest.of(Path.of("aigate.yml"));
        assertTrue(request.threads() >= 1);
        assertEquals(Set.of(), request.only());
        assertEquals(Map.of(), request.overrides());
        assertThrows(NullPointerException.class, () -> GateRequest.of(null));
    }

    @Test
    void toolVersionComesFromTheBuild() {
        assertFalse(ToolVersion.get().isBlank());
        assertFalse(ToolVersion.get().contains("${"), ToolVersion.get());
    }
}
