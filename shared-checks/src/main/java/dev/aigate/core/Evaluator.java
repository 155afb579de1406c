package dev.aigate.core;

import dev.aigate.core.policy.Waiver;
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

    /** Evaluates a whole run at once. */
    public Evaluation evaluate(List<CheckResult> raw) {
        Run run = start();
        raw.forEach(run::add);
        return run.finish();
    }

    public Run start() {
        return new Run();
    }

    /**
     * One gate run, evaluated check by check so that later checks can see the evaluated results of earlier ones;
     * {@link #finish()} then judges the waivers and decides the verdict.
     */
    public final class Run {
        private final Map<String, Integer> matches = new HashMap<>();
        private final List<CheckResult> evaluated = new ArrayList<>();
        private final Set<String> ran = new java.util.HashSet<>();

        private Run() {
        }

        public CheckResult add(CheckResult result) {
            CheckResult done = result;
            if (result.status() != CheckStatus.SKIPPED && result.status() != CheckStatus.ERROR) {
                ran.add(result.checkId());
                List<Finding> findings = new ArrayList<>();
                for (Finding finding : result.findings()) {
                    findings.add(waive(override(finding), matches));
                }
                done = result.evaluated(statusOf(findings), findings);
            }
            evaluated.add(done);
            return done;
        }

        public List<CheckResult> evaluatedSoFar() {
            return List.copyOf(evaluated);
        }

        public Evaluation finish() {
            List<CheckResult> all = new ArrayList<>(evaluated);
            List<WaiverUse> uses = new ArrayList<>();
            CheckResult.Builder policyResult = CheckResult.builder(PolicyRules.CHECK_ID, PolicyRules.TITLE);
            for (Waiver waiver : waivers) {
                uses.add(judge(waiver, matches.getOrDefault(waiver.id(), 0), ran, policyResult));
            }
            if (!waivers.isEmpty()) {
                CheckResult built = policyResult.build();
                List<Finding> findings = built.findings().stream().map(Evaluator.this::override).toList();
                all.add(built.evaluated(statusOf(findings), findings));
            }
            Verdict verdict = Verdict.PASS;
            for (CheckResult result : all) {
                verdict = verdict.worst(verdictOf(result.status()));
            }
            return new Evaluation(all, uses, verdict);
        }
    }

    private WaiverUse judge(Waiver waiver, int matched, Set<String> ran, CheckResult.Builder policyResult) {
        long daysLeft = ChronoUnit.DAYS.between(today, waiver.expires());
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
        return new WaiverUse(waiver, status, matched, daysLeft);
    }

    /** The id of the waiver that would cover {@code finding} (after severity overrides), without counting its use. */
    public java.util.Optional<String> waiverFor(Finding finding) {
        Finding overridden = override(finding);
        if (overridden.severity() == Severity.INFO) {
            return java.util.Optional.empty();
        }
        for (Waiver waiver : waivers) {
            if (!waiver.expiredOn(today) && covers(waiver, overridden)) {
                return java.util.Optional.of(waiver.id());
            }
        }
        return java.util.Optional.empty();
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
        return dev.aigate.core.files.Glob.of(waiver.subject()).matches(finding.subject());
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
