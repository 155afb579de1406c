package dev.aigate.core;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.aigate.core.io.Digests;
import dev.aigate.report.ReportSchemaAssert;
import dev.aigate.core.spi.Check;
import dev.aigate.core.spi.CheckContext;
import dev.aigate.core.spi.CheckRegistry;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;

class GateTest {
    /** "Today" for every test: 2026-03-01. */
    static final Clock CLOCK = Clock.fixed(Instant.parse("2026-03-01T10:00:00Z"), ZoneOffset.UTC);

    @TempDir
    Path dir;

    private Path policy(String yaml) throws IOException {
        Path file = dir.resolve("aigate.yml");
        Files.writeString(file, yaml);
        return file;
    }

    private static GateResult run(GateRequest request, Check<?>... checks) {
        GateResult result = new Gate(CheckRegistry.of(List.of(checks)), CLOCK, null).run(request);
        ReportSchemaAssert.assertValid(result);
        return result;
    }

    private GateResult run(String yaml, Check<?>... checks) throws IOException {
        return run(GateRequest.of(policy(yaml)), checks);
    }

    private static CheckResult check(GateResult result, String id) {
        return result.checks().stream().filter(c -> c.checkId().equals(id)).findFirst()
                .orElseThrow(() -> new AssertionError("no result for " + id + " in " + result.checks()));
    }

    private static String waiver(String id, String rule, String subject, String expires) {
        return "  - id: " + id + "\n"
                + "    rule: " + rule + "\n"
                + (subject == null ? "" : "    subject: '" + subject + "'\n")
                + "    reason: accepted risk\n"
                + "    approvedBy: alice\n"
                + "    expires: " + expires + "\n";
    }

    @Test
    void passesWhenNothingIsFound() throws IOException {
        Path file = policy("version: 1\nalpha: {}\n");
        GateResult result = run(GateRequest.of(file), FakeCheck.passing("alpha"));
        assertEquals(Verdict.PASS, result.verdict());
        assertNull(result.error());
        assertEquals(CheckStatus.PASSED, check(result, "alpha").status());
        assertEquals(file, result.policyFile());
        assertEquals(Digests.sha256Hex(Files.readAllBytes(file)), result.policySha256());
        assertEquals(Severity.HIGH, result.failOn());
        assertEquals("default", result.failOnSource());
        assertEquals(CLOCK.instant(), result.startedAt());
        assertEquals(0, result.durationMillis());
        assertEquals(ToolVersion.get(), result.toolVersion());
        assertTrue(result.waivers().isEmpty());
        assertEquals(1, result.checks().size(), "no policy pseudo-check without waivers");
    }

    @Test
    void informationalFindingsNeverFail() throws IOException {
        GateResult result = run("version: 1\nfailOn: info\nalpha: {}\n", FakeCheck.reporting("alpha", "info:a"));
        assertEquals(Verdict.PASS, result.verdict());
        assertEquals(1, check(result, "alpha").findings().size());
        assertTrue(result.violations().isEmpty());
    }

    @ParameterizedTest(name = "{0} finding, failOn {1} -> {2}")
    @CsvSource({
        "low, critical, WARN",
        "medium, high, WARN",
        "medium, medium, FAIL",
        "medium, low, FAIL",
        "high, high, FAIL",
        "critical, high, FAIL",
        "low, info, FAIL",
    })
    void failOnDecidesBetweenWarnAndFail(String severity, String failOn, Verdict expected) throws IOException {
        GateResult result = run("version: 1\nfailOn: " + failOn + "\nalpha: {}\n",
                FakeCheck.reporting("alpha", severity + ":data/x.csv"));
        assertEquals(expected, result.verdict());
        assertEquals(expected == Verdict.FAIL ? CheckStatus.FAILED : CheckStatus.WARNED,
                check(result, "alpha").status());
        assertEquals("policy", result.failOnSource());
        assertEquals(expected == Verdict.FAIL ? 1 : 0, result.failingViolations().size());
    }

    @Test
    void worstCheckDecidesTheVerdict() throws IOException {
        GateResult result = run("version: 1\nalpha: {}\nbeta: {}\ngamma: {}\n", FakeCheck.reporting("alpha", "low:"),
                FakeCheck.reporting("beta", "high:"), FakeCheck.passing("gamma"));
        assertEquals(Verdict.FAIL, result.verdict());
        assertEquals(CheckStatus.WARNED, check(result, "alpha").status());
        assertEquals(CheckStatus.FAILED, check(result, "beta").status());
        assertEquals(CheckStatus.PASSED, check(result, "gamma").status());
    }

    @Test
    void requestOverridesTheFailingLevel() throws IOException {
        Path file = policy("version: 1\nfailOn: high\nalpha: {}\n");
        GateRequest request = new GateRequest(file, Set.of(), Set.of(), Severity.MEDIUM, 1, Map.of(), null);
        GateResult result = run(request, FakeCheck.reporting("alpha", "medium:"));
        assertEquals(Verdict.FAIL, result.verdict());
        assertEquals(Severity.MEDIUM, result.failOn());
        assertEquals("override", result.failOnSource());
    }

    @Test
    void severityOverrideRaisesAFinding() throws IOException {
        GateResult result = run("version: 1\nseverity:\n  alpha/medium: critical\nalpha: {}\n",
                FakeCheck.reporting("alpha", "medium:a"));
        assertEquals(Verdict.FAIL, result.verdict());
        Finding finding = check(result, "alpha").findings().get(0);
        assertEquals("alpha/medium", finding.ruleId());
        assertEquals(Severity.CRITICAL, finding.severity());
    }

    @Test
    void severityOverrideLowersAFinding() throws IOException {
        GateResult result = run("version: 1\nseverity:\n  alpha/high: low\nalpha: {}\n",
                FakeCheck.reporting("alpha", "high:a"));
        assertEquals(Verdict.WARN, result.verdict());
        assertEquals(Severity.LOW, check(result, "alpha").findings().get(0).severity());
    }

    @Test
    void severityOverrideToInfoRemovesTheViolation() throws IOException {
        GateResult result = run("version: 1\nseverity:\n  alpha/critical: info\nalpha: {}\n",
                FakeCheck.reporting("alpha", "critical:a"));
        assertEquals(Verdict.PASS, result.verdict());
        assertFalse(check(result, "alpha").findings().get(0).isViolation());
    }

    @Test
    void waiverCoversAMatchingFinding() throws IOException {
        GateResult result = run("version: 1\nalpha: {}\nwaivers:\n" + waiver("w1", "alpha/high", null, "2026-12-31"),
                FakeCheck.reporting("alpha", "high:data/a.csv"));
        assertEquals(Verdict.PASS, result.verdict());
        Finding finding = check(result, "alpha").findings().get(0);
        assertEquals("w1", finding.waiverId());
        assertFalse(finding.isViolation());
        assertEquals(CheckStatus.PASSED, check(result, "alpha").status());
        WaiverUse use = result.waivers().get(0);
        assertEquals("used", use.status());
        assertEquals(1, use.matched());
        assertEquals(305, use.daysLeft());
        CheckResult policy = check(result, PolicyRules.CHECK_ID);
        assertEquals(CheckStatus.PASSED, policy.status());
        assertTrue(policy.findings().isEmpty());
    }

    @Test
    void waiverWithRuleWildcardCoversEveryRuleOfItsCheckOnly() throws IOException {
        GateResult result = run("version: 1\nalpha: {}\nbeta: {}\nwaivers:\n"
                + waiver("all-alpha", "alpha/*", null, "2026-12-31"),
                FakeCheck.reporting("alpha", "high:a", "critical:b", "low:c"), FakeCheck.reporting("beta", "medium:d"));
        assertEquals(Verdict.WARN, result.verdict(), "beta's medium finding is not covered");
        assertTrue(check(result, "alpha").findings().stream().allMatch(f -> "all-alpha".equals(f.waiverId())));
        assertNull(check(result, "beta").findings().get(0).waiverId());
        assertEquals(3, result.waivers().get(0).matched());
    }

    @Test
    void waiverWildcardDoesNotCoverAnotherCheckSharingAPrefix() throws IOException {
        GateResult result = run("version: 1\nalpha: {}\nalphabet: {}\nwaivers:\n"
                + waiver("w", "alpha/*", null, "2026-12-31"),
                FakeCheck.passing("alpha"), FakeCheck.reporting("alphabet", "high:x"));
        assertEquals(Verdict.FAIL, result.verdict());
        assertEquals("unused", result.waivers().get(0).status());
    }

    @Test
    void waiverSubjectGlobNarrowsWhatItCovers() throws IOException {
        GateResult result = run("version: 1\nalpha: {}\nwaivers:\n"
                + waiver("raw", "alpha/high", "data/raw/**", "2026-12-31"),
                FakeCheck.reporting("alpha", "high:data/raw/2024/a.csv", "high:data/raw/b.csv", "high:data/clean/c.csv"));
        assertEquals(Verdict.FAIL, result.verdict());
        List<Finding> findings = check(result, "alpha").findings();
        assertEquals("raw", findings.get(0).waiverId());
        assertEquals("raw", findings.get(1).waiverId());
        assertNull(findings.get(2).waiverId());
        assertEquals(List.of("data/clean/c.csv"), result.violations().stream().map(Finding::subject).toList());
        assertEquals(2, result.waivers().get(0).matched());
    }

    @Test
    void waiverSubjectMatchesExactly() throws IOException {
        GateResult result = run("version: 1\nalpha: {}\nwaivers:\n"
                + waiver("one", "alpha/high", "data/a[1].csv", "2026-12-31"),
                FakeCheck.reporting("alpha", "high:data/a[1].csv"));
        assertEquals(Verdict.PASS, result.verdict(), "a subject equal to the finding's covers it even if it is not"
                + " a glob that matches itself");
    }

    @Test
    void waiverWithSubjectDoesNotCoverAFindingWithoutOne() throws IOException {
        GateResult result = run("version: 1\nalpha: {}\nwaivers:\n"
                + waiver("w", "alpha/high", "data/**", "2026-12-31"), FakeCheck.reporting("alpha", "high:"));
        assertEquals(Verdict.FAIL, result.verdict());
        assertEquals("unused", result.waivers().get(0).status());
    }

    @Test
    void waiverValidUntilTheEndOfItsExpiryDay() throws IOException {
        GateResult result = run("version: 1\nalpha: {}\nwaivers:\n" + waiver("w", "alpha/high", null, "2026-03-01"),
                FakeCheck.reporting("alpha", "high:"));
        assertEquals(Verdict.WARN, result.verdict(), "covered, with a warning that it expires today");
        assertEquals("used", result.waivers().get(0).status());
        assertEquals(0, result.waivers().get(0).daysLeft());
        Finding expiring = result.checks().get(1).findings().get(0);
        assertEquals("policy/waiver-expiring", expiring.ruleId());
        assertEquals(4, expiring.line());
    }

    @Test
    void thePolicySetsTheWindowOfExpiryWarnings() throws IOException {
        String waiver = waiver("w", "alpha/high", null, "2026-03-11");
        assertEquals(Verdict.WARN, run("version: 1\nalpha: {}\nwaivers:\n" + waiver,
                FakeCheck.reporting("alpha", "high:")).verdict(), "10 days left, within the default 14");
        assertEquals(Verdict.PASS, run("version: 1\nwaiverWarningDays: 7\nalpha: {}\nwaivers:\n" + waiver,
                FakeCheck.reporting("alpha", "high:")).verdict());
        assertEquals(Verdict.PASS, run("version: 1\nwaiverWarningDays: 0\nalpha: {}\nwaivers:\n"
                + waiver("w", "alpha/high", null, "2026-03-01"), FakeCheck.reporting("alpha", "high:")).verdict());
    }

    @Test
    void expiredWaiverCoversNothingAndIsAViolation() throws IOException {
        String yaml = "version: 1\nalpha: {}\nwaivers:\n" + waiver("old", "alpha/medium", null, "2026-02-28");
        GateResult result = run(yaml, FakeCheck.reporting("alpha", "medium:a"));
        assertNull(check(result, "alpha").findings().get(0).waiverId());
        assertEquals(CheckStatus.WARNED, check(result, "alpha").status());

        CheckResult policy = check(result, PolicyRules.CHECK_ID);
        assertEquals(CheckStatus.FAILED, policy.status());
        Finding expired = policy.findings().get(0);
        assertEquals("policy/waiver-expired", expired.ruleId());
        assertEquals(Severity.HIGH, expired.severity());
        assertEquals("aigate.yml", expired.subject());
        assertEquals(4, expired.line());
        assertTrue(expired.message().contains("'old'") && expired.message().contains("2026-02-28"),
                expired.message());
        assertEquals(Verdict.FAIL, result.verdict());

        WaiverUse use = result.waivers().get(0);
        assertEquals("expired", use.status());
        assertEquals(0, use.matched());
        assertEquals(-1, use.daysLeft());
    }

    @Test
    void expiredWaiverFailsEvenWithoutFindings() throws IOException {
        GateResult result = run("version: 1\nalpha: {}\nwaivers:\n" + waiver("old", "alpha/high", null, "2025-01-01"),
                FakeCheck.passing("alpha"));
        assertEquals(Verdict.FAIL, result.verdict());
    }

    @Test
    void expiredWaiverSeverityCanBeOverridden() throws IOException {
        GateResult result = run("version: 1\nseverity:\n  policy/waiver-expired: low\nalpha: {}\nwaivers:\n"
                + waiver("old", "alpha/high", null, "2025-01-01"), FakeCheck.passing("alpha"));
        assertEquals(Verdict.WARN, result.verdict());
    }

    @Test
    void unusedWaiverIsReportedWithoutChangingTheVerdict() throws IOException {
        GateResult result = run("version: 1\nalpha: {}\nwaivers:\n" + waiver("spare", "alpha/high", null, "2026-12-31"),
                FakeCheck.reporting("alpha", "low:a"));
        assertEquals(Verdict.WARN, result.verdict());
        CheckResult policy = check(result, PolicyRules.CHECK_ID);
        assertEquals(CheckStatus.PASSED, policy.status());
        Finding unused = policy.findings().get(0);
        assertEquals("policy/waiver-unused", unused.ruleId());
        assertEquals(Severity.INFO, unused.severity());
        assertEquals(4, unused.line());
        assertEquals("unused", result.waivers().get(0).status());
    }

    @Test
    void unusedWaiverOnACleanRunStillPasses() throws IOException {
        GateResult result = run("version: 1\nalpha: {}\nwaivers:\n" + waiver("spare", "alpha/*", null, "2026-12-31"),
                FakeCheck.passing("alpha"));
        assertEquals(Verdict.PASS, result.verdict());
    }

    @Test
    void waiverOfACheckThatDidNotRunIsNotEvaluated() throws IOException {
        Path file = policy("version: 1\nalpha: {}\nbeta: {}\nwaivers:\n"
                + waiver("b", "beta/high", null, "2026-12-31")
                + waiver("a", "alpha/high", null, "2026-12-31"));
        GateRequest request = new GateRequest(file, Set.of(), Set.of("beta"), null, 1, Map.of(), null);
        GateResult result = run(request, FakeCheck.passing("alpha"), FakeCheck.reporting("beta", "high:"));
        assertEquals(Verdict.PASS, result.verdict());
        assertEquals("not-evaluated", result.waivers().get(0).status());
        assertEquals("unused", result.waivers().get(1).status());
        assertEquals(1, check(result, PolicyRules.CHECK_ID).findings().size());
    }

    @Test
    void checkThatCannotEvaluateMakesTheVerdictErrorEvenIfOthersFail() throws IOException {
        GateResult result = run("version: 1\nalpha: {}\nbeta: {}\n",
                FakeCheck.throwing("alpha", new InputException(dir.resolve("model.onnx"), "not found")),
                FakeCheck.reporting("beta", "critical:x"));
        assertEquals(Verdict.ERROR, result.verdict());
        CheckResult alpha = check(result, "alpha");
        assertEquals(CheckStatus.ERROR, alpha.status());
        assertEquals(dir.resolve("model.onnx") + ": not found", alpha.error());
        assertEquals(CheckStatus.FAILED, check(result, "beta").status(), "the other check still ran");
        assertEquals(List.of("[alpha] " + dir.resolve("model.onnx") + ": not found"), result.errors());
        assertTrue(result.verdict().failsBuild());
        assertEquals(2, result.verdict().exitCode());
    }

    @Test
    void runtimeExceptionInACheckFailsClosed() throws IOException {
        GateResult result = run("version: 1\nalpha: {}\n",
                FakeCheck.throwing("alpha", new IllegalStateException("boom")));
        assertEquals(Verdict.ERROR, result.verdict());
        String error = check(result, "alpha").error();
        assertTrue(error.contains("internal error in check 'alpha'") && error.contains("boom"), error);
    }

    @Test
    void errorIsNeverWaived() throws IOException {
        GateResult result = run("version: 1\nalpha: {}\nwaivers:\n" + waiver("w", "alpha/*", null, "2026-12-31"),
                FakeCheck.throwing("alpha", new GateException("cannot read")));
        assertEquals(Verdict.ERROR, result.verdict());
        assertEquals("not-evaluated", result.waivers().get(0).status());
    }

    @Test
    void policyWithoutSectionsIsAnError() throws IOException {
        Path file = policy("version: 1\nfailOn: low\n");
        GateResult result = run(GateRequest.of(file), FakeCheck.passing("alpha"));
        assertEquals(Verdict.ERROR, result.verdict());
        assertTrue(result.error().startsWith(file + ": the policy enables no check"), result.error());
        assertTrue(result.checks().isEmpty());
        assertNotNull(result.policySha256());
        assertEquals(Severity.LOW, result.failOn());
    }

    @Test
    void invalidPolicyIsAnErrorBeforeAnyCheck() throws IOException {
        Path file = policy("version: 1\nalpha: {}\nbogus: true\n");
        FakeCheck alpha = FakeCheck.passing("alpha");
        GateResult result = run(GateRequest.of(file), alpha);
        assertEquals(Verdict.ERROR, result.verdict());
        assertTrue(result.error().startsWith(file + ":3: unknown key 'bogus'"), result.error());
        assertNull(result.policySha256());
        assertEquals("default", result.failOnSource());
        assertTrue(result.checks().isEmpty());
        assertTrue(alpha.contexts.isEmpty());
    }

    @Test
    void missingPolicyIsAnError() {
        GateRequest request = new GateRequest(dir.resolve("none.yml"), Set.of(), Set.of(), Severity.LOW, 1, Map.of(),
                "demo");
        GateResult result = run(request, FakeCheck.passing("alpha"));
        assertEquals(Verdict.ERROR, result.verdict());
        assertEquals(dir.resolve("none.yml") + ": policy file not found", result.error());
        assertEquals("override", result.failOnSource());
        assertEquals("demo", result.project());
    }

    @Test
    void disabledCheckIsSkipped() throws IOException {
        GateResult result = run("version: 1\nalpha: {enabled: false}\nbeta: {}\n", FakeCheck.reporting("alpha", "high:"),
                FakeCheck.passing("beta"));
        assertEquals(Verdict.PASS, result.verdict());
        assertEquals(CheckStatus.SKIPPED, check(result, "alpha").status());
        assertEquals("disabled in the policy", check(result, "alpha").skipReason());
    }

    @Test
    void checksWithoutASectionDoNotRun() throws IOException {
        FakeCheck beta = FakeCheck.reporting("beta", "high:");
        GateResult result = run("version: 1\nalpha: {}\n", FakeCheck.passing("alpha"), beta);
        assertEquals(Verdict.PASS, result.verdict());
        assertEquals(List.of("alpha"), result.checks().stream().map(CheckResult::checkId).toList());
        assertTrue(beta.contexts.isEmpty());
    }

    @Test
    void onlyRunsTheNamedChecks() throws IOException {
        Path file = policy("version: 1\nalpha: {}\nbeta: {}\n");
        FakeCheck alpha = FakeCheck.reporting("alpha", "high:");
        GateResult result = run(GateRequest.of(file).withOnly(Set.of("beta")), alpha, FakeCheck.passing("beta"));
        assertEquals(Verdict.PASS, result.verdict());
        assertEquals(List.of("beta"), result.checks().stream().map(CheckResult::checkId).toList());
        assertTrue(alpha.contexts.isEmpty());
    }

    @Test
    void onlyWithAnUnknownCheckIsAnError() throws IOException {
        Path file = policy("version: 1\nalpha: {}\n");
        GateResult result = run(GateRequest.of(file).withOnly(Set.of("gamma")), FakeCheck.passing("alpha"));
        assertEquals(Verdict.ERROR, result.verdict());
        assertTrue(result.error().contains("no check named 'gamma'") && result.error().contains("alpha"),
                result.error());
    }

    @Test
    void onlyWithACheckThePolicyDoesNotConfigureIsAnError() throws IOException {
        Path file = policy("version: 1\nalpha: {}\n");
        GateResult result = run(GateRequest.of(file).withOnly(Set.of("beta")), FakeCheck.passing("alpha"),
                FakeCheck.passing("beta"));
        assertEquals(Verdict.ERROR, result.verdict());
        assertTrue(result.error().startsWith(file + ": the policy has no 'beta' section"), result.error());
    }

    @Test
    void skippedCheckIsReportedAsSkipped() throws IOException {
        Path file = policy("version: 1\nalpha: {}\nbeta: {}\n");
        GateRequest request = new GateRequest(file, Set.of(), Set.of("alpha"), null, 1, Map.of(), null);
        FakeCheck alpha = FakeCheck.throwing("alpha", new IllegalStateException("must not run"));
        GateResult result = run(request, alpha, FakeCheck.reporting("beta", "low:"));
        assertEquals(Verdict.WARN, result.verdict());
        assertEquals(CheckStatus.SKIPPED, check(result, "alpha").status());
        assertEquals("skipped on request", check(result, "alpha").skipReason());
        assertTrue(alpha.contexts.isEmpty());
    }

    @Test
    void skippingAnUnknownCheckIsAnError() throws IOException {
        Path file = policy("version: 1\nalpha: {}\n");
        GateRequest request = new GateRequest(file, Set.of(), Set.of("gamma"), null, 1, Map.of(), null);
        GateResult result = run(request, FakeCheck.passing("alpha"));
        assertEquals(Verdict.ERROR, result.verdict());
        assertTrue(result.error().contains("cannot skip 'gamma'"), result.error());
    }

    @Test
    void skippingEveryCheckIsAnError() throws IOException {
        Path file = policy("version: 1\nalpha: {}\n");
        GateRequest request = new GateRequest(file, Set.of(), Set.of("alpha"), null, 1, Map.of(), null);
        GateResult result = run(request, FakeCheck.passing("alpha"));
        assertEquals(Verdict.ERROR, result.verdict());
        assertEquals(1, result.checks().size());
        assertEquals(CheckStatus.SKIPPED, result.checks().get(0).status());
    }

    @Test
    void checksGetTheirContextAndRunInIdOrder() throws IOException {
        Path file = policy("version: 1\nbeta: {label: second}\nalpha: {label: first}\n");
        FakeCheck alpha = FakeCheck.reporting("alpha", "low:");
        FakeCheck beta = FakeCheck.passing("beta");
        GateRequest request = new GateRequest(file, Set.of(), Set.of(), null, 3, Map.of("beta.threshold", "0.5"),
                "demo 1.0");
        GateResult result = run(request, beta, alpha);
        assertEquals(List.of("alpha", "beta"), result.checks().stream().map(CheckResult::checkId).toList());
        assertEquals("first", check(result, "alpha").metrics().get("label"));

        CheckContext context = beta.contexts.get(0);
        assertEquals(dir.toAbsolutePath(), context.baseDir());
        assertSame(CLOCK, context.clock());
        assertEquals(3, context.threads());
        assertEquals(Map.of("beta.threshold", "0.5"), context.overrides());
        assertEquals(List.of("alpha"), context.earlierResults().stream().map(CheckResult::checkId).toList());
        assertEquals("demo 1.0", result.project());
    }

    @Test
    void projectComesFromThePolicyUnlessTheRequestNamesOne() throws IOException {
        GateResult result = run("version: 1\nproject: digits\nalpha: {}\n", FakeCheck.passing("alpha"));
        assertEquals("digits", result.project());
    }

    @ParameterizedTest
    @ValueSource(strings = {
        "version: 1\nalpha: []\n",
        "version: 1\nalpha:\n",
        "version: 1\nalpha: {enabled: maybe}\n",
        "version: 1\nalpha: {}\nwaivers: [null]\n",
        "version: 1\nalpha: {}\nwaivers: [{rule: [x]}]\n",
        "version: 1\nalpha: {}\nseverity: [alpha/high]\n",
        "version: 1\nalpha: {}\nseverity: {alpha/high: {a: b}}\n",
        "version: 1\nalpha: {}\nwaivers:\n  - {rule: alpha/high, subject: '[', reason: r, approvedBy: a, expires: 2030-01-01}\n",
        "version: 1\nalpha: {}\nproject: [x]\n",
        "version: 99999999999999999999\n",
        "version: 1\n? [a, b]\n: c\n",
        "!!binary x\n",
        "version: !!float 1\nalpha: {}\n",
        "version: 1\nalpha: &x {}\nbeta: *x\n",
    })
    void neverThrowsForABadPolicy(String yaml) throws IOException {
        GateResult result = run(yaml, FakeCheck.passing("alpha"), FakeCheck.passing("beta"));
        assertEquals(Verdict.ERROR, result.verdict(), () -> String.valueOf(result.errors()));
        assertFalse(result.errors().isEmpty());
        assertTrue(result.errors().get(0).contains("aigate.yml"), () -> result.errors().get(0));
    }
}
