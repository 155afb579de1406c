package dev.aigate.report;

import dev.aigate.core.CheckResult;
import dev.aigate.core.Finding;
import dev.aigate.core.GateResult;
import dev.aigate.core.InputDigest;
import dev.aigate.core.Rule;
import dev.aigate.core.Severity;
import dev.aigate.core.ToolVersion;
import dev.aigate.core.Verdict;
import dev.aigate.core.WaiverUse;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Combines the gate results of several modules into one, without running any check again: each module's checks keep
 * the status their own gate gave them (titled with the module, paths prefixed with it), and the verdict is the worst
 * module verdict. The failing level shown is the strictest of the modules'.
 */
public final class ReportAggregator {
    private ReportAggregator() {
    }

    /** @param modules module name (e.g. a Maven module's path in the reactor) to that module's result, in order */
    public static GateResult combine(String project, Map<String, GateResult> modules) {
        if (modules.isEmpty()) {
            throw new IllegalArgumentException("no module reports to combine");
        }
        List<CheckResult> checks = new ArrayList<>();
        List<WaiverUse> waivers = new ArrayList<>();
        Map<String, Rule> rules = new LinkedHashMap<>();
        Verdict verdict = Verdict.PASS;
        Severity failOn = Severity.CRITICAL;
        Instant started = null;
        Instant finished = null;
        List<String> errors = new ArrayList<>();
        Map<String, String> context = new LinkedHashMap<>();
        for (Map.Entry<String, GateResult> module : modules.entrySet()) {
            String name = module.getKey();
            GateResult result = module.getValue();
            verdict = verdict.worst(result.verdict());
            failOn = result.failOn().compareTo(failOn) < 0 ? result.failOn() : failOn;
            started = started == null || result.startedAt().isBefore(started) ? result.startedAt() : started;
            finished = finished == null || result.finishedAt().isAfter(finished) ? result.finishedAt() : finished;
            if (result.error() != null) {
                errors.add("[" + name + "] " + result.error());
            }
            result.rules().forEach(rule -> rules.putIfAbsent(rule.id(), rule));
            context.putAll(result.context());
            for (CheckResult check : result.checks()) {
                checks.add(prefixed(name, check));
            }
            waivers.addAll(result.waivers());
        }
        return new GateResult(ToolVersion.get(), project, null, null, failOn, "policy", started, finished, verdict,
                checks, waivers, errors.isEmpty() ? null : String.join("; ", errors), Map.of(),
                new ArrayList<>(rules.values()), context);
    }

    private static CheckResult prefixed(String module, CheckResult check) {
        String title = "[" + module + "] " + check.title();
        if (check.status() == dev.aigate.core.CheckStatus.ERROR) {
            return CheckResult.error(check.checkId(), title, check.error(), check.durationMillis());
        }
        if (check.status() == dev.aigate.core.CheckStatus.SKIPPED) {
            return CheckResult.skipped(check.checkId(), title, check.skipReason());
        }
        CheckResult.Builder builder = CheckResult.builder(check.checkId(), title);
        for (InputDigest input : check.inputs()) {
            builder.input(new InputDigest(input.kind(), module + "/" + input.path(), input.size(), input.sha256()));
        }
        check.metrics().forEach(builder::metric);
        check.views().forEach(builder::view);
        builder.metric("module", module);
        List<Finding> findings = new ArrayList<>();
        for (Finding f : check.findings()) {
            findings.add(new Finding(f.ruleId(), f.severity(), "[" + module + "] " + f.message(),
                    f.subject() == null ? null : module + "/" + f.subject(), f.line(), f.expected(), f.actual(),
                    f.remediation(), f.waiverId()));
        }
        return builder.build().evaluated(check.status(), findings).withDuration(check.durationMillis());
    }
}
