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

    public static Embedded embed(Path input, Path output, WatermarkKey key, WatermarkParams params, Payload payload,
            WriteHook hook) {
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
            result[0] = new Embedded(input, output, model.format(), plan.size(), changed, plan.tensors().size(),
                    plan.eligibleElements(), relative / plan.size(), selfCheck, key.fingerprint());
            return patches;
        }, metadata, hook);
        return result[0];
    }

    public static Detection detect(ModelFile model, WatermarkKey key, WatermarkParams params, Payload payload) {
        CarrierPlan plan = plan(model, key, params, payload);
        return SpreadSpectrum.detect(plan, read(model, plan), payload);
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
