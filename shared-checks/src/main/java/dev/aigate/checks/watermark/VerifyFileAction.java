package dev.aigate.checks.watermark;

import dev.aigate.core.UsageException;
import dev.aigate.core.spi.Action;
import dev.aigate.core.spi.ActionContext;
import dev.aigate.core.spi.ActionOption;
import dev.aigate.core.spi.ActionResult;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * {@code watermark verify-file}: detects the watermark in one model file given by path (a suspected leaked copy, say)
 * with the key, payload and scheme given as options. Judged like the gate's check: verdict and reports.
 */
final class VerifyFileAction implements Action<WatermarkConfig> {
    static final ActionOption MAX_FALSE_POSITIVE = ActionOption.number("maxFalsePositive", "Largest accepted"
            + " false-positive bound of a detection (default: " + WatermarkConfig.DEFAULT_MAX_FALSE_POSITIVE + ").");
    static final ActionOption MAX_BIT_ERROR_RATE = ActionOption.number("maxBitErrorRate", "Largest accepted fraction"
            + " of payload bits decoded wrongly (default: " + WatermarkConfig.DEFAULT_MAX_BIT_ERROR_RATE + ").");
    private static final List<ActionOption> OPTIONS = declare();

    private static List<ActionOption> declare() {
        List<ActionOption> options = new ArrayList<>();
        options.add(ActionOption.path("model", "MODEL", "The model file to verify.").asRequired());
        options.add(ActionOption.key("key", "The watermark key (hex).").asRequired());
        options.addAll(SchemeOptions.OPTIONS);
        options.add(MAX_FALSE_POSITIVE);
        options.add(MAX_BIT_ERROR_RATE);
        return List.copyOf(options);
    }

    /** The confidence asked for with options (embedding and verifying one file), checked. */
    static Watermarking.Requirement requirement(dev.aigate.core.spi.ActionArguments arguments) {
        double maxFalsePositive = arguments.number("maxFalsePositive")
                .orElse(WatermarkConfig.DEFAULT_MAX_FALSE_POSITIVE);
        double maxBitErrorRate = arguments.number("maxBitErrorRate").orElse(WatermarkConfig.DEFAULT_MAX_BIT_ERROR_RATE);
        if (!(maxFalsePositive > 0 && maxFalsePositive < 0.5) || !(maxBitErrorRate >= 0 && maxBitErrorRate < 0.5)) {
            throw new UsageException("'maxFalsePositive' must be in (0, 0.5) and 'maxBitErrorRate' in [0, 0.5)");
        }
        return new Watermarking.Requirement(maxFalsePositive, maxBitErrorRate);
    }

    @Override
    public String name() {
        return "verify-file";
    }

    @Override
    public String summary() {
        return "Verifies the watermark in one model file (e.g. a suspected leaked copy) with the key, payload and"
                + " scheme given as options; writes the reports.";
    }

    @Override
    public PolicyUse policy() {
        return PolicyUse.OPTIONAL;
    }

    @Override
    public boolean judges() {
        return true;
    }

    @Override
    public List<ActionOption> options() {
        return OPTIONS;
    }

    @Override
    public ActionResult run(WatermarkConfig config, ActionContext context) {
        var arguments = context.arguments();
        Watermarking.Requirement requirement = requirement(arguments);
        double maxFalsePositive = requirement.maxFalsePositive();
        double maxBitErrorRate = requirement.maxBitErrorRate();
        WatermarkParams params = SchemeOptions.params(arguments);
        Payload payload = SchemeOptions.payload(arguments, "watermark verify-file");
        WatermarkKey key = EmbedAction.key(context, Optional.empty());
        return ActionResult.judged(WatermarkCheck.judge("Model watermark", context.baseDir(),
                List.of(arguments.path("model").orElseThrow()), key, params, SchemeOptions.givenLayoutKeys(arguments),
                payload, maxFalsePositive,
                maxBitErrorRate));
    }
}
