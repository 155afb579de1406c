package dev.aigate.checks.watermark;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * How much pruning and noise a mark is expected to survive, from its score as embedded. The score after an attack is
 * the embedded score times a retention that depends on the attack, not on the model's size: measured by
 * {@code bench/watermark-capacity.sh} on the digits fixtures (3.8k and 4.8k parameters) and Gaussian models of 64k to
 * 4M parameters, 3 keys each (docs/watermark.md, "Capacity"). The tables hold the lowest retention measured at each
 * point (the small trained models'); between points it is interpolated linearly.
 */
final class Capacity {
    /** Magnitude pruning: the fraction of each tensor's smallest weights set to zero. */
    static final double[] PRUNE = {0, 0.1, 0.2, 0.3, 0.4, 0.5, 0.6, 0.7, 0.8, 0.9};
    static final double[] PRUNE_RETENTION = {1, 1.00, 0.99, 0.96, 0.92, 0.84, 0.78, 0.71, 0.63, 0.43};
    /** Gaussian noise, as a fraction of each tensor's standard deviation. */
    static final double[] NOISE = {0, 0.05, 0.1, 0.2, 0.5, 1.0, 2.0};
    static final double[] NOISE_RETENTION = {1, 0.99, 0.99, 0.96, 0.85, 0.64, 0.35};

    private Capacity() {
    }

    static double pruneRetention(double fraction) {
        return interpolate(PRUNE, PRUNE_RETENTION, fraction);
    }

    static double noiseRetention(double relative) {
        return interpolate(NOISE, NOISE_RETENTION, relative);
    }

    /** The largest pruning fraction (within the measured range) after which {@code score} still reaches {@code required}. */
    static double maxPrune(double score, double required) {
        return largest(PRUNE, PRUNE_RETENTION, required / score);
    }

    static double maxNoise(double score, double required) {
        return largest(NOISE, NOISE_RETENTION, required / score);
    }

    /** What the mark is expected to survive, for embed's output. */
    static String expectation(double score, double required) {
        if (score < required) {
            return "not detectable as embedded";
        }
        double prune = maxPrune(score, required);
        double noise = maxNoise(score, required);
        return String.format(Locale.ROOT, "expected to survive magnitude pruning of %s and Gaussian noise of %s x each"
                + " tensor's std (capacity model of docs/watermark.md)", prune >= PRUNE[PRUNE.length - 1]
                        ? "at least " + percent(prune) : "up to " + percent(prune),
                noise >= NOISE[NOISE.length - 1] ? "at least " + noise : "up to " + round2(noise));
    }

    /**
     * A warning for each demand of {@code survive} the mark is not expected to meet, with parameters that would meet
     * it: the score grows in proportion to strength and to the square root of the carriers.
     */
    static List<String> shortfalls(WatermarkConfig.Survive survive, double score, double required,
            WatermarkParams params, int carriers, long capacity) {
        List<String> out = new ArrayList<>();
        if (survive == null) {
            return out;
        }
        if (survive.prune() != null) {
            shortfall(out, "magnitude pruning of " + percent(survive.prune()), pruneRetention(survive.prune()),
                    survive.prune() > PRUNE[PRUNE.length - 1], score, required, params, carriers, capacity);
        }
        if (survive.noise() != null) {
            shortfall(out, "Gaussian noise of " + survive.noise() + " x each tensor's std",
                    noiseRetention(survive.noise()), survive.noise() > NOISE[NOISE.length - 1], score, required,
                    params, carriers, capacity);
        }
        return out;
    }

    private static void shortfall(List<String> out, String attack, double retention, boolean beyond, double score,
            double required, WatermarkParams params, int carriers, long capacity) {
        double expected = score * retention;
        if (expected >= required && !beyond) {
            return;
        }
        String what = String.format(Locale.ROOT, "the policy demands that the mark survive %s ('survive'), but the"
                + " expected score after it is %.2f (%.2f as embedded x %.2f), below the %.2f needed", attack,
                expected, score, retention, required);
        if (beyond) {
            out.add(what.replace("but the expected", "which is beyond the measured range; the extrapolated")
                    + "; measure it on your model");
            return;
        }
        double ratio = required / expected * 1.1;
        List<String> fixes = new ArrayList<>();
        double strength = Math.ceil(params.strength() * ratio * 100) / 100;
        if (strength <= 2) {
            fixes.add(String.format(Locale.ROOT, "'strength' %.2f", strength));
        }
        long more = (long) Math.ceil(carriers * ratio * ratio);
        if (more <= capacity) {
            fixes.add(String.format(Locale.ROOT, "'carriers' %d", more));
        }
        out.add(what + (fixes.isEmpty() ? "; this model cannot carry such a mark (lower 'minElements' or raise"
                + " 'maxCarrierFraction' for more carriers)" : "; " + String.join(" or ", fixes) + " would meet it"
                        + " (check the accuracy cost: it grows with strength^2 x carriers)"));
    }

    private static double interpolate(double[] x, double[] y, double at) {
        if (at <= x[0]) {
            return y[0];
        }
        for (int i = 1; i < x.length; i++) {
            if (at <= x[i]) {
                double t = (at - x[i - 1]) / (x[i] - x[i - 1]);
                return y[i - 1] + t * (y[i] - y[i - 1]);
            }
        }
        // Beyond the measured range: continue the last segment (never below 0).
        int n = x.length;
        double slope = (y[n - 1] - y[n - 2]) / (x[n - 1] - x[n - 2]);
        return Math.max(0, y[n - 1] + slope * (at - x[n - 1]));
    }

    /** The largest x in the table's range whose retention is at least {@code needed} (retention falls with x). */
    private static double largest(double[] x, double[] y, double needed) {
        if (needed > 1) {
            return 0;
        }
        for (int i = 1; i < x.length; i++) {
            if (y[i] < needed) {
                double t = (y[i - 1] - needed) / (y[i - 1] - y[i]);
                return x[i - 1] + t * (x[i] - x[i - 1]);
            }
        }
        return x[x.length - 1];
    }

    private static String percent(double fraction) {
        return String.format(Locale.ROOT, "%.0f%%", 100 * fraction);
    }

    private static String round2(double value) {
        return String.format(Locale.ROOT, "%.2f", value);
    }
}
