package dev.aigate.checks.poisoning;

import java.util.List;

/**
 * Whether a few labels are so improbable to a calibrated model that they are significant on their own, however few
 * approved rows there are to compare them with. For a calibrated model, a clean row's label has probability at most
 * t with chance at most (classes - 1) t; so among m clean new rows, that k or more have a label at most as probable
 * as the k-th least probable suspect's has the binomial chance B(k; m, (classes - 1) p_(k)). The test takes the
 * smallest of these chances over k = 1 to {@value #MAX_ROWS} and multiplies it by the number of k tried (a union
 * bound, so choosing the best k costs its share of the level). k = 1 is the Bonferroni test of the single least
 * probable label. Only as valid as the calibration: the discriminant's probabilities are tempered on the approved
 * rows first ({@link Discriminant#calibrationTemperature}).
 *
 * @param p the chance, bounded as above, when no row is poisoned
 * @param rows how many suspects (the k least probable) make the chance that small
 * @param lowest the least probable suspect's probability
 */
record ImprobableLabels(double p, int rows, double lowest) {
    static final int MAX_ROWS = 10;

    static ImprobableLabels judge(List<Double> probabilities, int judged, int classes) {
        double[] sorted = probabilities.stream().mapToDouble(Double::doubleValue).sorted().toArray();
        int tried = Math.min(MAX_ROWS, sorted.length);
        double best = 1;
        int bestRows = 0;
        for (int k = 1; k <= tried; k++) {
            double rate = Math.min(1, (classes - 1) * sorted[k - 1]);
            double chance = Stats.binomialUpper(k, judged, rate);
            if (chance < best) {
                best = chance;
                bestRows = k;
            }
        }
        return new ImprobableLabels(Math.min(1, best * Math.max(1, tried)), bestRows,
                sorted.length == 0 ? 1 : sorted[0]);
    }
}
