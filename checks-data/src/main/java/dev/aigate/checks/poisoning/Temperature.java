package dev.aigate.checks.poisoning;

/**
 * Temperature scaling (Guo, Pleiss, Sun and Weinberger, "On Calibration of Modern Neural Networks", ICML 2017): the
 * one number T >= 1 by which a model's log scores are divided so that its probabilities match how often it is right
 * on rows it was not fitted on. A model fitted on few rows per feature is overconfident (the discriminant gives clean
 * digits rows labels probabilities of 1e-10); dividing by T tempers that before a probability is taken as evidence
 * on its own. T is never below 1: a model is never made more confident than it claims.
 */
final class Temperature {
    private Temperature() {
    }

    /**
     * The T in [1, 1000] that maximises the likelihood of {@code labels[i]} under softmax({@code scores[i]} / T) over
     * the first {@code count} rows (each row's scores out of sample). The likelihood is log-concave in 1/T, so a
     * golden-section search over log T finds it.
     */
    static double fit(double[][] scores, int[] labels, int count) {
        if (count == 0) {
            return 1;
        }
        double lo = 0;
        double hi = Math.log(1000);
        double golden = (Math.sqrt(5) - 1) / 2;
        for (int step = 0; step < 60; step++) {
            double a = hi - golden * (hi - lo);
            double b = lo + golden * (hi - lo);
            if (negativeLogLikelihood(scores, labels, count, Math.exp(a))
                    <= negativeLogLikelihood(scores, labels, count, Math.exp(b))) {
                hi = b;
            } else {
                lo = a;
            }
        }
        return Math.exp((lo + hi) / 2);
    }

    /** Softmax of {@code score / temperature} at {@code label}. */
    static double probability(double[] score, int label, double temperature) {
        double best = Double.NEGATIVE_INFINITY;
        for (double v : score) {
            best = Math.max(best, v);
        }
        double sum = 0;
        for (double v : score) {
            sum += Math.exp((v - best) / temperature);
        }
        return Math.exp((score[label] - best) / temperature) / sum;
    }

    /** {@code probabilities} tempered: their logarithms are log scores up to a constant. */
    static double tempered(double[] probabilities, int label, double temperature) {
        double[] score = new double[probabilities.length];
        for (int c = 0; c < score.length; c++) {
            score[c] = Math.log(Math.max(probabilities[c], 1e-300));
        }
        return probability(score, label, temperature);
    }

    private static double negativeLogLikelihood(double[][] scores, int[] labels, int count, double temperature) {
        double sum = 0;
        for (int i = 0; i < count; i++) {
            sum -= Math.log(Math.max(probability(scores[i], labels[i], temperature), 1e-300));
        }
        return sum;
    }
}
