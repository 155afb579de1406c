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

    @Override
    public ActionResult run(WatermarkConfig config, ActionContext context) {
        var arguments = context.arguments();
        List<Watermarking.Embedded> done = new ArrayList<>();
        if (arguments.given("in") || arguments.given("out")) {
            Path in = arguments.path("in").orElseThrow(() -> new UsageException("'watermark embed' with --out"
                    + " needs --in (the unwatermarked model)"));
            Path out = arguments.path("out").orElseThrow(() -> new UsageException("'watermark embed' with --in"
                    + " needs --out (where to write the watermarked copy)"));
            WatermarkKey key = key(context, Optional.empty());
            done.add(Watermarking.embed(in, out, key, SchemeOptions.params(arguments),
                    SchemeOptions.payload(arguments, "watermark embed"), WriteHook.NONE));
        } else {
            if (config == null) {
                throw new PolicyException((context.policyFile() == null ? "no policy file"
                        : context.policyFile() + ": the policy has no 'watermark' section")
                        + ", so there is nothing to embed; give --in and --out to embed into one model");
            }
            if (SchemeOptions.anyGiven(arguments)) {
                throw new UsageException("'watermark embed' takes the scheme (payload, carriers, ...) from the"
                        + " policy's 'watermark' section; scheme options are for --in/--out");
            }
            WatermarkKey key = key(context, config.keySource());
            for (WatermarkConfig.Model model : config.models()) {
                if (model.source() != null) {
                    done.add(Watermarking.embed(context.projectRoot().resolve(model.source(), "watermark model source"),
                            context.projectRoot().resolve(model.path(), "watermark model path"), key, config.params(),
                            config.parsedPayload(), WriteHook.NONE));
                }
            }
            if (done.isEmpty()) {
                throw new PolicyException(context.policyFile() + ": no model in the 'watermark' section names a"
                        + " 'source' to embed into its 'path'");
            }
        }
        ActionResult.Builder result = ActionResult.builder();
        for (Watermarking.Embedded e : done) {
            result.info(String.format(Locale.ROOT, "watermarked %s -> %s (%s): %d carriers in %d tensors (%d weights"
                    + " changed, mean change %.3f x tensor RMS), key %s, self-check score %.2f", e.input(),
                    e.output(), e.format(), e.carriers(), e.tensors(), e.changedWeights(), e.meanRelativeChange(),
                    e.keyFingerprint(), e.selfCheck().score())).wrote(e.output());
        }
        return result.build();
    }

    static WatermarkKey key(ActionContext context, Optional<KeySource> fromPolicy) {
        return WatermarkKey.from(context.read(context.key("key", fromPolicy, "watermark key"), "watermark key"));
    }
}
