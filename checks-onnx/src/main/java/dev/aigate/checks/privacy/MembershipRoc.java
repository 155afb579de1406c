package dev.aigate.checks.privacy;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/**
 * The ROC of one membership score (higher means "member") over members (positives) and non-members (negatives).
 *
 * <p>The attack predicts "member" when the score is at least a threshold; every distinct score is a threshold, plus one
 * above them all. Tied scores move together, so ties count as a diagonal ROC segment and the AUC gives them one half
 * (the Mann-Whitney statistic). The scores are sorted once; {@link #summary(int[])} then sweeps them with a weight per
 * example (how often a bootstrap resample drew it), so a resample costs one linear pass and no sort.
 */
final class MembershipRoc {
    /** The false-positive rates at which the true-positive rate is reported. */
    static final double ONE_PERCENT = 0.01;
    static final double TENTH_PERCENT = 0.001;

    private final int members;
    private final int[] order;
    private final boolean[] member;
    /** Start index (in {@link #order}) of each group of tied scores, plus the end. */
    private final int[] groups;
    /** Whether sorted position k is the last of its group of tied scores. */
    private final boolean[] groupEnd;

    /**
     * @param scores one score per example: members first ({@code members} of them), then non-members
     */
    MembershipRoc(double[] scores, int members) {
        this.members = members;
        int n = scores.length;
        Integer[] boxed = new Integer[n];
        for (int i = 0; i < n; i++) {
            boxed[i] = i;
        }
        // Descending by score; Double.compare orders -0.0 below 0.0, so compare values, not bits.
        Arrays.sort(boxed, (a, b) -> scores[a] == scores[b] ? Integer.compare(a, b) : scores[a] > scores[b] ? -1
                : 1);
        order = new int[n];
        member = new boolean[n];
        List<Integer> starts = new ArrayList<>();
        for (int k = 0; k < n; k++) {
            order[k] = boxed[k];
            member[k] = boxed[k] < members;
            if (k == 0 || scores[boxed[k]] != scores[boxed[k - 1]]) {
                starts.add(k);
            }
        }
        starts.add(n);
        groups = starts.stream().mapToInt(Integer::intValue).toArray();
        groupEnd = new boolean[n];
        for (int g = 1; g < groups.length; g++) {
            groupEnd[groups[g] - 1] = true;
        }
    }

    /** The figures of one attack. */
    record Summary(double auc, double advantage, double tprAtOnePercentFpr, double tprAtTenthPercentFpr) {
        /** Balanced accuracy at the best threshold: (TPR + TNR) / 2 = (1 + advantage) / 2. */
        double balancedAccuracy() {
            return (1 + advantage) / 2;
        }
    }

    /** The figures on the examples as given (every weight 1). */
    Summary summary() {
        return summary(null);
    }

    /**
     * The figures with {@code weights[i]} copies of example {@code i} (null: one each).
     */
    Summary summary(int[] weights) {
        if (weights == null) {
            return summary(null, members, order.length - members);
        }
        long positives = 0;
        long negatives = 0;
        for (int i = 0; i < weights.length; i++) {
            if (i < members) {
                positives += weights[i];
            } else {
                negatives += weights[i];
            }
        }
        return summary(weights, positives, negatives);
    }

    /** One pass over the sorted scores, given the total weight of members and of non-members. */
    Summary summary(int[] weights, long positives, long negatives) {
        if (positives == 0 || negatives == 0) {
            return new Summary(0.5, 0, 0, 0);
        }
        long maxFpAtOne = (long) Math.floor(ONE_PERCENT * negatives + 1e-9);
        long maxFpAtTenth = (long) Math.floor(TENTH_PERCENT * negatives + 1e-9);
        long tp = 0;
        long fp = 0;
        double area = 0;
        long bestAdvantage = 0;
        long tpAtOne = 0;
        long tpAtTenth = 0;
        long groupTp = 0;
        long groupFp = 0;
        for (int k = 0; k < order.length; k++) {
            long w = weights == null ? 1 : weights[order[k]];
            if (member[k]) {
                groupTp += w;
            } else {
                groupFp += w;
            }
            if (!groupEnd[k]) {
                continue;
            }
            // Trapezoid under the segment from (fp, tp) to (fp + groupFp, tp + groupTp), in counts.
            area += groupFp * (tp + groupTp / 2.0);
            tp += groupTp;
            fp += groupFp;
            groupTp = 0;
            groupFp = 0;
            // TPR - FPR compared in counts: tp/P - fp/N > best/(P*N) <=> tp*N - fp*P > best.
            bestAdvantage = Math.max(bestAdvantage, tp * negatives - fp * positives);
            if (fp <= maxFpAtOne) {
                tpAtOne = tp;
            }
            if (fp <= maxFpAtTenth) {
                tpAtTenth = tp;
            }
        }
        double pairs = (double) positives * negatives;
        return new Summary(area / pairs, bestAdvantage / pairs, (double) tpAtOne / positives,
                (double) tpAtTenth / positives);
    }

    /**
     * The ROC for plotting, thinned to at most about a hundred vertices: for each false-positive rate on a grid that is
     * logarithmic from 1/1000 (where low-FPR attacks are judged) and linear above, the vertex with the highest
     * true-positive rate at or below it. Points are exact vertices, [fpr, tpr], from (0, 0) to (1, 1).
     */
    List<List<Double>> curve() {
        int nonMembers = order.length - members;
        List<double[]> vertices = new ArrayList<>();
        vertices.add(new double[] {0, 0});
        long tp = 0;
        long fp = 0;
        for (int g = 0; g + 1 < groups.length; g++) {
            for (int k = groups[g]; k < groups[g + 1]; k++) {
                if (member[k]) {
                    tp++;
                } else {
                    fp++;
                }
            }
            vertices.add(new double[] {nonMembers == 0 ? 0 : (double) fp / nonMembers,
                    members == 0 ? 0 : (double) tp / members});
        }
        List<Double> grid = new ArrayList<>();
        for (int i = 0; i <= 48; i++) {
            grid.add(Math.pow(10, -3 + 3.0 * i / 48));
        }
        for (int i = 1; i <= 40; i++) {
            grid.add(i / 40.0);
        }
        grid.sort(Double::compare);
        List<List<Double>> points = new ArrayList<>();
        points.add(List.of(0.0, 0.0));
        int v = 0;
        for (double target : grid) {
            while (v + 1 < vertices.size() && vertices.get(v + 1)[0] <= target + 1e-12) {
                v++;
            }
            List<Double> point = List.of(round(vertices.get(v)[0]), round(vertices.get(v)[1]));
            if (!point.equals(points.get(points.size() - 1))) {
                points.add(point);
            }
        }
        List<Double> last = List.of(1.0, 1.0);
        if (!points.get(points.size() - 1).equals(last)) {
            points.add(last);
        }
        return points;
    }

    private static double round(double value) {
        return Math.round(value * 1e6) / 1e6;
    }
}
