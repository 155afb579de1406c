package dev.aigate.checks.watermark;

import dev.aigate.formats.ModelFile;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * The scheme parameters verification uses for one file: those given explicitly (options, policy keys), the rest as
 * the file's metadata records them, so that a file embedded with non-default settings verifies without repeating
 * them. The metadata is only used when it names this key; it is untrusted otherwise (another owner's, or forged).
 *
 * @param params what detection uses
 * @param recorded what the file records, if it names this key and parses
 * @param differences explicit values that differ from the recorded ones ("carriers given 2000, recorded 4096")
 */
record ParamsInUse(WatermarkParams params, Optional<WatermarkParams> recorded, List<String> differences) {
    /** The layout keys a user may give; strength does not change which weights are read. */
    static final List<String> LAYOUT_KEYS = List.of("carriers", "minElements", "include", "exclude",
            "maxCarrierFraction");

    static ParamsInUse resolve(ModelFile model, WatermarkKey key, WatermarkParams given, Set<String> explicit,
            int bits) {
        Map<String, String> metadata = model.metadata();
        Optional<WatermarkParams.Recorded> parsed = CarrierPlan.SCHEME.equals(metadata.get(Watermarking.META_SCHEME))
                && key.fingerprint().equals(metadata.get(Watermarking.META_KEY_FINGERPRINT))
                ? WatermarkParams.parse(metadata.get(Watermarking.META_PARAMS)) : Optional.empty();
        if (parsed.isEmpty()) {
            return new ParamsInUse(given, Optional.empty(), List.of());
        }
        WatermarkParams recorded = parsed.get().params();
        List<String> differences = new java.util.ArrayList<>(given.layoutDifferences(recorded, explicit));
        if (parsed.get().bits() != bits) {
            differences.add("payload given " + bits + " bits, recorded " + parsed.get().bits());
        }
        WatermarkParams merged = new WatermarkParams(
                explicit.contains("carriers") ? given.carriers() : recorded.carriers(),
                given.strength(),
                explicit.contains("minElements") ? given.minElements() : recorded.minElements(),
                explicit.contains("include") ? given.include() : recorded.include(),
                explicit.contains("exclude") ? given.exclude() : recorded.exclude(),
                explicit.contains("maxCarrierFraction") ? given.maxCarrierFraction() : recorded.maxCarrierFraction(),
                recorded.carrierSet());
        return new ParamsInUse(merged, Optional.of(recorded), List.copyOf(differences));
    }

    /** The layout, for messages and reports. */
    static String layout(WatermarkParams p) {
        return "carriers " + p.carriers() + ", minElements " + p.minElements() + ", include "
                + (p.include().isEmpty() ? "(all)" : String.join(",", p.include())) + ", exclude "
                + (p.exclude().isEmpty() ? "(none)" : String.join(",", p.exclude())) + ", maxCarrierFraction "
                + p.maxCarrierFraction() + ", carrier set " + p.carrierSet();
    }
}
