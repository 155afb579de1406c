package dev.aigate.checks.privacy;

import dev.aigate.checks.robustness.Rng;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.SplittableRandom;
import java.util.concurrent.ExecutorService;

/**
 * Percentile bootstrap confidence intervals for every attack's figures and for the generalisation gap. Each resample
 * draws the members and the non-members with replacement, each set on its own (so both keep their size), and every
 * attack is judged on the same resamples. Resample {@code b} comes from a stream keyed by the seed and {@code b}.
 */
final class BootstrapIntervals {
    static final int RNG_BOOTSTRAP = 301;
    /** Resamples per unit of work. */
    private static final int BLOCK = 50;

    /** Lower and upper bound of one figure. */
    record Interval(double low, double high) {
        List<Double> asList() {
            return List.of(PrivacyCheck.round(low), PrivacyCheck.round(high));
        }
    }

    /** The intervals of one attack. */
    record AttackIntervals(Interval auc, Interval advantage, Interval balancedAccuracy, Interval tprAtOnePercentFpr,
            Interval tprAtTenthPercentFpr) {
    }

    record Result(List<AttackIntervals> attacks, Interval generalisationGap) {
    }

    private BootstrapIntervals() {
    }

    static Result compute(List<MembershipRoc> rocs, boolean[] correct, int members, int nonMembers, int resamples,
            double confidence, long seed, ExecutorService pool) {
        int attacks = rocs.size();
        double[][][] values = new double[attacks][4][resamples];
        double[] gaps = new double[resamples];
        List<Runnable> blocks = new ArrayList<>();
        for (int start = 0; start < resamples; start += BLOCK) {
            int from = start;
            int to = Math.min(resamples, start + BLOCK);
            blocks.add(() -> {
                int[] weights = new int[members + nonMembers];
                for (int b = from; b < to; b++) {
                    resample(weights, b, members, nonMembers, seed);
                    for (int a = 0; a < attacks; a++) {
                        MembershipRoc.Summary summary = rocs.get(a).summary(weights, members, nonMembers);
                        values[a][0][b] = summary.auc();
                        values[a][1][b] = summary.advantage();
                        values[a][2][b] = summary.tprAtOnePercentFpr();
                        values[a][3][b] = summary.tprAtTenthPercentFpr();
                    }
                    long memberCorrect = 0;
                    long nonMemberCorrect = 0;
                    for (int i = 0; i < weights.length; i++) {
                        if (correct[i]) {
                            if (i < members) {
                                memberCorrect += weights[i];
                            } else {
                                nonMemberCorrect += weights[i];
                            }
                        }
                    }
                    gaps[b] = (double) memberCorrect / members - (double) nonMemberCorrect / nonMembers;
                }
            });
        }
        MembershipAttacks.runAll(blocks, pool, "bootstrap");
        List<AttackIntervals> out = new ArrayList<>();
        for (int a = 0; a < attacks; a++) {
            Interval advantage = interval(values[a][1], confidence);
            out.add(new AttackIntervals(interval(values[a][0], confidence), advantage,
                    new Interval((1 + advantage.low()) / 2, (1 + advantage.high()) / 2),
                    interval(values[a][2], confidence), interval(values[a][3], confidence)));
        }
        return new Result(out, interval(gaps, confidence));
    }

    /** The central {@code confidence} interval of the values, by linear interpolation between order statistics. */
    static Interval interval(double[] values, double confidence) {
        double[] sorted = values.clone();
        Arrays.sort(sorted);
        double tail = (1 - confidence) / 2;
        return new Interval(quantile(sorted, tail), quantile(sorted, 1 - tail));
    }

    /** Resample {@code b}: how often each member and each non-member is drawn, each set with replacement. */
    static void resample(int[] weights, int b, int members, int nonMembers, long seed) {
        Arrays.fill(weights, 0);
        SplittableRandom random = Rng.stream(seed, RNG_BOOTSTRAP, b, 0);
        for (int k = 0; k < members; k++) {
            weights[below(random, members)]++;
        }
        for (int k = 0; k < nonMembers; k++) {
            weights[members + below(random, nonMembers)]++;
        }
    }

    /** A draw in [0, bound) by multiply-shift of 32 random bits (bias below bound / 2^32, negligible here). */
    private static int below(SplittableRandom random, int bound) {
        return (int) (((random.nextLong() >>> 32) * bound) >>> 32);
    }

    static double quantile(double[] sorted, double q) {
        if (sorted.length == 0) {
            return Double.NaN;
        }
        double position = q * (sorted.length - 1);
        int below = (int) Math.floor(position);
        int above = Math.min(sorted.length - 1, below + 1);
        double fraction = position - below;
        return sorted[below] + fraction * (sorted[above] - sorted[below]);
    }
}
