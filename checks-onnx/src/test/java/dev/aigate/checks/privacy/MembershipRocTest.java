package dev.aigate.checks.privacy;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;

/** The ROC figures on hand-checked cases, ties, weights and the thinned curve. */
class MembershipRocTest {
    private static MembershipRoc roc(double[] members, double[] nonMembers) {
        double[] scores = new double[members.length + nonMembers.length];
        System.arraycopy(members, 0, scores, 0, members.length);
        System.arraycopy(nonMembers, 0, scores, members.length, nonMembers.length);
        return new MembershipRoc(scores, members.length);
    }

    @Test
    void perfectSeparationAndItsMirror() {
        MembershipRoc.Summary perfect = roc(new double[] {3, 4}, new double[] {1, 2}).summary();
        assertEquals(1.0, perfect.auc(), 1e-12);
        assertEquals(1.0, perfect.advantage(), 1e-12);
        assertEquals(1.0, perfect.tprAtOnePercentFpr(), 1e-12);
        assertEquals(1.0, perfect.balancedAccuracy(), 1e-12);
        MembershipRoc.Summary mirror = roc(new double[] {1, 2}, new double[] {3, 4}).summary();
        assertEquals(0.0, mirror.auc(), 1e-12);
        assertEquals(0.0, mirror.advantage(), 1e-12, "the trivial thresholds give TPR - FPR = 0");
        assertEquals(0.0, mirror.tprAtTenthPercentFpr(), 1e-12);
    }

    @Test
    void tiesCountOneHalfLikeMannWhitney() {
        // Member scores 1, 2, 2; non-member 2, 0. Pairs: (1>0)=1, (1<2)=0, (2=2)=.5 twice, (2>0)=1 twice -> 4/6.
        MembershipRoc.Summary s = roc(new double[] {1, 2, 2}, new double[] {2, 0}).summary();
        assertEquals(4.0 / 6, s.auc(), 1e-12);
        // Thresholds: >=2 gives TPR 2/3, FPR 1/2; >=1 gives 1, 1/2; so the advantage is 1/2.
        assertEquals(0.5, s.advantage(), 1e-12);
        // No threshold with a tied non-member at the top has FPR 0 except the one above everything.
        assertEquals(0.0, s.tprAtOnePercentFpr(), 1e-12);
    }

    @Test
    void aucMatchesPairCountingOnRandomScoresWithTies() {
        SplittableRandom random = new SplittableRandom(3);
        double[] members = new double[300];
        double[] nonMembers = new double[250];
        for (int i = 0; i < members.length; i++) {
            members[i] = random.nextInt(20) + 2;
        }
        for (int i = 0; i < nonMembers.length; i++) {
            nonMembers[i] = random.nextInt(20);
        }
        double pairs = 0;
        for (double m : members) {
            for (double n : nonMembers) {
                pairs += m > n ? 1 : m == n ? 0.5 : 0;
            }
        }
        assertEquals(pairs / (members.length * nonMembers.length), roc(members, nonMembers).summary().auc(), 1e-12);
    }

    @Test
    void tprAtLowFprAllowsTheFalsePositivesTheRateAllows() {
        // 1000 non-members at 0..999, members at 1000.5 (5 of them), 998.5 and 997.5 (2 more) and low.
        double[] nonMembers = new double[1000];
        for (int i = 0; i < 1000; i++) {
            nonMembers[i] = i;
        }
        double[] members = {1000.5, 1000.5, 1000.5, 1000.5, 1000.5, 998.5, 997.5, 0.5, 0.5, 0.5};
        MembershipRoc.Summary s = roc(members, nonMembers).summary();
        // FPR <= 0.1%: at most 1 false positive: the threshold 998.5 admits six members and one non-member (999).
        assertEquals(0.6, s.tprAtTenthPercentFpr(), 1e-12);
        // FPR <= 1%: at most 10 false positives: threshold 990 admits the seven.
        assertEquals(0.7, s.tprAtOnePercentFpr(), 1e-12);
    }

    @Test
    void weightsEqualRepeatedExamples() {
        double[] members = {5, 3, 3, 1};
        double[] nonMembers = {4, 2, 0};
        int[] weights = {2, 0, 1, 3, 1, 2, 4};
        double[] repeatedMembers = {5, 5, 3, 1, 1, 1};
        double[] repeatedNonMembers = {4, 2, 2, 0, 0, 0, 0};
        MembershipRoc.Summary weighted = roc(members, nonMembers).summary(weights);
        MembershipRoc.Summary repeated = roc(repeatedMembers, repeatedNonMembers).summary();
        assertEquals(repeated, weighted);
    }

    @Test
    void curveRunsFromTheOriginToTheCornerThroughVerticesOnly() {
        SplittableRandom random = new SplittableRandom(5);
        double[] members = new double[1000];
        double[] nonMembers = new double[1000];
        for (int i = 0; i < 1000; i++) {
            members[i] = random.nextDouble() + 0.2;
            nonMembers[i] = random.nextDouble();
        }
        List<List<Double>> curve = roc(members, nonMembers).curve();
        assertEquals(List.of(0.0, 0.0), curve.get(0));
        assertEquals(List.of(1.0, 1.0), curve.get(curve.size() - 1));
        assertTrue(curve.size() <= 100, "points: " + curve.size());
        for (int i = 1; i < curve.size(); i++) {
            assertTrue(curve.get(i).get(0) >= curve.get(i - 1).get(0) && curve.get(i).get(1) >= curve.get(i - 1)
                    .get(1), "monotone at " + i + ": " + curve);
        }
        assertTrue(curve.stream().anyMatch(p -> p.get(0) > 0 && p.get(0) <= 0.001), "a point at FPR <= 0.1%");
    }

    @Test
    void bootstrapQuantilesInterpolateLikeNumpy() {
        double[] sorted = {1, 2, 3, 4};
        assertEquals(1.075, BootstrapIntervals.quantile(sorted, 0.025), 1e-12);
        assertEquals(3.925, BootstrapIntervals.quantile(sorted, 0.975), 1e-12);
    }
}
