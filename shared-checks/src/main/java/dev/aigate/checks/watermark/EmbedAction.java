package dev.aigate.checks.watermark;

import dev.aigate.core.PolicyException;
import dev.aigate.core.UsageException;
import dev.aigate.core.keys.KeySource;
import dev.aigate.core.spi.Action;
import dev.aigate.core.spi.ActionContext;
import dev.aigate.core.spi.ActionOption;
import dev.aigate.core.spi.ActionResult;
import dev.aigate.formats.WriteHook;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Optional;

/**
 * {@code watermark embed}: writes watermarked copies. With {@code in}/{@code out}, of one model; otherwise of every
 * model of the policy's section that names a {@code source}. The input is never overwritten.
 */
final class EmbedAction implements Action<WatermarkConfig> {
    private static final List<ActionOption> OPTIONS = declare();

    private static List<ActionOption> declare() {
        List<ActionOption> options = new ArrayList<>();
        options.add(ActionOption.path("in", "MODEL", "The unwatermarked model (.safetensors, .onnx), to embed"
                + " without a policy."));
        options.add(ActionOption.path("out", "PATH", "Where to write the result (here: the watermarked copy)."));
        options.add(ActionOption.key("key", "The watermark key (hex): replaces the policy's key source."));
        options.addAll(SchemeOptions.OPTIONS);
        options.add(VerifyFileAction.MAX_FALSE_POSITIVE);
        options.add(VerifyFileAction.MAX_BIT_ERROR_RATE);
        options.add(ActionOption.flag("force", "Overwrite an output file that exists."));
        return List.copyOf(options);
    }

    @Override
    public String name() {
        return "embed";
    }

    @Override
    public String summary() {
        return "Embeds the watermark: with --in/--out into one model, otherwise into every model of the policy's"
                + " 'watermark' section that names a 'source'. The input is never overwritten.";
    }

    @Override
    public PolicyUse policy() {
        return PolicyUse.OPTIONAL;
    }

    @Override
    public List<ActionOption> options() {
        return OPTIONS;
    }

    /** One model to embed into; {@code export} is the ONNX export of a SafeTensors {@code in}, or null. */
    private record Job(Path in, Path out, WatermarkParams params, Payload payload, Path export,
            WatermarkConfig.Survive survive) {
        /** The ONNX model the fidelity guard runs, or null when there is none. */
        Path evaluated() {
            return export != null ? export : in.getFileName().toString().toLowerCase(Locale.ROOT).endsWith(".onnx")
                    ? in : null;
        }
    }

    @Override
    public ActionResult run(WatermarkConfig config, ActionContext context) {
        var arguments = context.arguments();
        List<Job> jobs = new ArrayList<>();
        WatermarkKey key;
        Watermarking.Requirement requirement;
        if (arguments.given("in") || arguments.given("out")) {
            Path in = arguments.path("in").orElseThrow(() -> new UsageException("'watermark embed' with --out"
                    + " needs --in (the unwatermarked model)"));
            Path out = arguments.path("out").orElseThrow(() -> new UsageException("'watermark embed' with --in"
                    + " needs --out (where to write the watermarked copy)"));
            key = key(context, Optional.empty());
            requirement = VerifyFileAction.requirement(arguments);
            jobs.add(new Job(in, out, SchemeOptions.params(arguments), SchemeOptions.payload(arguments,
                    "watermark embed"), null, null));
        } else {
            if (config == null) {
                throw new PolicyException((context.policyFile() == null ? "no policy file"
                        : context.policyFile() + ": the policy has no 'watermark' section")
                        + ", so there is nothing to embed; give --in and --out to embed into one model");
            }
            if (SchemeOptions.anyGiven(arguments) || arguments.given("maxFalsePositive")
                    || arguments.given("maxBitErrorRate")) {
                throw new UsageException("'watermark embed' takes the scheme (payload, carriers, ...) from the"
                        + " policy's 'watermark' section; scheme options are for --in/--out");
            }
            key = key(context, config.keySource());
            requirement = new Watermarking.Requirement(config.maxFalsePositive(), config.maxBitErrorRate());
            for (WatermarkConfig.Model model : config.models()) {
                if (model.source() != null) {
                    var project = context.projectRoot();
                    jobs.add(new Job(project.resolve(model.source(), "watermark model source"),
                            project.resolve(model.path(), "watermark model path"), config.params(),
                            config.parsedPayload(), model.onnxExport() == null ? null
                                    : project.resolve(model.onnxExport(), "watermark model onnxExport"),
                            config.survive()));
                }
            }
            if (jobs.isEmpty()) {
                throw new PolicyException(context.policyFile() + ": no model in the 'watermark' section names a"
                        + " 'source' to embed into its 'path'");
            }
        }
        boolean force = arguments.flag("force");
        for (Job job : jobs) { // before writing anything: all or nothing
            Watermarking.refuseExisting(job.in(), job.out(), force);
        }
        ActionResult.Builder result = ActionResult.builder();
        // The guard is the policy's: a policy-free run (--in/--out) names no evaluation data.
        boolean fromPolicy = !(arguments.given("in") || arguments.given("out"));
        try (FidelityGuard guard = fromPolicy ? FidelityGuard.open(config, context).orElse(null) : null) {
            for (Job job : jobs) {
                embed(job, key, requirement, guard, result);
            }
        }
        return result.build();
    }

    private static void embed(Job job, WatermarkKey key, Watermarking.Requirement requirement, FidelityGuard guard,
            ActionResult.Builder result) {
        WatermarkParams params = job.params();
        String fidelity = "";
        if (guard != null && job.evaluated() == null) {
            result.warning(job.in() + ": accuracy not measured (the fidelity guard runs ONNX models): name the ONNX"
                    + " export of the same weights as this model's 'onnxExport'");
        } else if (guard != null) {
            if (job.export() != null) {
                FidelityGuard.requireSameWeights(job.in(), job.export(), key, params, job.payload());
            }
            FidelityGuard.Outcome outcome = guard.choose(job.in(), job.evaluated(), key, params, job.payload(),
                    requirement);
            params = outcome.params();
            fidelity = String.format(Locale.ROOT, "; clean accuracy %.2f%% -> %.2f%% (drop %.2f points, allowed"
                    + " %.2f) on %s%s", 100 * outcome.before(), 100 * outcome.after(), outcome.drop(),
                    guard.maxDrop(), guard.description(), params.carrierSet() == 0 ? ""
                            : String.format(Locale.ROOT, ", carrier set %d (earlier sets cost %s points)",
                                    params.carrierSet(), outcome.drops().subList(0, params.carrierSet()).stream()
                                            .map(d -> String.format(Locale.ROOT, "%.2f", d)).toList()));
        }
        Watermarking.Embedded e = Watermarking.embed(job.in(), job.out(), key, params, job.payload(), requirement,
                WriteHook.NONE);
        result.info(String.format(Locale.ROOT, "watermarked %s -> %s (%s): %d carriers in %d tensors (%d weights"
                + " changed, mean change %.3f x tensor RMS), key %s, self-check score %.2f (required %.2f)",
                e.input(), e.output(), e.format(), e.carriers(), e.tensors(), e.changedWeights(),
                e.meanRelativeChange(), e.keyFingerprint(), e.selfCheck().score(), requirement.requiredScore())
                + fidelity + "; " + Capacity.expectation(e.selfCheck().score(), requirement.requiredScore()))
                .wrote(e.output());
        long capacity = Math.min(WatermarkParams.MAX_CARRIERS,
                (long) Math.floor(e.eligibleElements() * params.maxCarrierFraction()));
        for (String shortfall : Capacity.shortfalls(job.survive(), e.selfCheck().score(),
                requirement.requiredScore(), params, e.carriers(), capacity)) {
            result.warning(e.output() + ": " + shortfall);
        }
    }

    static WatermarkKey key(ActionContext context, Optional<KeySource> fromPolicy) {
        return WatermarkKey.from(context.read(context.key("key", fromPolicy, "watermark key"), "watermark key"));
    }
}
