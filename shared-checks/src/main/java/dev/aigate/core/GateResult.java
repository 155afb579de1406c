package dev.aigate.core;

import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;

/**
 * Everything a gate run decided, from which every report is generated.
 *
 * @param policyFile the policy that was applied (null only if none was given)
 * @param policySha256 digest of the policy file; null when it could not be read
 * @param failOn the effective failing level (policy value or its override)
 * @param failOnSource where {@code failOn} came from: {@code policy}, {@code default} or {@code override}
 * @param error for an ERROR verdict raised before any check ran (e.g. a malformed policy), the message
 * @param overrides threshold overrides given on the command line or in Maven parameters ({@code check.key})
 * @param rules the rules of every check that ran, so reports can describe each finding's rule
 * @param context where the run happened: {@code commit}, {@code build}, {@code buildUrl} when known
 */
public record GateResult(
        String toolVersion,
        String project,
        Path policyFile,
        String policySha256,
        Severity failOn,
        String failOnSource,
        Instant startedAt,
        Instant finishedAt,
        Verdict verdict,
        List<CheckResult> checks,
        List<WaiverUse> waivers,
        String error,
        java.util.Map<String, String> overrides,
        List<Rule> rules,
        java.util.Map<String, String> context) {

    public GateResult {
        checks = List.copyOf(checks);
        waivers = List.copyOf(waivers);
        overrides = overrides == null ? java.util.Map.of()
                : java.util.Collections.unmodifiableMap(new java.util.TreeMap<>(overrides));
        rules = rules == null ? List.of() : List.copyOf(rules);
        context = context == null ? java.util.Map.of()
                : java.util.Collections.unmodifiableMap(new java.util.TreeMap<>(context));
    }

    /** A result without rule descriptions or run context (tests, and results assembled from other reports). */
    public GateResult(String toolVersion, String project, Path policyFile, String policySha256, Severity failOn,
            String failOnSource, Instant startedAt, Instant finishedAt, Verdict verdict, List<CheckResult> checks,
            List<WaiverUse> waivers, String error, java.util.Map<String, String> overrides) {
        this(toolVersion, project, policyFile, policySha256, failOn, failOnSource, startedAt, finishedAt, verdict,
                checks, waivers, error, overrides, List.of(), java.util.Map.of());
    }

    /** The same result naming its policy file differently, e.g. relative to the project for a portable report. */
    public GateResult withPolicyFile(Path path) {
        return new GateResult(toolVersion, project, path, policySha256, failOn, failOnSource, startedAt, finishedAt,
                verdict, checks, waivers, error, overrides, rules, context);
    }

    public List<Finding> violations() {
        List<Finding> all = new ArrayList<>();
        checks.forEach(check -> all.addAll(check.violations()));
        return all;
    }

    /** Violations at or above the failing level. */
    public List<Finding> failingViolations() {
        return violations().stream().filter(f -> f.severity().atLeast(failOn)).toList();
    }

    /** Every error message: the gate-level one and each check's, prefixed by its check id. */
    public List<String> errors() {
        List<String> errors = new ArrayList<>();
        if (error != null) {
            errors.add(error);
        }
        for (CheckResult check : checks) {
            if (check.status() == CheckStatus.ERROR) {
                errors.add("[" + check.checkId() + "] " + check.error());
            }
        }
        return errors;
    }

    public long durationMillis() {
        return finishedAt.toEpochMilli() - startedAt.toEpochMilli();
    }
}
