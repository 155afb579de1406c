package dev.aigate.checks.robustness;

import java.util.Arrays;

/**
 * Makes a central finite-difference gradient agree with exact (autograd) gradients where features tie for a
 * maximum, as pixels of a max-pooling window do when they are equal (background zeros, saturated strokes).
 *
 * <p>At such a tie the model is not differentiable. PyTorch's max-pool backward gives the whole gradient
 * to the <em>first</em> maximum of the window and none to the others; a central difference instead gives every tied
 * feature half of it, so FGSM moves all of them and becomes a different, stronger attack than the white-box one.
 *
 * <p>A tie shows in the forward passes already run for the central difference, without knowing the graph: raising a
 * tied feature by h raises the maximum (its "+h" row changes), lowering it does not (its "-h" row equals the
 * unperturbed row, another feature still holds the maximum), and raising any feature of the same tie gives the
 * <em>same</em> output (the maximum is the same value wherever it came from). Features that share that signature and
 * their value form a tie; the first of them (lowest index, which is the first in row-major window order) gets the
 * one-sided derivative of raising it, the others zero. A feature whose "+h" output is shared with no other is left
 * alone.
 */
final class TiedMaxima {
    /** Outputs within this many float32 ulps of each other count as the same computation. */
    private static final int SAME_ULPS = 8;
    /**
     * A row counts as changed when it moved by more than this many ulps: clearly more than rounding, yet small enough
     * for a small step (1e-4 raises a score of 10 by about 100 ulps when its derivative is 1).
     */
    private static final int MOVED_ULPS = 2 * SAME_ULPS;

    private TiedMaxima() {
    }

    /**
     * Rewrites {@code gradient} for the ties found in one sample's finite-difference batch.
     *
     * @param scores the batch's scores, {@code classes} per row: row {@code row0} is the point, row {@code row0 + 1 +
     *     2j} is the point with feature j raised by the step, row {@code row0 + 2 + 2j} with it lowered
     * @param point the sample's features
     * @param weights the loss's weights on the scores at the point (d loss / d score), to form one-sided derivatives
     * @param raised for each feature, the float32 amount it was actually raised by
     * @param gradient the central-difference estimate, changed in place where features tie
     * @return the number of ties resolved
     */
    static int resolve(float[] scores, int row0, int classes, float[] point, double[] weights, float[] raised,
            double[] gradient) {
        int d = point.length;
        int base = row0 * classes;
        double largest = 1;
        for (int k = 0; k < classes; k++) {
            largest = Math.max(largest, Math.abs(scores[base + k]));
        }
        float ulp = Math.ulp((float) largest);
        double same = SAME_ULPS * ulp;
        double moved = MOVED_ULPS * ulp;
        int[] candidates = new int[d];
        int count = 0;
        for (int j = 0; j < d; j++) {
            int plus = (row0 + 1 + 2 * j) * classes;
            int minus = plus + classes;
            if (distance(scores, minus, base, classes) <= same && distance(scores, plus, base, classes) > moved) {
                candidates[count++] = j;
            }
        }
        if (count < 2) {
            return 0;
        }
        Integer[] order = new Integer[count];
        for (int c = 0; c < count; c++) {
            order[c] = candidates[c];
        }
        // Equal value, then equal first output: members of one tie end up next to each other, lowest index first.
        Arrays.sort(order, (a, b) -> {
            int byValue = Float.compare(point[a], point[b]);
            if (byValue != 0) {
                return byValue;
            }
            int byOutput = Float.compare(scores[plusRow(row0, a) * classes], scores[plusRow(row0, b) * classes]);
            return byOutput != 0 ? byOutput : Integer.compare(a, b);
        });
        int ties = 0;
        int start = 0;
        while (start < count) {
            int first = order[start];
            int end = start + 1;
            while (end < count && point[order[end]] == point[first] && distance(scores,
                    plusRow(row0, order[end]) * classes, plusRow(row0, first) * classes, classes) <= same) {
                end++;
            }
            if (end - start > 1) {
                ties++;
                int lowest = Integer.MAX_VALUE;
                for (int m = start; m < end; m++) {
                    lowest = Math.min(lowest, order[m]);
                    gradient[order[m]] = 0;
                }
                gradient[lowest] = raisedDerivative(scores, row0, classes, lowest, weights, raised[lowest]);
            }
            start = end;
        }
        return ties;
    }

    private static int plusRow(int row0, int feature) {
        return row0 + 1 + 2 * feature;
    }

    /** The one-sided derivative of the loss when {@code feature} alone is raised. */
    private static double raisedDerivative(float[] scores, int row0, int classes, int feature, double[] weights,
            float raised) {
        int plus = plusRow(row0, feature) * classes;
        int base = row0 * classes;
        double dot = 0;
        for (int k = 0; k < classes; k++) {
            dot += weights[k] * ((double) scores[plus + k] - scores[base + k]);
        }
        return dot / raised;
    }

    private static double distance(float[] scores, int a, int b, int classes) {
        double max = 0;
        for (int k = 0; k < classes; k++) {
            max = Math.max(max, Math.abs((double) scores[a + k] - scores[b + k]));
        }
        return max;
    }
}
