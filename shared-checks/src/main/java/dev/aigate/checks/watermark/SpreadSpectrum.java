package dev.aigate.checks.watermark;

/**
 * The watermark arithmetic on carrier values, independent of any file format.
 *
 * <p>Each carrier value w is normalised by its tensor's scale s (a robust standard deviation of that tensor's carrier
 * values) and clipped: y = clip(w / s, -4, 4). Carriers are split into one group per payload bit; group k's
 * correlation is C_k = sum(y_c * u_c) over its n_k carriers with chips u_c = +1/-1. Embedding sets every group's
 * correlation to exactly strength * b_k * n_k (b_k = +1/-1 the payload bit) by adding the same shift times u_c to each
 * of its carriers ("improved spread spectrum": the host's own correlation is cancelled, so no original model is
 * needed to detect). Detection decodes each bit as the
 * sign of C_k and scores z = sum_k b_k C_k / sqrt(sum_c y_c^2). For a model not marked with this key the chips are
 * independent fair signs, so P(z >= x) <= exp(-x^2/2) whatever the weights are (Hoeffding).
 */
public final class SpreadSpectrum {
    private SpreadSpectrum() {
    }

    /** Normalised carrier values beyond this many scales are clipped, so a few outlier weights cannot drown the mark. */
    static final double CLIP = 4.0;

    /**
     * The per-tensor scales: a robust standard deviation, median(|w|) / 0.6745, over the tensor's finite carrier
     * values. Unlike the RMS it ignores outlier weights, and it is unchanged by pruning fewer than half the weights.
     */
    static double[] scales(CarrierPlan plan, float[] values) {
        int tensors = plan.tensors().size();
        int[] count = new int[tensors];
        for (int c = 0; c < plan.size(); c++) {
            count[plan.tensorIndex(c)]++;
        }
        float[][] magnitudes = new float[tensors][];
        for (int t = 0; t < tensors; t++) {
            magnitudes[t] = new float[count[t]];
        }
        int[] filled = new int[tensors];
        for (int c = 0; c < plan.size(); c++) {
            float w = values[c];
            int t = plan.tensorIndex(c);
            magnitudes[t][filled[t]++] = Float.isFinite(w) ? Math.abs(w) : Float.NaN;
        }
        double[] scale = new double[tensors];
        for (int t = 0; t < tensors; t++) {
            float[] m = magnitudes[t];
            int finite = 0;
            for (int i = 0; i < m.length; i++) {
                if (!Float.isNaN(m[i])) {
                    m[finite++] = m[i];
                }
            }
            if (finite == 0) {
                continue;
            }
            double median = finite % 2 == 1 ? select(m, finite, finite / 2)
                    : 0.5 * (select(m, finite, finite / 2 - 1) + select(m, finite, finite / 2));
            if (median == 0) {
                // More than half the carriers are zero (heavily pruned or sparse): fall back to the RMS.
                double sum = 0;
                for (int i = 0; i < finite; i++) {
                    sum += (double) m[i] * m[i];
                }
                median = Math.sqrt(sum / finite) * 0.6745;
            }
            scale[t] = median / 0.6745;
        }
        return scale;
    }

    /** The k-th smallest of the first {@code n} values (quickselect; reorders them). */
    static float select(float[] a, int n, int k) {
        int lo = 0;
        int hi = n - 1;
        while (lo < hi) {
            float pivot = a[(lo + hi) >>> 1];
            int i = lo;
            int j = hi;
            while (i <= j) {
                while (a[i] < pivot) {
                    i++;
                }
                while (a[j] > pivot) {
                    j--;
                }
                if (i <= j) {
                    float tmp = a[i];
                    a[i] = a[j];
                    a[j] = tmp;
                    i++;
                    j--;
                }
            }
            if (k <= j) {
                hi = j;
            } else if (k >= i) {
                lo = i;
            } else {
                return a[k];
            }
        }
        return a[k];
    }

    private static double clip(double y) {
        return Math.max(-CLIP, Math.min(CLIP, y));
    }

    /** The new carrier values that embed {@code payload} (before rounding to each tensor's encoding). */
    public static float[] embed(CarrierPlan plan, float[] values, Payload payload, double strength) {
        requireBits(plan, payload);
        double[] scale = scales(plan, values);
        double[] correlation = new double[plan.bits()];
        int[] count = new int[plan.bits()];
        int[] adjustable = new int[plan.bits()];
        // Carriers that would be clipped even after the change are left alone; the others carry the whole shift.
        double margin = CLIP - 2 * strength - 1;
        for (int c = 0; c < plan.size(); c++) {
            double s = scale[plan.tensorIndex(c)];
            if (s > 0 && Float.isFinite(values[c])) {
                double y = values[c] / s;
                correlation[plan.bit(c)] += clip(y) * plan.chip(c);
                count[plan.bit(c)]++;
                if (Math.abs(y) < margin) {
                    adjustable[plan.bit(c)]++;
                }
            }
        }
        float[] out = values.clone();
        for (int c = 0; c < plan.size(); c++) {
            double s = scale[plan.tensorIndex(c)];
            int k = plan.bit(c);
            if (s > 0 && Float.isFinite(values[c]) && adjustable[k] > 0 && Math.abs(values[c] / s) < margin) {
                double shift = (strength * payload.sign(k) * count[k] - correlation[k]) / adjustable[k];
                out[c] = (float) ((values[c] / s + shift * plan.chip(c)) * s);
            }
        }
        return out;
    }

    public static Detection detect(CarrierPlan plan, float[] values, Payload payload) {
        requireBits(plan, payload);
        double[] scale = scales(plan, values);
        double[] correlation = new double[plan.bits()];
        double energy = 0;
        for (int c = 0; c < plan.size(); c++) {
            double s = scale[plan.tensorIndex(c)];
            if (s > 0 && Float.isFinite(values[c])) {
                double y = clip(values[c] / s);
                correlation[plan.bit(c)] += y * plan.chip(c);
                energy += y * y;
            }
        }
        double signed = 0;
        int errors = 0;
        int[] decoded = new int[plan.bits()];
        for (int k = 0; k < plan.bits(); k++) {
            signed += payload.sign(k) * correlation[k];
            decoded[k] = correlation[k] > 0 ? 1 : -1;
            if (decoded[k] != payload.sign(k)) {
                errors++;
            }
        }
        double score = energy > 0 ? signed / Math.sqrt(energy) : 0;
        double bound = score > 0 ? Math.exp(-score * score / 2) : 1.0;
        double p = 0.5 * erfc(score / Math.sqrt(2));
        return new Detection(score, p, bound, errors, plan.bits(), Payload.hexOfSigns(decoded), plan.size(),
                plan.eligibleElements(), plan.tensors().size());
    }

    private static void requireBits(CarrierPlan plan, Payload payload) {
        if (plan.bits() != payload.bits()) {
            throw new IllegalArgumentException("plan has " + plan.bits() + " bits, payload " + payload.bits());
        }
    }

    /** Complementary error function (Numerical Recipes erfcc, fractional error below 1.2e-7). */
    static double erfc(double x) {
        double z = Math.abs(x);
        double t = 1.0 / (1.0 + 0.5 * z);
        double ans = t * Math.exp(-z * z - 1.26551223 + t * (1.00002368 + t * (0.37409196 + t * (0.09678418
                + t * (-0.18628806 + t * (0.27886807 + t * (-1.13520398 + t * (1.48851587
                + t * (-0.82215223 + t * 0.17087277)))))))));
        return x >= 0 ? ans : 2.0 - ans;
    }
}
