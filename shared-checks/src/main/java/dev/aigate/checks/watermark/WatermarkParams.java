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
 * @param carrierSet which of the key's carrier sets is used: 0 unless the fidelity guard moved on to another one
 */
public record WatermarkParams(int carriers, double strength, long minElements, List<String> include,
        List<String> exclude, double maxCarrierFraction, int carrierSet) {
    public static final int DEFAULT_CARRIERS = 16384;
    public static final double DEFAULT_STRENGTH = 0.2;
    public static final long DEFAULT_MIN_ELEMENTS = 4096;
    public static final double DEFAULT_MAX_CARRIER_FRACTION = 0.5;
    public static final int MIN_CARRIERS = 256;
    public static final int MAX_CARRIERS = 1 << 24;
    /** Carrier sets a key offers: the fidelity guard tries them in turn; detection without metadata tries all. */
    public static final int CARRIER_SETS = 4;

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
        if (carrierSet < 0 || carrierSet >= CARRIER_SETS) {
            throw new IllegalArgumentException("'carrierSet' must be between 0 and " + (CARRIER_SETS - 1) + ", was "
                    + carrierSet);
        }
        include = include == null ? List.of() : List.copyOf(include);
        exclude = exclude == null ? List.of() : List.copyOf(exclude);
    }

    /** Parameters on the key's first carrier set. */
    public WatermarkParams(int carriers, double strength, long minElements, List<String> include,
            List<String> exclude, double maxCarrierFraction) {
        this(carriers, strength, minElements, include, exclude, maxCarrierFraction, 0);
    }

    public static WatermarkParams defaults() {
        return new WatermarkParams(DEFAULT_CARRIERS, DEFAULT_STRENGTH, DEFAULT_MIN_ELEMENTS, List.of(), List.of(),
                DEFAULT_MAX_CARRIER_FRACTION);
    }

    public WatermarkParams withCarriers(int value) {
        return new WatermarkParams(value, strength, minElements, include, exclude, maxCarrierFraction, carrierSet);
    }

    public WatermarkParams withStrength(double value) {
        return new WatermarkParams(carriers, value, minElements, include, exclude, maxCarrierFraction, carrierSet);
    }

    public WatermarkParams withMinElements(long value) {
        return new WatermarkParams(carriers, strength, value, include, exclude, maxCarrierFraction, carrierSet);
    }

    public WatermarkParams withCarrierSet(int value) {
        return new WatermarkParams(carriers, strength, minElements, include, exclude, maxCarrierFraction, value);
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

    /**
     * A canonical description recorded in the model metadata (never contains key material); {@code carrierSet} only
     * when not 0, so files embedded before carrier sets existed read the same.
     */
    public String describe(int bits) {
        return String.format(Locale.ROOT, "carriers=%d;strength=%s;minElements=%d;maxCarrierFraction=%s;bits=%d;"
                + "include=%s;exclude=%s", carriers, strength, minElements, maxCarrierFraction, bits,
                String.join(",", include), String.join(",", exclude)) + (carrierSet == 0 ? ""
                        : ";carrierSet=" + carrierSet);
    }

    /** Parameters read back from a model's metadata ({@link #describe(int)}), with the payload length recorded. */
    public record Recorded(WatermarkParams params, int bits) {
    }

    /**
     * Reads {@link #describe(int)} back. Metadata is untrusted: anything malformed or out of range gives empty, and
     * the caller falls back to the parameters it was given.
     */
    public static java.util.Optional<Recorded> parse(String text) {
        if (text == null || text.length() > 4096) {
            return java.util.Optional.empty();
        }
        java.util.Map<String, String> fields = new java.util.HashMap<>();
        for (String part : text.split(";", -1)) {
            int eq = part.indexOf('=');
            if (eq <= 0 || fields.put(part.substring(0, eq), part.substring(eq + 1)) != null) {
                return java.util.Optional.empty();
            }
        }
        try {
            WatermarkParams params = new WatermarkParams(Integer.parseInt(fields.get("carriers")),
                    Double.parseDouble(fields.get("strength")), Long.parseLong(fields.get("minElements")),
                    names(fields.get("include")), names(fields.get("exclude")),
                    Double.parseDouble(fields.get("maxCarrierFraction")),
                    fields.containsKey("carrierSet") ? Integer.parseInt(fields.get("carrierSet")) : 0);
            int bits = Integer.parseInt(fields.get("bits"));
            if (bits < 1 || bits > Payload.MAX_BYTES * 8) {
                return java.util.Optional.empty();
            }
            return java.util.Optional.of(new Recorded(params, bits));
        } catch (RuntimeException e) { // missing field, not a number, out of range
            return java.util.Optional.empty();
        }
    }

    private static List<String> names(String joined) {
        if (joined == null) {
            throw new IllegalArgumentException("missing");
        }
        return joined.isEmpty() ? List.of() : List.of(joined.split(",", -1));
    }

    /**
     * The differences that change which weights are read (strength does not): "name given X, recorded Y" for each
     * of {@code names} (the keys the caller set explicitly).
     */
    public List<String> layoutDifferences(WatermarkParams recorded, java.util.Set<String> names) {
        List<String> out = new ArrayList<>();
        compare(out, names, "carriers", carriers, recorded.carriers);
        compare(out, names, "minElements", minElements, recorded.minElements);
        compare(out, names, "include", include, recorded.include);
        compare(out, names, "exclude", exclude, recorded.exclude);
        compare(out, names, "maxCarrierFraction", maxCarrierFraction, recorded.maxCarrierFraction);
        return out;
    }

    private static void compare(List<String> out, java.util.Set<String> names, String name, Object given,
            Object recorded) {
        if (names.contains(name) && !given.equals(recorded)) {
            out.add(name + " given " + given + ", recorded " + recorded);
        }
    }
}
