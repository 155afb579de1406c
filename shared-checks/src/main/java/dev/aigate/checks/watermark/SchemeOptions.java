package dev.aigate.checks.watermark;

import dev.aigate.core.UsageException;
import dev.aigate.core.spi.ActionArguments;
import dev.aigate.core.spi.ActionOption;
import java.util.List;

/**
 * The watermark scheme as options, for embedding into or verifying one file without a policy. They must equal those
 * used to embed; with a policy, its {@code watermark} section sets them instead.
 */
final class SchemeOptions {
    static final List<ActionOption> OPTIONS = List.of(
            ActionOption.text("payload", "HEX", "The payload in hexadecimal, e.g. a 64-bit owner id."),
            ActionOption.integer("carriers", "Carrier weights (default: " + WatermarkParams.DEFAULT_CARRIERS + ")."),
            ActionOption.number("strength", "Change per carrier relative to its tensor's RMS (default: "
                    + WatermarkParams.DEFAULT_STRENGTH + ")."),
            ActionOption.integer("minElements", "Smallest tensor used, in elements (default: "
                    + WatermarkParams.DEFAULT_MIN_ELEMENTS + ")."),
            ActionOption.number("maxCarrierFraction", "Largest fraction of eligible weights used as carriers"
                    + " (default: " + WatermarkParams.DEFAULT_MAX_CARRIER_FRACTION + ")."),
            ActionOption.list("include", "PATTERN", "Tensor names to use ('*' matches any text)."),
            ActionOption.list("exclude", "PATTERN", "Tensor names not to use."));

    private SchemeOptions() {
    }

    static boolean anyGiven(ActionArguments arguments) {
        return OPTIONS.stream().anyMatch(option -> arguments.given(option.name()));
    }

    /** The layout options given on this run (the others come from the file's metadata when verifying). */
    static java.util.Set<String> givenLayoutKeys(ActionArguments arguments) {
        java.util.Set<String> keys = new java.util.HashSet<>();
        for (String name : ParamsInUse.LAYOUT_KEYS) {
            if (arguments.given(name)) {
                keys.add(name);
            }
        }
        return keys;
    }

    static WatermarkParams params(ActionArguments arguments) {
        try {
            return new WatermarkParams(
                    arguments.integer("carriers").orElse(WatermarkParams.DEFAULT_CARRIERS),
                    arguments.number("strength").orElse(WatermarkParams.DEFAULT_STRENGTH),
                    arguments.integer("minElements").map(Integer::longValue).orElse(
                            WatermarkParams.DEFAULT_MIN_ELEMENTS),
                    arguments.list("include"), arguments.list("exclude"),
                    arguments.number("maxCarrierFraction").orElse(WatermarkParams.DEFAULT_MAX_CARRIER_FRACTION));
        } catch (IllegalArgumentException e) {
            throw new UsageException(e.getMessage());
        }
    }

    static Payload payload(ActionArguments arguments, String action) {
        String hex = arguments.text("payload").orElseThrow(() -> new UsageException("'" + action
                + "' without a policy needs the option 'payload'"));
        try {
            return Payload.parse(hex);
        } catch (IllegalArgumentException e) {
            throw new UsageException(e.getMessage());
        }
    }
}
