package dev.aigate.checks.robustness;

/**
 * Arithmetic on one row of class scores, in double precision. Scores are logits, or log-probabilities when the model
 * outputs probabilities (so that cross-entropy and the margin mean the same in both cases).
 */
public final class ScoreMath {
    /** Probabilities are floored here before the logarithm, so a zero probability stays finite. */
    static final double MIN_PROBABILITY = 1e-30;

    private ScoreMath() {
    }

    /** Turns raw model outputs into scores in place: log of probabilities, logits unchanged. */
    public static void toScores(float[] raw, boolean probabilities) {
        if (!probabilities) {
            return;
        }
        for (int i = 0; i < raw.length; i++) {
            raw[i] = (float) Math.log(Math.max(raw[i], MIN_PROBABILITY));
        }
    }

    /** The predicted class: the highest score, the lowest index on ties. NaN scores never win. */
    public static int argmax(float[] scores, int row, int classes) {
        int base = row * classes;
        int best = 0;
        float bestValue = Float.NEGATIVE_INFINITY;
        boolean found = false;
        for (int k = 0; k < classes; k++) {
            float value = scores[base + k];
            if (!found || value > bestValue) {
                if (!Float.isNaN(value)) {
                    best = k;
                    bestValue = value;
                    found = true;
                }
            }
        }
        return best;
    }

    /** The score of the true class minus the best other score: negative means misclassified. */
    static double margin(float[] scores, int row, int classes, int label) {
        int base = row * classes;
        double other = Double.NEGATIVE_INFINITY;
        for (int k = 0; k < classes; k++) {
            if (k != label) {
                other = Math.max(other, scores[base + k]);
            }
        }
        return scores[base + label] - other;
    }

    /**
     * The gradient of cross-entropy with respect to the scores, {@code softmax(s) - onehot(label)}, written to
     * {@code out}. With it, the input gradient is the score Jacobian (estimated) times this vector, which keeps the
     * estimate accurate even when the loss itself is too close to zero for float32 differences.
     */
    static void crossEntropyScoreGradient(float[] scores, int row, int classes, int label, double[] out) {
        int base = row * classes;
        double max = Double.NEGATIVE_INFINITY;
        for (int k = 0; k < classes; k++) {
            max = Math.max(max, scores[base + k]);
        }
        double sum = 0;
        for (int k = 0; k < classes; k++) {
            out[k] = Math.exp(scores[base + k] - max);
            sum += out[k];
        }
        for (int k = 0; k < classes; k++) {
            out[k] = out[k] / sum - (k == label ? 1 : 0);
        }
    }
}
