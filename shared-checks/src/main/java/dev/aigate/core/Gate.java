package dev.aigate.core;

import dev.aigate.core.policy.Policy;
import dev.aigate.core.policy.PolicyLoader;
import dev.aigate.core.policy.Waiver;
import dev.aigate.core.spi.Check;
import dev.aigate.core.spi.CheckContext;
import dev.aigate.core.spi.CheckRegistry;
import java.time.Clock;
import java.time.Instant;
import java.time.LocalDate;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * Runs a gate: policy and inputs, then checks, findings, verdict. Never throws for bad input: every problem becomes an
 * ERROR verdict with a message naming the file, so adapters only translate the result.
 */
public final class Gate {
    private final CheckRegistry registry;
    private final Clock clock;
    private final ProgressListener progress;

    public Gate(CheckRegistry registry, Clock clock, ProgressListener progress) {
        this.registry = registry;
        this.clock = clock;
        this.progress = progress == null ? ProgressListener.NONE : progress;
    }

    public static Gate withInstalledChecks(ProgressListener progress) {
        return new Gate(CheckRegistry.load(), Clock.systemUTC(), progress);
    }

    public CheckRegistry registry() {
        return registry;
    }

    public GateResult run(GateRequest request) {
        Instant started = clock.instant();
        Map<String, String> context = RunContext.detect(request.policyFile(), System.getenv());
        Policy policy;
        try {
            policy = new PolicyLoader(registry).load(request.policyFile());
        } catch (GateException e) {
            Severity failOn = request.failOn() == null ? Severity.HIGH : request.failOn();
            return new GateResult(ToolVersion.get(), request.project(), request.policyFile(), null, failOn,
                    request.failOn() == null ? "default" : "override", started, clock.instant(), Verdict.ERROR,
                    List.of(), List.of(), e.getMessage(), request.overrides(), rules(), context);
        }
        Severity failOn = request.failOn() != null ? request.failOn() : policy.failOn();
        String failOnSource = request.failOn() != null ? "override"
                : policy.document().root().has("failOn") ? "policy" : "default";
        String project = request.project() != null ? request.project() : policy.project();

        String error = unknownRequestedChecks(request, policy);
        if (error != null) {
            return new GateResult(ToolVersion.get(), project, policy.file(), policy.sha256(), failOn, failOnSource,
                    started, clock.instant(), Verdict.ERROR, List.of(), List.of(), error, request.overrides(), rules(),
                    context);
        }
        Map<String, Integer> waiverLines = new HashMap<>();
        for (int i = 0; i < policy.waivers().size(); i++) {
            Waiver waiver = policy.waivers().get(i);
            waiverLines.put(waiver.id(), policy.lineOf("/waivers/" + i));
        }
        Evaluator evaluator = new Evaluator(failOn, policy.severityOverrides(), policy.waivers(),
                LocalDate.ofInstant(clock.instant(), clock.getZone()), policy.file().getFileName().toString(),
                waiverLines);
        Evaluator.Run run = evaluator.start();
        for (Check<?> check : registry.all()) {
            CheckResult result = runOne(check, policy, request, run.evaluatedSoFar(), evaluator);
            if (result != null) {
                run.add(result);
            }
        }
        if (run.evaluatedSoFar().stream().allMatch(r -> r.status() == CheckStatus.SKIPPED)) {
            return new GateResult(ToolVersion.get(), project, policy.file(), policy.sha256(), failOn, failOnSource,
                    started, clock.instant(), Verdict.ERROR, run.evaluatedSoFar(), List.of(),
                    policy.file() + ": the policy enables no check to run (add a section such as 'datasets:')",
                    request.overrides(), rules(), context);
        }
        Evaluator.Evaluation evaluation = run.finish();
        return new GateResult(ToolVersion.get(), project, policy.file(), policy.sha256(), failOn, failOnSource,
                started, clock.instant(), evaluation.verdict(), evaluation.checks(), evaluation.waivers(), null,
                request.overrides(), rules(), context);
    }

    private List<Rule> rules() {
        List<Rule> rules = new java.util.ArrayList<>(PolicyRules.ALL);
        registry.all().forEach(check -> rules.addAll(check.rules()));
        return rules;
    }

    private String unknownRequestedChecks(GateRequest request, Policy policy) {
        for (String id : request.only()) {
            if (registry.find(id).isEmpty()) {
                return "no check named '" + id + "' (known: " + String.join(", ", registry.ids()) + ")";
            }
            if (!policy.hasSection(id)) {
                return policy.file() + ": the policy has no '" + id + "' section, so that check cannot run";
            }
        }
        for (String key : request.overrides().keySet()) {
            int dot = key.indexOf('.');
            String checkId = dot < 0 ? key : key.substring(0, dot);
            var check = registry.find(checkId);
            if (dot < 0 || check.isEmpty() || !check.get().overridableKeys().contains(key.substring(dot + 1))) {
                return "cannot override '" + key + "': overrides are written <check>.<key> and must name a threshold"
                        + " the check accepts" + check.map(c -> c.overridableKeys().isEmpty()
                        ? " (check '" + c.id() + "' accepts none)"
                        : " (check '" + c.id() + "' accepts " + String.join(", ", new java.util.TreeSet<>(
                                c.overridableKeys())) + ")").orElse("");
            }
        }
        for (String id : request.skip()) {
            if (registry.find(id).isEmpty()) {
                return "cannot skip '" + id + "': no such check (known: " + String.join(", ", registry.ids()) + ")";
            }
        }
        return null;
    }

    /** Runs one check, or returns null when it is not part of this run at all. */
    private <C> CheckResult runOne(Check<C> check, Policy policy, GateRequest request, List<CheckResult> earlier,
            Evaluator evaluator) {
        if (!policy.hasSection(check.id()) || (!request.only().isEmpty() && !request.only().contains(check.id()))) {
            return null;
        }
        if (request.skip().contains(check.id())) {
            return CheckResult.skipped(check.id(), check.title(), "skipped on request");
        }
        long start = System.nanoTime();
        try {
            C config = policy.configFor(check);
            if (!check.enabled(config)) {
                return CheckResult.skipped(check.id(), check.title(), "disabled in the policy");
            }
            CheckContext context = new CheckContext(policy.baseDir(), clock, request.threads(), progress,
                    request.overrides(), earlier, evaluator::waiverFor);
            return check.run(config, context).withDuration(elapsedMillis(start));
        } catch (GateException e) {
            return CheckResult.error(check.id(), check.title(), e.getMessage(), elapsedMillis(start));
        } catch (RuntimeException e) {
            // A fault in a check must still fail closed, with enough to report it.
            return CheckResult.error(check.id(), check.title(), "internal error in check '" + check.id() + "': "
                    + e, elapsedMillis(start));
        }
    }

    private static long elapsedMillis(long startNanos) {
        return (System.nanoTime() - startNanos) / 1_000_000;
    }
}
