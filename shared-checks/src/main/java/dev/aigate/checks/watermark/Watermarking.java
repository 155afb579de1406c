package dev.aigate.checks.watermark;

import dev.aigate.core.InputException;
import dev.aigate.formats.ModelFile;
import dev.aigate.formats.Patches;
import dev.aigate.formats.TensorRef;
import dev.aigate.formats.WeightReader;
import dev.aigate.formats.WriteHook;
import java.io.UncheckedIOException;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;

/** Embeds and detects the watermark in model files. Reads only the carrier weights; copies the rest byte for byte. */
public final class Watermarking {
    public static final String META_SCHEME = "aigate.watermark.scheme";
    public static final String META_VERSION = "aigate.watermark.version";
    public static final String META_KEY_FINGERPRINT = "aigate.watermark.key_fingerprint";
    public static final String META_PARAMS = "aigate.watermark.params";

    private Watermarking() {
    }

    /** What an embedding did. */
    public record Embedded(Path input, Path output, String format, int carriers, int changedWeights, int tensors,
            long eligibleElements, double meanRelativeChange, Detection selfCheck, String keyFingerprint) {
    }

    /**
     * What the embedded mark must reach by its own self-check to be written: a weaker mark is refused, since no
     * verification with these settings would find it.
     */
    public record Requirement(double maxFalsePositive, double maxBitErrorRate) {
        public double requiredScore() {
            return Detection.requiredScore(maxFalsePositive);
        }

        boolean met(Detection d) {
            return d.detected(maxFalsePositive) && d.bitErrorRate() <= maxBitErrorRate;
        }
    }

    /** Embeds without a requirement on the self-check (experiments and tests of weak settings). */
    public static Embedded embed(Path input, Path output, WatermarkKey key, WatermarkParams params, Payload payload,
            WriteHook hook) {
        return embed(input, output, key, params, payload, null, hook);
    }

    /**
     * Embeds, and writes nothing when {@code requirement} is given and the self-check misses it: the error names the
     * parameters that would reach it.
     */
    public static Embedded embed(Path input, Path output, WatermarkKey key, WatermarkParams params, Payload payload,
            Requirement requirement, WriteHook hook) {
        ModelFile.refuseSameFile(input, output);
        ModelFile model = ModelFile.open(input);
        String existing = model.metadata().get(META_SCHEME);
        if (existing != null) {
            throw new InputException(input, "already carries an aigate watermark (" + existing + ", key "
                    + model.metadata().getOrDefault(META_KEY_FINGERPRINT, "unknown") + "); embed into the"
                    + " original, unwatermarked model");
        }
        Map<String, String> metadata = new LinkedHashMap<>();
        metadata.put(META_SCHEME, CarrierPlan.SCHEME);
        metadata.put(META_VERSION, String.valueOf(CarrierPlan.VERSION));
        metadata.put(META_KEY_FINGERPRINT, key.fingerprint());
        metadata.put(META_PARAMS, params.describe(payload.bits()));
        Embedded[] result = new Embedded[1];
        model.writePatched(output, () -> {
            CarrierPlan plan = plan(model, key, params, payload);
            float[] values = read(model, plan);
            float[] marked = SpreadSpectrum.embed(plan, values, payload, params.strength());
            Patches patches = new Patches();
            double[] scales = SpreadSpectrum.scales(plan, values);
            double relative = 0;
            int changed = 0;
            for (int c = 0; c < plan.size(); c++) {
                TensorRef tensor = plan.tensorOf(c);
                int oldBits = tensor.encoding().encode(values[c]);
                int newBits = tensor.encoding().encode(marked[c]);
                marked[c] = tensor.encoding().decode(newBits);
                if (newBits != oldBits) {
                    patches.add(tensor.file(), tensor.byteOffsetOf(plan.elementOf(c)), tensor.encoding().width(),
                            newBits);
                    changed++;
                }
                double s = scales[plan.tensorIndex(c)];
                if (s > 0) {
                    relative += Math.abs(marked[c] - values[c]) / s;
                }
            }
            Detection selfCheck = SpreadSpectrum.detect(plan, marked, payload);
            if (requirement != null && !requirement.met(selfCheck)) {
                throw new InputException(input, tooWeak(selfCheck, plan, params, requirement));
            }
            result[0] = new Embedded(input, output, model.format(), plan.size(), changed, plan.tensors().size(),
                    plan.eligibleElements(), relative / plan.size(), selfCheck, key.fingerprint());
            return patches;
        }, metadata, hook);
        return result[0];
    }

    /** Why the mark is too weak, and which parameter values would be strong enough. */
    static String tooWeak(Detection d, CarrierPlan plan, WatermarkParams params, Requirement requirement) {
        double required = requirement.requiredScore();
        String settings = String.format(Locale.ROOT, "%d carriers, strength %s", plan.size(), params.strength());
        if (d.detected(requirement.maxFalsePositive())) {
            return String.format(Locale.ROOT, "the watermark's payload would not decode: %d of %d bits wrong in the"
                    + " self-check (%s, allowed bit-error rate %.4f); nothing was written. Raise 'carriers' or"
                    + " 'strength', or use a shorter payload", d.bitErrors(), d.bits(), settings,
                    requirement.maxBitErrorRate());
        }
        // The score grows in proportion to strength and to the square root of the carriers; 10% margin for clipping.
        double ratio = required / Math.max(d.score(), 1e-3);
        double strength = Math.ceil(params.strength() * ratio * 1.1 * 100) / 100;
        long carriers = (long) Math.ceil(plan.size() * ratio * ratio * 1.1);
        long capacity = Math.min(WatermarkParams.MAX_CARRIERS,
                (long) Math.floor(plan.eligibleElements() * params.maxCarrierFraction()));
        StringBuilder advice = new StringBuilder();
        if (strength <= 2) {
            advice.append(String.format(Locale.ROOT, "raise 'strength' to %.2f or more", strength));
        }
        if (carriers <= capacity) {
            advice.append(advice.length() == 0 ? "raise" : ", or").append(String.format(Locale.ROOT,
                    " 'carriers' to %d or more", carriers));
        } else {
            advice.append(advice.length() == 0 ? "" : "; ").append(String.format(Locale.ROOT, "'carriers' cannot"
                    + " help much: %d of the %d eligible weights may carry it ('maxCarrierFraction' %s); lower"
                    + " 'minElements' (now %d) to make more tensors eligible", capacity, plan.eligibleElements(),
                    params.maxCarrierFraction(), params.minElements()));
        }
        return String.format(Locale.ROOT, "the watermark would be too weak to detect: self-check score %.2f, but %.2f"
                + " is needed for a false-positive bound of %.3g (%s); nothing was written. To fix it, %s; or accept"
                + " a weaker confidence with 'maxFalsePositive' (this score gives %.3g)", d.score(), required,
                requirement.maxFalsePositive(), settings, advice, d.falsePositiveBound());
    }

    /** Refuses to replace existing output files unless {@code overwrite}: a release must not be clobbered silently. */
    static void refuseExisting(Path input, Path output, boolean overwrite) {
        ModelFile.refuseSameFile(input, output); // the more telling message when the output is the input
        if (overwrite) {
            return;
        }
        for (Path file : ModelFile.open(input).outputFiles(output)) {
            if (java.nio.file.Files.exists(file, java.nio.file.LinkOption.NOFOLLOW_LINKS)) {
                throw new InputException(file, "exists already; the watermarked copy is not written over it (give"
                        + " --force, Maven -Daigate.watermark.force=true or Jenkins options: [force: true] to"
                        + " replace it)");
            }
        }
    }

    public static Detection detect(ModelFile model, WatermarkKey key, WatermarkParams params, Payload payload) {
        CarrierPlan plan = plan(model, key, params, payload);
        return SpreadSpectrum.detect(plan, read(model, plan), payload);
    }

    /**
     * Detection when the file does not record which of the key's carrier sets it uses (metadata stripped): the
     * best-scoring set, its p-value and bound multiplied by the number of sets (union bound).
     */
    public static Detection detectAnySet(ModelFile model, WatermarkKey key, WatermarkParams params,
            Payload payload) {
        Detection best = null;
        for (int set = 0; set < WatermarkParams.CARRIER_SETS; set++) {
            Detection d = detect(model, key, params.withCarrierSet(set), payload);
            if (best == null || d.score() > best.score()) {
                best = d;
            }
        }
        return best.bestOf(WatermarkParams.CARRIER_SETS);
    }

    static CarrierPlan plan(ModelFile model, WatermarkKey key, WatermarkParams params, Payload payload) {
        try {
            return CarrierPlan.create(key, params, params.eligible(model.floatTensors()), payload.bits());
        } catch (dev.aigate.core.GateException e) {
            throw new InputException(model.path(), e.getMessage(), e);
        }
    }

    static float[] read(ModelFile model, CarrierPlan plan) {
        float[] values = new float[plan.size()];
        try (WeightReader reader = new WeightReader()) {
            for (int c : plan.readOrder()) {
                values[c] = reader.read(plan.tensorOf(c), plan.elementOf(c));
            }
        } catch (UncheckedIOException e) {
            throw new InputException(model.path(), "cannot read the model's weights: " + e.getMessage(), e);
        }
        return values;
    }
}
