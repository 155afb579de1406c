package dev.aigate.core;

import dev.aigate.core.policy.Policy;
import dev.aigate.core.policy.PolicyLoader;
import dev.aigate.core.spi.Action;
import dev.aigate.core.spi.ActionArguments;
import dev.aigate.core.spi.ActionContext;
import dev.aigate.core.spi.ActionResult;
import dev.aigate.core.spi.Check;
import dev.aigate.core.spi.CheckRegistry;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Objects;

/**
 * Runs a check's action: the one place that loads the policy for it (once), binds the check's section, checks the
 * options against the action's declaration and builds its context. An action that judges is evaluated like a gate run
 * (verdict, waivers) by {@link Gate#judge}; one that makes something returns what it made, or throws.
 */
public final class ActionRunner {
    private final Gate gate;
    private final Map<String, String> environment;

    public ActionRunner(Gate gate, Map<String, String> environment) {
        this.gate = gate;
        this.environment = Map.copyOf(environment);
    }

    /**
     * What to run.
     *
     * @param gate the policy file, failing level, threads, overrides and project, as for a gate run. The policy's
     *     folder is the project directory, whether or not the file exists (an action that may run without a policy
     *     runs without one when it does not)
     * @param options option name to values, as the action declares them
     */
    public record Request(String checkId, String action, GateRequest gate, Map<String, List<String>> options) {
        public Request {
            Objects.requireNonNull(checkId, "checkId");
            Objects.requireNonNull(action, "action");
            Objects.requireNonNull(gate, "gate");
            options = options == null ? Map.of() : Map.copyOf(options);
        }

        public String fullName() {
            return checkId + " " + action;
        }

        /** The project directory: the policy's folder. */
        public Path projectDir() {
            Path policy = gate.policyFile().toAbsolutePath().normalize();
            return policy.getParent() == null ? policy : policy.getParent();
        }
    }

    /**
     * What came of it: the action's messages and files, and for an action that judges, the evaluated result.
     *
     * @param judged the gate-like result of an action that judges; null otherwise
     */
    public record Outcome(ActionResult result, GateResult judged) {
    }

    /** A runner over the checks on the class path, reading keys from the process environment. */
    public static ActionRunner withInstalledChecks(ProgressListener progress) {
        return new ActionRunner(Gate.withInstalledChecks(progress), System.getenv());
    }

    /** Runs {@code checkId action} against a policy file the caller names (so its folder is the project). */
    public Outcome run(String checkId, String action, Path policyFile, Map<String, List<String>> options) {
        return run(new Request(checkId, action, GateRequest.of(policyFile.toAbsolutePath().normalize()), options));
    }

    public CheckRegistry registry() {
        return gate.registry();
    }

    /** The action, or a usage error naming what exists. */
    public Action<?> find(String checkId, String name) {
        CheckRegistry registry = gate.registry();
        if (registry.find(checkId).isEmpty()) {
            throw new UsageException("no check named '" + checkId + "' (known: " + String.join(", ", registry.ids())
                    + ")");
        }
        return registry.action(checkId, name).orElseThrow(() -> new UsageException("check '" + checkId
                + "' has no action '" + name + "' (its actions: " + String.join(", ",
                registry.actionNames(checkId)) + ")"));
    }

    /**
     * Runs an action. A problem before or during an action that makes something is thrown as a
     * {@link GateException}; for an action that judges, problems during the run become the check's ERROR, and a policy
     * that cannot be read an ERROR result.
     */
    public Outcome run(Request request) {
        Action<?> action = find(request.checkId(), request.action());
        Check<?> check = gate.registry().find(request.checkId()).orElseThrow();
        if (!action.judges()) {
            return new Outcome(runAction(check, action, request, loadPolicy(action, request)), null);
        }
        Policy policy;
        try {
            policy = loadPolicy(action, request);
        } catch (GateException e) {
            if (e instanceof UsageException) {
                throw e;
            }
            return new Outcome(null, gate.failedBeforeChecks(request.gate(), gate.clock().instant(), e.getMessage()));
        }
        Policy loaded = policy;
        // Options are checked before the run, so that a usage error is one, not a check's ERROR.
        arguments(action, request, baseDir(loaded, request));
        GateResult judged = gate.judge(request.gate(), loaded, check, () -> {
            ActionResult result = runAction(check, action, request, loaded);
            if (result.judgedResult() == null) {
                throw new IllegalStateException("action '" + request.fullName() + "' judges but returned no result");
            }
            return result.judgedResult();
        });
        return new Outcome(null, judged);
    }

    private Policy loadPolicy(Action<?> action, Request request) {
        Path file = request.gate().policyFile();
        switch (action.policy()) {
            case NONE:
                return null;
            case OPTIONAL:
                if (!Files.exists(file)) {
                    return null;
                }
                break;
            default:
                break;
        }
        Policy policy = new PolicyLoader(gate.registry()).load(file);
        if (action.policy() == Action.PolicyUse.REQUIRED && !policy.hasSection(request.checkId())) {
            throw new PolicyException(policy.file() + ": the policy has no '" + request.checkId() + "' section,"
                    + " which '" + request.fullName() + "' needs");
        }
        return policy;
    }

    private static Path baseDir(Policy policy, Request request) {
        return policy != null ? policy.baseDir() : request.projectDir();
    }

    private static ActionArguments arguments(Action<?> action, Request request, Path baseDir) {
        return new ActionArguments(request.fullName(), action.options(), request.options(), baseDir);
    }

    @SuppressWarnings("unchecked")
    private <C> ActionResult runAction(Check<C> check, Action<?> untyped, Request request, Policy policy) {
        Action<C> action = (Action<C>) untyped;
        Path baseDir = baseDir(policy, request);
        ActionContext context = new ActionContext(baseDir, policy == null ? null : policy.file(),
                arguments(action, request, baseDir), environment, gate.clock(), request.gate().threads(),
                gate.progress(), policy == null ? null : policy.roots());
        C config = policy != null && policy.hasSection(check.id()) ? policy.configFor(check) : null;
        return action.run(config, context);
    }
}
