package dev.aigate.checks.watermark;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.aigate.formats.FloatEncoding;
import dev.aigate.formats.TensorRef;
import dev.aigate.formats.TestModels;
import dev.aigate.formats.TestModels.Tensor;
import java.nio.ByteBuffer;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;

/**
 * No detection in 10,000 trials of wrong keys against a watermarked model, and in 10,000 trials of the right key
 * against unwatermarked models. Detection reads only the carriers, so each trial costs about a millisecond.
 */
class WatermarkFalsePositiveTest {
    static final int TRIALS = 10_000;
    static final double MAX_FALSE_POSITIVE = 1e-9;

    /** Carrier values straight from in-memory tensors. */
    private static float[] values(CarrierPlan plan, List<Tensor> model) {
        float[] out = new float[plan.size()];
        for (int c = 0; c < plan.size(); c++) {
            out[c] = model.get(plan.tensorIndex(c)).values()[(int) plan.elementOf(c)];
        }
        return out;
    }

    private static List<TensorRef> refs(List<Tensor> sortedEligible) {
        List<TensorRef> refs = new ArrayList<>();
        for (Tensor t : sortedEligible) {
            refs.add(new TensorRef(t.name(), FloatEncoding.F32, t.values().length, Path.of("memory"), 0));
        }
        return refs;
    }

    private static List<Tensor> eligibleSorted(List<Tensor> model, WatermarkParams params) {
        List<Tensor> out = new ArrayList<>();
        for (Tensor t : model) {
            if (t.values().length >= params.minElements()) {
                out.add(t);
            }
        }
        out.sort(java.util.Comparator.comparing(Tensor::name));
        return out;
    }

    private static WatermarkKey randomKey(SplittableRandom random) {
        byte[] key = new byte[32];
        ByteBuffer.wrap(key).putLong(random.nextLong()).putLong(random.nextLong()).putLong(random.nextLong())
                .putLong(random.nextLong());
        return WatermarkKey.of(key);
    }

    @Test
    void wrongKeysDoNotDetect() {
        WatermarkParams params = WatermarkParams.defaults();
        Payload payload = WatermarkRobustnessTest.PAYLOAD;
        List<Tensor> model = eligibleSorted(TestModels.millionParameterModel(42), params);
        List<TensorRef> refs = refs(model);
        // Watermark the in-memory model with the right key.
        CarrierPlan right = CarrierPlan.create(WatermarkRobustnessTest.KEY, params, refs, payload.bits());
        float[] marked = SpreadSpectrum.embed(right, values(right, model), payload, params.strength());
        for (int c = 0; c < right.size(); c++) {
            model.get(right.tensorIndex(c)).values()[(int) right.elementOf(c)] = marked[c];
        }
        assertTrue(SpreadSpectrum.detect(right, values(right, model), payload).detected(MAX_FALSE_POSITIVE));

        SplittableRandom random = new SplittableRandom(2024);
        Stats stats = new Stats();
        for (int trial = 0; trial < TRIALS; trial++) {
            CarrierPlan plan = CarrierPlan.create(randomKey(random), params, refs, payload.bits());
            stats.add(SpreadSpectrum.detect(plan, values(plan, model), payload));
        }
        stats.print("wrong keys vs watermarked model");
        assertEquals(0, stats.detections, "no wrong key detects the watermark");
        stats.assertNullDistribution();
    }

    @Test
    void unwatermarkedModelsDoNotDetect() {
        WatermarkParams params = WatermarkParams.defaults();
        Payload payload = WatermarkRobustnessTest.PAYLOAD;
        // The same tensor names and sizes as the 1M-parameter model, with fresh random weights in every trial. Weights
        // are generated lazily at the carrier positions (a hash of trial, tensor and element), so each trial is a
        // distinct unwatermarked model without materialising a million floats.
        List<Tensor> shapes = eligibleSorted(TestModels.millionParameterModel(42), params);
        List<TensorRef> refs = refs(shapes);
        double[] std = {1.0, 0.05, 0.05, 0.03, 0.02};
        CarrierPlan plan = CarrierPlan.create(WatermarkRobustnessTest.KEY, params, refs, payload.bits());
        Stats stats = new Stats();
        float[] values = new float[plan.size()];
        for (int trial = 0; trial < TRIALS; trial++) {
            for (int c = 0; c < plan.size(); c++) {
                long h = mix(trial, plan.tensorIndex(c), plan.elementOf(c));
                double u1 = ((h >>> 11) + 0.5) * 0x1.0p-53;
                double u2 = (mix(h, 1, 2) >>> 11) * 0x1.0p-53;
                double gaussian = Math.sqrt(-2 * Math.log(u1)) * Math.cos(2 * Math.PI * u2);
                values[c] = (float) (gaussian * std[plan.tensorIndex(c) % std.length]);
            }
            stats.add(SpreadSpectrum.detect(plan, values, payload));
        }
        stats.print("right key vs unwatermarked models");
        assertEquals(0, stats.detections, "no unwatermarked model is detected");
        stats.assertNullDistribution();
    }

    private static long mix(long trial, long tensor, long element) {
        long h = trial * 0x9E3779B97F4A7C15L + tensor * 0xC2B2AE3D27D4EB4FL + element;
        h ^= h >>> 33;
        h *= 0xff51afd7ed558ccdL;
        h ^= h >>> 33;
        return h;
    }

    private static final class Stats {
        int n;
        int detections;
        double max = Double.NEGATIVE_INFINITY;
        double sum;
        double sumSq;
        int above233;
        double berSum;

        void add(Detection d) {
            n++;
            if (d.detected(MAX_FALSE_POSITIVE)) {
                detections++;
            }
            max = Math.max(max, d.score());
            sum += d.score();
            sumSq += d.score() * d.score();
            if (d.score() > 2.326) {
                above233++;
            }
            berSum += d.bitErrorRate();
        }

        void print(String what) {
            double mean = sum / n;
            System.out.printf(Locale.ROOT, "watermark false positives, %s: %d trials, %d detections, score mean %.3f"
                    + " sd %.3f max %.2f (threshold %.2f), %.2f%% above 2.326 (normal: 1%%), mean BER %.3f%n", what, n,
                    detections, mean, Math.sqrt(sumSq / n - mean * mean), max,
                    Detection.requiredScore(MAX_FALSE_POSITIVE), 100.0 * above233 / n, berSum / n);
        }

        /** The score behaves like N(0,1): mean near 0, sd near 1, tail near 1%, BER near 0.5. */
        void assertNullDistribution() {
            double mean = sum / n;
            double sd = Math.sqrt(sumSq / n - mean * mean);
            assertTrue(Math.abs(mean) < 0.1, "mean " + mean);
            assertTrue(sd > 0.9 && sd < 1.1, "sd " + sd);
            assertTrue(above233 < n * 0.02, "tail " + above233);
            assertTrue(Math.abs(berSum / n - 0.5) < 0.02, "ber " + berSum / n);
        }
    }
}
