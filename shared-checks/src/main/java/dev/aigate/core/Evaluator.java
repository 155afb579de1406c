package dev.aigate.core;

import dev.aigate.core.policy.Waiver;
import java.nio.file.FileSystems;
import java.nio.file.PathMatcher;
import java.nio.file.Paths;
import java.time.LocalDate;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Turns what the checks found into decisions: applies severity overrides and waivers, raises findings about expired
 * and unused waivers, sets each check's status and the gate verdict. The one place where levels are compared.
 */
public final class Evaluator {
    private final Severity failOn;
    private final Map<String, Severity> severityOverrides;
    private final List<Waiver> waivers;
    private final LocalDate today;
    private final String policySubject;
    private final Map<String, Integer> waiverLines;

    /**
     * @param policySubject how findings about waivers name the policy file (e.g. {@code aigate.yml})
     * @param waiverLines waiver id to its line in the policy, for findings that point at it
     */
    public Evaluator(Severity failOn, Map<String, Severity> severityOverrides, List<Waiver> waivers, LocalDate today,
            String policySubject, Map<String, Integer> waiverLines) {
        this.failOn = failOn;
        this.severityOverrides = Map.copyOf(severityOverrides);
        this.waivers = List.copyOf(waivers);
        this.today = today;
        this.policySubject = policySubject;
        this.waiverLines = Map.copyOf(waiverLines);
    }

    /** The evaluated check results (with a trailing {@code policy} result when there are waivers) and waiver uses. */
    public record Evaluation(List<CheckResult> checks, List<WaiverUse> waivers, Verdict verdict) {
    }

    public Evaluation evaluate(List<CheckResult> raw) {
        Map<String, Integer> matches = new HashMap<>();
        List<CheckResult> evaluated = new ArrayList<>();
        Set<String> ran = new java.util.HashSet<>();
        for (CheckResult result : raw) {
            if (result.status() == CheckStatus.SKIPPED || result.status() == CheckStatus.ERROR) {
                evaluated.add(result);
                continue;
            }
            ran.add(result.checkId());
            List<Finding> findings = new ArrayList<>();
            for (Finding finding : result.findings()) {
                findings.add(waive(override(finding), matches));
            }
            evaluated.add(result.evaluated(statusOf(findings), findings));
        }

        List<WaiverUse> uses = new ArrayList<>();
        CheckResult.Builder policyResult = CheckResult.builder(PolicyRules.CHECK_ID, PolicyRules.TITLE);
        for (Waiver waiver : waivers) {
            long daysLeft = ChronoUnit.DAYS.between(today, waiver.expires());
            int matched = matches.getOrDefault(waiver.id(), 0);
            String status;
            if (waiver.expiredOn(today)) {
                status = "expired";
                policyResult.finding(Finding.of(PolicyRules.WAIVER_EXPIRED, "Waiver '" + waiver.id() + "' for "
                        + waiver.rule() + " expired on " + waiver.expires() + " (approved by " + waiver.approvedBy()
                        + ": " + waiver.reason() + ")")
                        .subject(policySubject).line(waiverLines.get(waiver.id()))
                        .expected("expires on or after " + today).actual("expired " + waiver.expires()).build());
            } else if (matched > 0) {
                status = "used";
            } else if (!ran.contains(checkOf(waiver.rule()))) {
                status = "not-evaluated";
            } else {
                status = "unused";
                policyResult.finding(Finding.of(PolicyRules.WAIVER_UNUSED, "Waiver '" + waiver.id() + "' for "
                        + waiver.rule() + (waiver.subject() == null ? "" : " on " + waiver.subject())
                        + " matched no finding")
                        .subject(policySubject).line(waiverLines.get(waiver.id())).build());
            }
            uses.add(new WaiverUse(waiver, status, matched, daysLeft));
        }
        if (!waivers.isEmpty()) {
            CheckResult built = policyResult.build();
            List<Finding> findings = built.findings().stream().map(this::override).toList();
            evaluated.add(built.evaluated(statusOf(findings), findings));
        }

        Verdict verdict = Verdict.PASS;
        for (CheckResult result : evaluated) {
            verdict = verdict.worst(verdictOf(result.status()));
        }
        return new Evaluation(evaluated, uses, verdict);
    }

    private Finding override(Finding finding) {
        Severity severity = severityOverrides.get(finding.ruleId());
        return severity == null ? finding : finding.withSeverity(severity);
    }

    private Finding waive(Finding finding, Map<String, Integer> matches) {
        if (finding.severity() == Severity.INFO) {
            return finding;
        }
        for (Waiver waiver : waivers) {
            if (!waiver.expiredOn(today) && covers(waiver, finding)) {
                matches.merge(waiver.id(), 1, Integer::sum);
                return finding.withWaiver(waiver.id());
            }
        }
        return finding;
    }

    static boolean covers(Waiver waiver, Finding finding) {
        String rule = waiver.rule();
        boolean ruleMatches = rule.endsWith("/*")
                ? finding.checkId().equals(rule.substring(0, rule.length() - 2))
                : finding.ruleId().equals(rule);
        if (!ruleMatches) {
            return false;
        }
        if (waiver.subject() == null || waiver.subject().isBlank()) {
            return true;
        }
        if (finding.subject() == null) {
            return false;
        }
        if (waiver.subject().equals(finding.subject())) {
            return true;
        }
        PathMatcher matcher = FileSystems.getDefault().getPathMatcher("glob:" + waiver.subject());
        return matcher.matches(Paths.get(finding.subject()));
    }

    private CheckStatus statusOf(List<Finding> findings) {
        boolean warned = false;
        for (Finding finding : findings) {
            if (finding.isViolation()) {
                if (finding.severity().atLeast(failOn)) {
                    return CheckStatus.FAILED;
                }
                warned = true;
            }
        }
        return warned ? CheckStatus.WARNED : CheckStatus.PASSED;
    }

    private static Verdict verdictOf(CheckStatus status) {
        switch (status) {
            case ERROR:
                return Verdict.ERROR;
            case FAILED:
                return Verdict.FAIL;
            case WARNED:
                return Verdict.WARN;
            default:
                return Verdict.PASS;
        }
    }

    private static String checkOf(String rule) {
        int slash = rule.indexOf('/');
        return slash < 0 ? rule : rule.substring(0, slash);
    }
}
