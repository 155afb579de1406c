package dev.aigate.checks.watermark;

/**
 * The watermark arithmetic on carrier values, independent of any file format.
 *
 * <p>Each carrier value w is normalised by its tensor's scale s (the RMS of that tensor's carrier values): y = w / s.
 * Carriers are split into one group per payload bit; group k's correlation is C_k = sum(y_c * u_c) over its carriers
 * with chips u_c = +1/-1. Embedding sets every group's mean correlation to exactly strength * b_k (b_k = +1/-1 the
 * payload bit) by adding (strength * b_k - C_k / n_k) * u_c to each of its carriers ("improved spread spectrum": the
 * host's own correlation is cancelled, so no original model is needed to detect). Detection decodes each bit as the
 * sign of C_k and scores z = sum_k b_k C_k / sqrt(sum_c y_c^2). For a model not marked with this key the chips are
 * independent fair signs, so P(z >= x) <= exp(-x^2/2) whatever the weights are (Hoeffding).
 */
public final class SpreadSpectrum {
    private SpreadSpectrum() {
    }

    /** The per-tensor scales (RMS of each tensor's finite carrier values). */
    static double[] scales(CarrierPlan plan, float[] values) {
        int tensors = plan.tensors().size();
        double[] sum = new double[tensors];
        long[] count = new long[tensors];
        for (int c = 0; c < plan.size(); c++) {
            float w = values[c];
            if (Float.isFinite(w)) {
                int t = plan.tensorIndex(c);
                sum[t] += (double) w * w;
                count[t]++;
            }
        }
        double[] scale = new double[tensors];
        for (int t = 0; t < tensors; t++) {
            scale[t] = count[t] == 0 ? 0 : Math.sqrt(sum[t] / count[t]);
        }
        return scale;
    }

    /** The new carrier values that embed {@code payload} (before rounding to each tensor's encoding). */
    public static float[] embed(CarrierPlan plan, float[] values, Payload payload, double strength) {
        requireBits(plan, payload);
        double[] scale = scales(plan, values);
        double[] correlation = new double[plan.bits()];
        int[] count = new int[plan.bits()];
        for (int c = 0; c < plan.size(); c++) {
            double s = scale[plan.tensorIndex(c)];
            if (s > 0 && Float.isFinite(values[c])) {
                correlation[plan.bit(c)] += values[c] / s * plan.chip(c);
                count[plan.bit(c)]++;
            }
        }
        float[] out = values.clone();
        for (int c = 0; c < plan.size(); c++) {
            double s = scale[plan.tensorIndex(c)];
            int k = plan.bit(c);
            if (s > 0 && Float.isFinite(values[c]) && count[k] > 0) {
                double shift = strength * payload.sign(k) - correlation[k] / count[k];
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
                double y = values[c] / s;
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
