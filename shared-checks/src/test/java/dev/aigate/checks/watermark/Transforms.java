package dev.aigate.checks.watermark;

import dev.aigate.formats.FloatEncoding;
import dev.aigate.formats.TestModels.Tensor;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collections;
import java.util.List;
import java.util.SplittableRandom;
import java.util.function.UnaryOperator;

/** The model transformations a watermark must survive, applied tensor by tensor. */
final class Transforms {
    private Transforms() {
    }

    static List<Tensor> map(List<Tensor> model, UnaryOperator<float[]> f) {
        List<Tensor> out = new ArrayList<>();
        for (Tensor t : model) {
            out.add(new Tensor(t.name(), t.shape(), f.apply(t.values().clone())));
        }
        return out;
    }

    static List<Tensor> roundTrip(List<Tensor> model, FloatEncoding encoding) {
        return map(model, v -> {
            for (int i = 0; i < v.length; i++) {
                v[i] = encoding.round(v[i]);
            }
            return v;
        });
    }

    /** Per-tensor symmetric int8: q = round(w / s), s = max|w| / 127, clamped to [-127, 127]; then back. */
    static List<Tensor> int8(List<Tensor> model) {
        return map(model, v -> {
            float max = 0;
            for (float x : v) {
                max = Math.max(max, Math.abs(x));
            }
            float scale = max / 127f;
            for (int i = 0; i < v.length; i++) {
                int q = scale == 0 ? 0 : Math.round(v[i] / scale);
                q = Math.max(-127, Math.min(127, q));
                v[i] = q * scale;
            }
            return v;
        });
    }

    /** Sets the {@code fraction} smallest-magnitude weights of every tensor to zero. */
    static List<Tensor> prune(List<Tensor> model, double fraction) {
        return map(model, v -> {
            float[] magnitudes = new float[v.length];
            for (int i = 0; i < v.length; i++) {
                magnitudes[i] = Math.abs(v[i]);
            }
            Arrays.sort(magnitudes);
            int cut = (int) Math.floor(fraction * v.length);
            if (cut == 0) {
                return v;
            }
            float threshold = magnitudes[cut - 1];
            int zeroed = 0;
            for (int i = 0; i < v.length && zeroed < cut; i++) {
                if (Math.abs(v[i]) < threshold) {
                    v[i] = 0;
                    zeroed++;
                }
            }
            for (int i = 0; i < v.length && zeroed < cut; i++) {
                if (Math.abs(v[i]) == threshold && v[i] != 0) {
                    v[i] = 0;
                    zeroed++;
                }
            }
            return v;
        });
    }

    /** Adds Gaussian noise of {@code relative} times each tensor's standard deviation. */
    static List<Tensor> noise(List<Tensor> model, double relative, long seed) {
        SplittableRandom random = new SplittableRandom(seed);
        return map(model, v -> {
            double mean = 0;
            for (float x : v) {
                mean += x;
            }
            mean /= v.length;
            double var = 0;
            for (float x : v) {
                var += (x - mean) * (x - mean);
            }
            double std = Math.sqrt(var / v.length);
            for (int i = 0; i < v.length; i++) {
                v[i] = (float) (v[i] + dev.aigate.formats.TestModels.gaussian(random) * relative * std);
            }
            return v;
        });
    }

    static List<Tensor> reversed(List<Tensor> model) {
        List<Tensor> out = new ArrayList<>(model);
        Collections.reverse(out);
        return out;
    }
}
