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
import java.util.ArrayDeque;
import java.util.Deque;
import java.util.HashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.Supplier;

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

    public Clock clock() {
        return clock;
    }

    public ProgressListener progress() {
        return progress;
    }

    /** Loads the policy and runs the checks the request selects. */
    public GateResult run(GateRequest request) {
        Policy policy;
        try {
            policy = new PolicyLoader(registry).load(request.policyFile());
        } catch (GateException e) {
            return failedBeforeChecks(request, clock.instant(), e.getMessage());
        }
        return run(request, policy);
    }

    /** Runs the checks the request selects against a policy already loaded (and validated) by the caller. */
    public GateResult run(GateRequest request, Policy policy) {
        Instant started = clock.instant();
        Map<String, String> context = RunContext.detect(request.policyFile(), System.getenv());
        Severity failOn = failOn(request, policy);
        String failOnSource = failOnSource(request, policy);
        String project = request.project() != null ? request.project() : policy.project();

        String error = unknownRequestedChecks(request, policy);
        if (error != null) {
            return new GateResult(ToolVersion.get(), project, policy.file(), policy.sha256(), failOn, failOnSource,
                    started, clock.instant(), Verdict.ERROR, List.of(), List.of(), error, request.overrides(), rules(),
                    context);
        }
        Set<String> selected = selectedChecks(request, policy);
        Evaluator evaluator = evaluator(policy, failOn);
        Evaluator.Run run = evaluator.start();
        for (Check<?> check : registry.all()) {
            if (selected.contains(check.id())) {
                run.add(runOne(check, policy, request, run.evaluatedSoFar(), evaluator));
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

    /**
     * Evaluates the result of an action that judges (a scan of given paths, say) as a gate run of its one check:
     * the policy's failing level, severity overrides and waivers apply when there is a policy, the defaults otherwise.
     *
     * @param policy the loaded policy, or null for a policy-free run
     * @param judge runs the action; a {@link GateException} becomes the check's ERROR
     */
    public GateResult judge(GateRequest request, Policy policy, Check<?> check, Supplier<CheckResult> judge) {
        Instant started = clock.instant();
        Map<String, String> context = RunContext.detect(request.policyFile(), System.getenv());
        Severity failOn = policy == null ? (request.failOn() != null ? request.failOn() : Severity.DEFAULT_FAIL_ON)
                : failOn(request, policy);
        String failOnSource = policy == null ? (request.failOn() != null ? "override" : "default")
                : failOnSource(request, policy);
        Evaluator evaluator = policy == null ? new Evaluator(failOn, Map.of(), List.of(),
                LocalDate.ofInstant(clock.instant(), clock.getZone()), "aigate.yml", Map.of())
                : evaluator(policy, failOn);
        long start = System.nanoTime();
        CheckResult raw;
        try {
            raw = judge.get().withDuration(elapsedMillis(start));
        } catch (UsageException e) {
            throw e; // the user asked for something the action does not take: a usage error, not the check's
        } catch (GateException e) {
            raw = CheckResult.error(check.id(), check.title(), e.getMessage(), elapsedMillis(start));
        } catch (RuntimeException e) {
            raw = CheckResult.error(check.id(), check.title(), "internal error in check '" + check.id() + "': " + e,
                    elapsedMillis(start));
        }
        Evaluator.Run run = evaluator.start();
        run.add(raw);
        Evaluator.Evaluation evaluation = run.finish();
        String project = request.project() != null ? request.project() : policy == null ? null : policy.project();
        return new GateResult(ToolVersion.get(), project, policy == null ? null : policy.file(),
                policy == null ? null : policy.sha256(), failOn, failOnSource, started, clock.instant(),
                evaluation.verdict(), evaluation.checks(), evaluation.waivers(), null, request.overrides(), rules(),
                context);
    }

    /** An ERROR result for a run that could not start (e.g. the policy cannot be read). */
    public GateResult failedBeforeChecks(GateRequest request, Instant started, String message) {
        Severity failOn = request.failOn() == null ? Severity.DEFAULT_FAIL_ON : request.failOn();
        return new GateResult(ToolVersion.get(), request.project(), request.policyFile(), null, failOn,
                request.failOn() == null ? "default" : "override", started, clock.instant(), Verdict.ERROR,
                List.of(), List.of(), message, request.overrides(), rules(),
                RunContext.detect(request.policyFile(), System.getenv()));
    }

    private static Severity failOn(GateRequest request, Policy policy) {
        return request.failOn() != null ? request.failOn() : policy.failOn();
    }

    private static String failOnSource(GateRequest request, Policy policy) {
        return request.failOn() != null ? "override"
                : policy.document().root().has("failOn") ? "policy" : "default";
    }

    private Evaluator evaluator(Policy policy, Severity failOn) {
        Map<String, Integer> waiverLines = new HashMap<>();
        for (int i = 0; i < policy.waivers().size(); i++) {
            Waiver waiver = policy.waivers().get(i);
            waiverLines.put(waiver.id(), policy.lineOf("/waivers/" + i));
        }
        return new Evaluator(failOn, policy.severityOverrides(), policy.waivers(),
                LocalDate.ofInstant(clock.instant(), clock.getZone()), policy.file().getFileName().toString(),
                waiverLines, policy.waiverWarningDays());
    }

    private List<Rule> rules() {
        List<Rule> rules = new java.util.ArrayList<>(PolicyRules.ALL);
        registry.all().forEach(check -> rules.addAll(check.rules()));
        return rules;
    }

    /**
     * The checks this run includes: every check the policy has a section for, or the requested ones plus, transitively,
     * the checks they declare they need ({@link Check#requires}) when the policy configures those.
     */
    private Set<String> selectedChecks(GateRequest request, Policy policy) {
        Set<String> selected = new LinkedHashSet<>();
        if (request.only().isEmpty()) {
            registry.ids().stream().filter(policy::hasSection).forEach(selected::add);
            return selected;
        }
        Deque<String> pending = new ArrayDeque<>(request.only());
        while (!pending.isEmpty()) {
            String id = pending.pop();
            if (!selected.add(id)) {
                continue;
            }
            for (String needed : requires(registry.find(id).orElseThrow(), policy)) {
                if (registry.find(needed).isPresent() && policy.hasSection(needed)) {
                    pending.push(needed);
                }
            }
        }
        return selected;
    }

    private static <C> Set<String> requires(Check<C> check, Policy policy) {
        try {
            C config = policy.configFor(check);
            return check.enabled(config) ? check.requires(config, policy.baseDir()) : Set.of();
        } catch (GateException e) {
            return Set.of(); // the check's own run reports the problem, naming the file
        }
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

    /** Runs one selected check. */
    private <C> CheckResult runOne(Check<C> check, Policy policy, GateRequest request, List<CheckResult> earlier,
            Evaluator evaluator) {
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
                    request.overrides(), earlier, evaluator::waiverFor, policy.roots());
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
