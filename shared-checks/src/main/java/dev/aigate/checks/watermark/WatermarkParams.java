package dev.aigate.checks.watermark;

import dev.aigate.formats.TensorRef;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Locale;
import java.util.regex.Pattern;

/**
 * The scheme's parameters. Embedding and detection must use the same values, so they live in one policy section.
 *
 * @param carriers how many weights carry the watermark (at most {@code maxCarrierFraction} of the eligible ones)
 * @param strength the change of each carrier weight, relative to its tensor's RMS
 * @param minElements tensors with fewer elements are not used
 * @param include tensor name patterns to use ({@code *} matches any text); empty means all
 * @param exclude tensor name patterns not to use
 * @param maxCarrierFraction the largest fraction of the eligible weights used as carriers
 */
public record WatermarkParams(int carriers, double strength, long minElements, List<String> include,
        List<String> exclude, double maxCarrierFraction) {
    public static final int DEFAULT_CARRIERS = 16384;
    public static final double DEFAULT_STRENGTH = 0.2;
    public static final long DEFAULT_MIN_ELEMENTS = 4096;
    public static final double DEFAULT_MAX_CARRIER_FRACTION = 0.5;
    public static final int MIN_CARRIERS = 256;
    public static final int MAX_CARRIERS = 1 << 24;

    public WatermarkParams {
        if (carriers < MIN_CARRIERS || carriers > MAX_CARRIERS) {
            throw new IllegalArgumentException("'carriers' must be between " + MIN_CARRIERS + " and " + MAX_CARRIERS
                    + ", was " + carriers);
        }
        if (!(strength > 0 && strength <= 2)) {
            throw new IllegalArgumentException("'strength' must be greater than 0 and at most 2, was " + strength);
        }
        if (minElements < 1) {
            throw new IllegalArgumentException("'minElements' must be at least 1, was " + minElements);
        }
        if (!(maxCarrierFraction > 0 && maxCarrierFraction <= 1)) {
            throw new IllegalArgumentException("'maxCarrierFraction' must be in (0, 1], was " + maxCarrierFraction);
        }
        include = include == null ? List.of() : List.copyOf(include);
        exclude = exclude == null ? List.of() : List.copyOf(exclude);
    }

    public static WatermarkParams defaults() {
        return new WatermarkParams(DEFAULT_CARRIERS, DEFAULT_STRENGTH, DEFAULT_MIN_ELEMENTS, List.of(), List.of(),
                DEFAULT_MAX_CARRIER_FRACTION);
    }

    public WatermarkParams withCarriers(int value) {
        return new WatermarkParams(value, strength, minElements, include, exclude, maxCarrierFraction);
    }

    public WatermarkParams withStrength(double value) {
        return new WatermarkParams(carriers, value, minElements, include, exclude, maxCarrierFraction);
    }

    public WatermarkParams withMinElements(long value) {
        return new WatermarkParams(carriers, strength, value, include, exclude, maxCarrierFraction);
    }

    /** The tensors that may carry the watermark, sorted by name so that tensor order in the file does not matter. */
    public List<TensorRef> eligible(List<TensorRef> tensors) {
        List<Pattern> in = include.stream().map(WatermarkParams::glob).toList();
        List<Pattern> out = exclude.stream().map(WatermarkParams::glob).toList();
        List<TensorRef> chosen = new ArrayList<>();
        for (TensorRef tensor : tensors) {
            if (tensor.elements() < minElements) {
                continue;
            }
            if (!in.isEmpty() && in.stream().noneMatch(p -> p.matcher(tensor.name()).matches())) {
                continue;
            }
            if (out.stream().anyMatch(p -> p.matcher(tensor.name()).matches())) {
                continue;
            }
            chosen.add(tensor);
        }
        chosen.sort(Comparator.comparing(TensorRef::name));
        return chosen;
    }

    static Pattern glob(String pattern) {
        StringBuilder regex = new StringBuilder();
        for (char c : pattern.toCharArray()) {
            if (c == '*') {
                regex.append(".*");
            } else if (c == '?') {
                regex.append('.');
            } else {
                regex.append(Pattern.quote(String.valueOf(c)));
            }
        }
        return Pattern.compile(regex.toString(), Pattern.DOTALL);
    }

    /** A canonical description recorded in the model metadata (never contains key material). */
    public String describe(int bits) {
        return String.format(Locale.ROOT, "carriers=%d;strength=%s;minElements=%d;maxCarrierFraction=%s;bits=%d;"
                + "include=%s;exclude=%s", carriers, strength, minElements, maxCarrierFraction, bits,
                String.join(",", include), String.join(",", exclude));
    }
}
