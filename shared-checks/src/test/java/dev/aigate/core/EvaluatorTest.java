package dev.aigate.core;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.aigate.core.policy.Waiver;
import java.time.LocalDate;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class EvaluatorTest {
    private static final LocalDate TODAY = LocalDate.of(2026, 3, 1);
    private static final Rule HIGH = new Rule("alpha/high", Severity.HIGH, "high", "fix");
    private static final Rule INFO = new Rule("alpha/info", Severity.INFO, "info", null);

    private static Waiver waiver(String id, String rule, String subject, LocalDate expires) {
        return new Waiver(id, rule, subject, "reason", "alice", expires);
    }

    private static Finding finding(Rule rule, String subject) {
        return Finding.of(rule, "problem").subject(subject).build();
    }

    private static Evaluator evaluator(Severity failOn, Map<String, Severity> overrides, Waiver... waivers) {
        // No expiry warnings here: these tests are about matching; the window has its own tests below.
        return new Evaluator(failOn, overrides, List.of(waivers), TODAY, "aigate.yml", Map.of("w1", 7), 0);
    }

    private static Evaluator.Evaluation withWindow(int days, Waiver waiver) {
        return new Evaluator(Severity.HIGH, Map.of(), List.of(waiver), TODAY, "aigate.yml", Map.of("w1", 7), days)
                .evaluate(List.of(raw(finding(HIGH, "a"))));
    }

    private static CheckResult raw(Finding... findings) {
        CheckResult.Builder builder = CheckResult.builder("alpha", "Alpha");
        for (Finding finding : findings) {
            builder.finding(finding);
        }
        return builder.build();
    }

    @Test
    void coversByExactRule() {
        Waiver w = waiver("w", "alpha/high", null, TODAY);
        assertTrue(Evaluator.covers(w, finding(HIGH, "a")));
        assertTrue(Evaluator.covers(w, finding(HIGH, null)));
        assertFalse(Evaluator.covers(waiver("w", "alpha/low", null, TODAY), finding(HIGH, "a")));
    }

    @Test
    void coversByCheckWildcard() {
        assertTrue(Evaluator.covers(waiver("w", "alpha/*", null, TODAY), finding(HIGH, "a")));
        assertFalse(Evaluator.covers(waiver("w", "alph/*", null, TODAY), finding(HIGH, "a")));
        assertFalse(Evaluator.covers(waiver("w", "beta/*", null, TODAY), finding(HIGH, "a")));
    }

    @Test
    void coversBySubjectGlob() {
        Waiver w = waiver("w", "alpha/high", "data/*.csv", TODAY);
        assertTrue(Evaluator.covers(w, finding(HIGH, "data/a.csv")));
        assertFalse(Evaluator.covers(w, finding(HIGH, "data/sub/a.csv")), "'*' stays within one directory");
        assertFalse(Evaluator.covers(w, finding(HIGH, "data/a.json")));
        assertFalse(Evaluator.covers(w, finding(HIGH, null)));
        assertTrue(Evaluator.covers(waiver("w", "alpha/high", "data/**", TODAY), finding(HIGH, "data/sub/a.csv")));
        assertTrue(Evaluator.covers(waiver("w", "alpha/high", " ", TODAY), finding(HIGH, "x")),
                "a blank subject covers everything");
    }

    @Test
    void firstMatchingWaiverWinsAndTheOtherIsUnused() {
        Evaluator.Evaluation evaluation = evaluator(Severity.HIGH, Map.of(),
                waiver("w1", "alpha/high", null, TODAY.plusDays(1)),
                waiver("w2", "alpha/*", null, TODAY.plusDays(1))).evaluate(List.of(raw(finding(HIGH, "a"))));
        assertEquals("w1", evaluation.checks().get(0).findings().get(0).waiverId());
        assertEquals(List.of("used", "unused"), evaluation.waivers().stream().map(WaiverUse::status).toList());
        assertEquals(Verdict.PASS, evaluation.verdict());
        Finding unused = evaluation.checks().get(1).findings().get(0);
        assertEquals(PolicyRules.WAIVER_UNUSED.id(), unused.ruleId());
        assertNull(unused.line(), "w2 has no recorded line");
    }

    @Test
    void informationalFindingsAreNotWaived() {
        Evaluator.Evaluation evaluation = evaluator(Severity.HIGH, Map.of(), waiver("w1", "alpha/*", null, TODAY))
                .evaluate(List.of(raw(finding(INFO, "a"))));
        assertNull(evaluation.checks().get(0).findings().get(0).waiverId());
        assertEquals("unused", evaluation.waivers().get(0).status());
        assertEquals(7, evaluation.checks().get(1).findings().get(0).line());
    }

    @Test
    void overrideAppliesBeforeWaivers() {
        Evaluator.Evaluation evaluation = evaluator(Severity.HIGH, Map.of("alpha/high", Severity.INFO),
                waiver("w1", "alpha/high", null, TODAY)).evaluate(List.of(raw(finding(HIGH, "a"))));
        Finding finding = evaluation.checks().get(0).findings().get(0);
        assertEquals(Severity.INFO, finding.severity());
        assertNull(finding.waiverId());
        assertEquals("unused", evaluation.waivers().get(0).status());
    }

    @Test
    void skippedAndErroredResultsPassThrough() {
        CheckResult skipped = CheckResult.skipped("beta", "Beta", "skipped on request");
        CheckResult error = CheckResult.error("gamma", "Gamma", "file: broken", 5);
        Evaluator.Evaluation evaluation = evaluator(Severity.HIGH, Map.of()).evaluate(List.of(skipped, error));
        assertSame(skipped, evaluation.checks().get(0));
        assertSame(error, evaluation.checks().get(1));
        assertEquals(Verdict.ERROR, evaluation.verdict());
        assertEquals(2, evaluation.checks().size(), "no policy result without waivers");
    }

    @Test
    void onlySkippedChecksPass() {
        Evaluator.Evaluation evaluation = evaluator(Severity.HIGH, Map.of())
                .evaluate(List.of(CheckResult.skipped("beta", "Beta", "disabled")));
        assertEquals(Verdict.PASS, evaluation.verdict());
    }

    @Test
    void expiredWaiverFindingNamesThePolicyLine() {
        Evaluator.Evaluation evaluation = evaluator(Severity.CRITICAL, Map.of(),
                waiver("w1", "alpha/high", null, TODAY.minusDays(10))).evaluate(List.of(raw(finding(HIGH, "a"))));
        assertEquals(Verdict.WARN, evaluation.verdict(), "failOn critical: both high violations only warn");
        CheckResult policy = evaluation.checks().get(1);
        assertEquals(PolicyRules.CHECK_ID, policy.checkId());
        assertEquals(CheckStatus.WARNED, policy.status());
        Finding expired = policy.findings().get(0);
        assertEquals(7, expired.line());
        assertEquals("aigate.yml", expired.subject());
        assertEquals(-10, evaluation.waivers().get(0).daysLeft());
    }

    @Test
    void aWaiverExpiringWithinTheWindowWarnsNamingItsOwnerAndTheDaysLeft() {
        Evaluator.Evaluation evaluation = withWindow(14, waiver("w1", "alpha/high", "a", TODAY.plusDays(5)));
        assertEquals(Verdict.WARN, evaluation.verdict(), "a low finding below failOn high");
        assertEquals("used", evaluation.waivers().get(0).status(), "it still covers its finding");
        CheckResult policy = evaluation.checks().get(1);
        assertEquals(CheckStatus.WARNED, policy.status());
        Finding expiring = policy.findings().get(0);
        assertEquals(PolicyRules.WAIVER_EXPIRING.id(), expiring.ruleId());
        assertEquals(Severity.LOW, expiring.severity());
        assertEquals("Waiver 'w1' for alpha/high on a expires in 5 days (on 2026-03-06); renew it with its owner,"
                + " alice", expiring.message());
        assertEquals("aigate.yml", expiring.subject());
        assertEquals(7, expiring.line());
        assertEquals("5 day(s) left, owner alice", expiring.actual());
    }

    @Test
    void theWindowIncludesItsLastDayAndTheExpiryDay() {
        assertEquals(1, withWindow(14, waiver("w1", "alpha/high", null, TODAY.plusDays(14))).checks().get(1)
                .findings().size());
        assertTrue(withWindow(14, waiver("w1", "alpha/high", null, TODAY)).checks().get(1).findings().get(0)
                .message().contains("expires today"));
        assertTrue(withWindow(14, waiver("w1", "alpha/high", null, TODAY.plusDays(15))).checks().get(1)
                .findings().isEmpty());
        assertTrue(withWindow(0, waiver("w1", "alpha/high", null, TODAY)).checks().get(1).findings().isEmpty(),
                "0 never warns");
    }

    @Test
    void anExpiredWaiverRaisesOnlyTheExpiredFinding() {
        List<Finding> findings = withWindow(14, waiver("w1", "alpha/high", null, TODAY.minusDays(1))).checks()
                .get(1).findings();
        assertEquals(List.of(PolicyRules.WAIVER_EXPIRED.id()), findings.stream().map(Finding::ruleId).toList());
    }
}
