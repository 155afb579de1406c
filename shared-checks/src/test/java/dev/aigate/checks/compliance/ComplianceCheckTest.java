package dev.aigate.checks.compliance;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.aigate.checks.datasets.Locks;
import dev.aigate.core.CheckResult;
import dev.aigate.core.CheckStatus;
import dev.aigate.core.Finding;
import dev.aigate.core.Gate;
import dev.aigate.core.GateRequest;
import dev.aigate.core.GateResult;
import dev.aigate.core.Severity;
import dev.aigate.core.Verdict;
import dev.aigate.core.spi.CheckRegistry;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The compliance check inside a real gate run: ordering after other checks, severities, waivers, summaries. */
class ComplianceCheckTest {
    static final String POLICY = "version: 1\n"
            + "failOn: high\n"
            + "datasets:\n"
            + "  sets:\n"
            + "    - name: train\n"
            + "      path: data\n"
            + "compliance:\n"
            + "  checklist: compliance/checklist.yml\n";

    @TempDir
    Path dir;
    TestProject project;

    @BeforeEach
    void project() {
        project = new TestProject(dir)
                .file("data/train.csv", "x,label\n1,0\n")
                .file("compliance/privacy.yml", "personalData: false\n")
                .file("compliance/signoffs.yml", "version: 1\nsignoffs:\n"
                        + "  - {item: owasp-ml/ML09, approver: jane@example.org, role: release-manager,"
                        + " date: 2026-06-01}\n"
                        // ML02 asks for the poisoning check or a sign-off of the data's validation besides datasets.
                        + "  - {item: owasp-ml/ML02, approver: jane@example.org, role: data-steward,"
                        + " date: 2026-06-01}\n")
                .file("compliance/checklist.yml", "version: 1\n"
                        + "extends:\n"
                        + "  - profile: owasp-ml-top10\n"
                        + "  - profile: privacy\n"
                        + "overrides:\n"
                        + "  - id: owasp-ml/ML03\n"
                        + "    notApplicable: {reason: \"public, non-personal training data\"}\n"
                        + "  - id: owasp-ml/ML01\n"
                        + "    severity: medium\n"
                        + "items:\n"
                        + "  - id: team/environment\n"
                        + "    title: Energy use is documented\n"
                        + "    required: false\n"
                        + "    references: [{framework: nist-ai-rmf, ref: MEASURE 2.12}]\n"
                        + "    evidence: [{file: {glob: docs/energy.md}}]\n");
    }

    private GateResult gate(String waivers) {
        project.file("aigate.yml", POLICY + waivers);
        Locks.lock(dir.resolve("aigate.yml"), 1, null);
        return project.gate();
    }

    private static CheckResult compliance(GateResult result) {
        assertEquals(List.of(), result.errors());
        return result.checks().stream().filter(c -> c.checkId().equals("compliance")).findFirst().orElseThrow();
    }

    @Test
    void runsAfterTheOtherChecksAndUsesTheirVerdicts() {
        GateResult result = gate("");
        assertEquals(List.of("datasets", "compliance"), result.checks().stream().map(CheckResult::checkId).toList());
        CheckResult compliance = compliance(result);
        assertEquals("met", TestProject.status(compliance, "owasp-ml/ML02"));
        assertEquals("met", TestProject.status(compliance, "owasp-ml/ML08"));
        assertEquals("met", TestProject.status(compliance, "owasp-ml/ML09"));
        assertEquals("not-applicable", TestProject.status(compliance, "owasp-ml/ML03"));
        assertEquals("public, non-personal training data", TestProject.item(compliance, "owasp-ml/ML03")
                .get("reason"));
        assertEquals("compliance/checklist.yml:6", TestProject.item(compliance, "owasp-ml/ML03").get("overriddenAt"));
        assertEquals("not-applicable", TestProject.status(compliance, "privacy/lawful-basis"));
        assertTrue(String.valueOf(TestProject.item(compliance, "privacy/lawful-basis").get("reason"))
                .contains("'personalData' is false in compliance/privacy.yml:1"));
        assertEquals("met", TestProject.status(compliance, "privacy/personal-data"));
    }

    @Test
    void unmetItemsAreViolationsAtTheirOwnSeverity() {
        CheckResult compliance = compliance(gate(""));
        assertEquals(CheckStatus.FAILED, compliance.status());
        Finding ml01 = finding(compliance, "owasp-ml/ML01");
        assertEquals("compliance/item-unmet", ml01.ruleId());
        assertEquals(Severity.MEDIUM, ml01.severity());
        assertTrue(ml01.message().contains("check 'robustness' did not run in this gate"), ml01.message());
        assertTrue(ml01.message().contains("(item at compliance/checklist.yml:8)"), ml01.message());
        Finding ml05 = finding(compliance, "owasp-ml/ML05");
        assertEquals(Severity.HIGH, ml05.severity());
        assertTrue(ml05.message().contains("[owasp-ml-top10 ML05:2023 Model Theft]"), ml05.message());
        Finding ml04 = finding(compliance, "owasp-ml/ML04");
        assertEquals("compliance/item-unmet", ml04.ruleId(), "the privacy check or a sign-off: neither is there");
        assertTrue(ml04.message().contains("check 'privacy' did not run in this gate"), ml04.message());
        assertEquals(Severity.MEDIUM, ml04.severity());
        Finding optional = finding(compliance, "team/environment");
        assertEquals("compliance/optional-item-unmet", optional.ruleId());
        assertEquals(Severity.INFO, optional.severity());
    }

    @Test
    void frameworkSummaryCountsApplicableItems() {
        CheckResult compliance = compliance(gate(""));
        @SuppressWarnings("unchecked")
        Map<String, Map<String, Object>> frameworks = (Map<String, Map<String, Object>>) compliance.metrics()
                .get("frameworks");
        // ML02, ML08, ML09 met; ML01, ML04, ML05, ML06, ML07, ML10 unmet; ML03 not applicable.
        assertEquals(Map.of("met", 3, "total", 9, "unmet", 6, "notApplicable", 1, "waived", 0), frameworks.get("owasp-ml-top10"));
        assertEquals(Map.of("met", 1, "total", 1, "unmet", 0, "notApplicable", 7, "waived", 0), frameworks.get("gdpr"));
        assertEquals(Map.of("met", 0, "total", 1, "unmet", 1, "notApplicable", 0, "waived", 0), frameworks.get("nist-ai-rmf"));
        assertTrue(compliance.inputs().stream().anyMatch(i -> i.kind().equals("compliance-profile")
                && i.path().equals("builtin/owasp-ml-top10.yml")));
        assertTrue(compliance.inputs().stream().anyMatch(i -> i.kind().equals("compliance-checklist")
                && i.path().equals("compliance/checklist.yml")));
    }

    @Test
    void waiversSelectItemsByIdOrIdGlob() {
        GateResult result = gate("waivers:\n"
                + "  - rule: compliance/item-unmet\n"
                + "    subject: owasp-ml/ML0[156]\n"
                + "    reason: robustness, watermark and signature checks are scheduled for release 2\n"
                + "    approvedBy: jane@example.org\n"
                + "    expires: 2026-12-31\n"
                + "  - rule: compliance/*\n"
                + "    subject: owasp-ml/ML04\n"
                + "    reason: membership inference assessment in review\n"
                + "    approvedBy: jane@example.org\n"
                + "    expires: 2026-12-31\n");
        CheckResult compliance = compliance(result);
        assertEquals("waiver-1", finding(compliance, "owasp-ml/ML05").waiverId());
        assertEquals("waiver-1", finding(compliance, "owasp-ml/ML01").waiverId());
        assertEquals("waiver-2", finding(compliance, "owasp-ml/ML04").waiverId());
        List<String> unwaived = compliance.violations().stream().map(Finding::subject).toList();
        assertEquals(List.of("owasp-ml/ML07", "owasp-ml/ML10"), unwaived);
        assertEquals(Verdict.FAIL, result.verdict());

        // The item list and the per-framework summary say "waived" too, with the waiver's id.
        @SuppressWarnings("unchecked")
        List<java.util.Map<String, Object>> items =
                (List<java.util.Map<String, Object>>) compliance.metrics().get("items");
        java.util.Map<String, Object> ml05 = items.stream().filter(i -> "owasp-ml/ML05".equals(i.get("id")))
                .findFirst().orElseThrow();
        assertEquals("waived", ml05.get("status"));
        assertEquals("waiver-1", ml05.get("waiver"));
        assertEquals(4, compliance.metrics().get("waived"));
    }

    @Test
    void complianceOnlyRunsIncludeTheChecksItsItemsName() {
        project.file("aigate.yml", POLICY);
        GateResult result = new Gate(CheckRegistry.load(), java.time.Clock.systemUTC(), null)
                .run(GateRequest.of(dir.resolve("aigate.yml")).withOnly(Set.of("compliance")));
        assertEquals(Set.of("datasets", "compliance"), result.checks().stream().map(CheckResult::checkId)
                .filter(id -> !id.equals("policy")).collect(java.util.stream.Collectors.toSet()));
    }

    private static Finding finding(CheckResult result, String item) {
        return result.findings().stream().filter(f -> item.equals(f.subject())).findFirst()
                .orElseThrow(() -> new AssertionError("no finding for " + item + " in " + result.findings()));
    }
}
