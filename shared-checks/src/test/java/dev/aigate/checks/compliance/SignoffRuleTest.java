package dev.aigate.checks.compliance;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.aigate.core.CheckResult;
import dev.aigate.core.Finding;
import dev.aigate.core.Severity;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Sign-offs, judged on 2026-06-15. */
class SignoffRuleTest {
    @TempDir
    Path dir;

    private TestProject project(String signoffs) {
        TestProject project = new TestProject(dir).checklist(""
                + "  - id: release/approval\n"
                + "    title: Release approved\n"
                + "    severity: critical\n"
                + "    manual: true\n"
                + "  - id: privacy/dpia\n"
                + "    title: DPIA approved by the DPO\n"
                + "    evidence:\n"
                + "      - signoff: {role: dpo, maxAgeDays: 365}\n");
        if (signoffs != null) {
            project.file("compliance/signoffs.yml", "version: 1\nsignoffs:\n" + signoffs);
        }
        return project;
    }

    @Test
    void currentSignoffMeetsAManualItem() {
        CheckResult result = project(""
                + "  - {item: release/approval, approver: jane@example.org, role: release-manager,"
                + " date: 2026-06-01, expires: 2026-06-15}\n"
                + "  - {item: privacy/dpia, approver: dpo@example.org, role: DPO, date: 2026-01-10}\n").run();
        assertEquals("met", TestProject.status(result, "release/approval"));
        assertEquals("met", TestProject.status(result, "privacy/dpia"));
        assertTrue(result.findings().isEmpty(), result.findings().toString());
        assertTrue(result.inputs().stream().anyMatch(i -> i.kind().equals("compliance-signoffs")));
    }

    @Test
    void missingSignoffIsSignoffMissingAtTheItemSeverity() {
        CheckResult result = project("  []\n").run();
        Finding finding = result.findings().stream().filter(f -> f.subject().equals("release/approval")).findFirst()
                .orElseThrow();
        assertEquals("compliance/signoff-missing", finding.ruleId());
        assertEquals(Severity.CRITICAL, finding.severity());
        assertTrue(finding.message().contains("no sign-off of 'release/approval' in compliance/signoffs.yml"),
                finding.message());
    }

    @Test
    void missingSignoffFileIsUnmet() {
        CheckResult result = project(null).run();
        assertTrue(result.findings().get(0).message().contains("sign-off file compliance/signoffs.yml not found"));
    }

    @Test
    void expiredSignoffDoesNotCount() {
        CheckResult result = project(""
                + "  - {item: release/approval, approver: jane@example.org, role: release-manager,"
                + " date: 2026-01-01, expires: 2026-06-14}\n").run();
        Finding finding = result.findings().stream().filter(f -> f.subject().equals("release/approval")).findFirst()
                .orElseThrow();
        assertEquals("compliance/signoff-expired", finding.ruleId());
        assertTrue(finding.message().contains("sign-off by jane@example.org (release-manager) on 2026-01-01, expires"
                + " 2026-06-14 (compliance/signoffs.yml:3) expired on 2026-06-14"), finding.message());
    }

    @Test
    void futureDatedWrongRoleAndTooOldSignoffsDoNotCount() {
        CheckResult result = project(""
                + "  - {item: release/approval, approver: a@example.org, role: release-manager, date: 2026-07-01}\n"
                + "  - {item: privacy/dpia, approver: b@example.org, role: engineer, date: 2026-06-01}\n"
                + "  - {item: privacy/dpia, approver: c@example.org, role: dpo, date: 2025-01-01}\n").run();
        assertTrue(result.findings().get(0).message().contains("after today (2026-06-15)"),
                result.findings().get(0).message());
        String dpia = result.findings().get(1).message();
        assertTrue(dpia.contains("role 'engineer', not 'dpo'"), dpia);
        assertTrue(dpia.contains("530 days old, more than 365"), dpia);
    }
}
