package dev.aigate.checks.poisoning;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Path;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.SplittableRandom;
import java.util.TreeMap;
import java.util.stream.IntStream;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Each attack of the resplit study changes what the generator's attack of that name changes (counts by the
 * generator's formulas, which rows, which values), on one split of each dataset.
 */
class ResplitAttackTest {
    static final Map<String, ResplitPool> POOLS = new TreeMap<>();

    @BeforeAll
    static void load(@TempDir Path work) {
        for (String dataset : ResplitStudy.DATASETS) {
            POOLS.put(dataset, ResplitPool.load(dataset, work));
        }
    }

    @Test
    void conflictingDuplicatesCopyApprovedRowsWithAnotherLabelNudgingEverySecondOne() {
        for (String dataset : ResplitStudy.DATASETS) {
            ResplitPool.Split split = split(dataset);
            ResplitCandidate c = attack(ResplitAttack.CONFLICTING_DUPLICATES, split);
            int added = ResplitAttack.count(0.03, split.newRows().length, 3);
            assertEquals(baseRows(split) + added, c.rows(), dataset);
            assertEquals(added, c.poisoned().size(), dataset);
            double[] std = ResplitAttack.ApprovedColumns.std(split);
            double rounding = dataset.equals("digits") ? 5e-4 : 1e-12;
            for (int i = 0; i < added; i++) {
                int index = baseRows(split) + i;
                double[] row = c.values(index);
                double[] source = split.pool().rows()[nearestApproved(split, row)];
                boolean nudged = i % 2 == 1;
                for (int f = 0; f < row.length; f++) {
                    double allowed = nudged ? 1e-3 * std[f] + rounding : 0;
                    assertTrue(Math.abs(row[f] - source[f]) <= allowed, dataset + " copy " + i + " feature " + f);
                }
                assertEquals(nudged, differingFeatures(row, source) > 0, dataset + " copy " + i);
                assertNotEquals(split.pool().labels()[nearestApproved(split, row)], c.label(index),
                        dataset + " copy " + i);
            }
        }
    }

    @Test
    void featureOutOfRangeSetsTheWidestFeatureToMaxPlusThreeSpansInNewRows() {
        for (String dataset : ResplitStudy.DATASETS) {
            ResplitPool.Split split = split(dataset);
            ResplitCandidate c = attack(ResplitAttack.FEATURE_OUT_OF_RANGE, split);
            assertEquals(baseRows(split), c.rows(), dataset);
            assertEquals(ResplitAttack.count(0.03, split.newRows().length, 3), c.poisoned().size(), dataset);
            double[] lo = ResplitAttack.ApprovedColumns.min(split);
            double[] hi = ResplitAttack.ApprovedColumns.max(split);
            int widest = widest(lo, hi);
            for (int index : poisonedIndices(c)) {
                assertTrue(index >= split.approved().length, dataset + ": a new row");
                double[] row = c.values(index);
                assertEquals(1, differingFeatures(row, split.pool().rows()[c.origin(index)]), dataset);
                assertEquals(hi[widest] + 3 * (hi[widest] - lo[widest]), row[widest], dataset);
            }
        }
    }

    @Test
    void classDroppedRemovesEightyPercentOfTheLastClassApprovedAndNewAlike() {
        for (String dataset : ResplitStudy.DATASETS) {
            ResplitPool.Split split = split(dataset);
            String victim = split.pool().classes().get(split.pool().classes().size() - 1);
            ResplitCandidate clean = ResplitCandidate.approvedThenNew(split);
            ResplitCandidate c = attack(ResplitAttack.CLASS_DROPPED, split);
            long before = labelCount(clean, victim);
            long dropped = Math.round(0.8 * before); // no tie at .5 for these counts
            assertEquals(before - dropped, labelCount(c, victim), dataset);
            assertEquals(clean.rows() - dropped, c.rows(), dataset);
            assertEquals(Set.of(), c.poisoned(), dataset);
            Set<Integer> kept = origins(c);
            assertTrue(IntStream.of(split.approved()).anyMatch(r -> !kept.contains(r)), dataset + ": approved dropped");
            assertTrue(IntStream.of(split.newRows()).anyMatch(r -> !kept.contains(r)), dataset + ": new dropped");
            for (int i = 0; i < c.rows(); i++) {
                assertEquals(split.pool().labels()[c.origin(i)], c.label(i), dataset + ": labels unchanged");
            }
        }
    }

    @Test
    void triggerSetsTheRarestMaximaInNewRowsOfOtherClassesAndRelabelsThemToTheFirst() {
        for (String dataset : ResplitStudy.DATASETS) {
            ResplitPool.Split split = split(dataset);
            ResplitCandidate c = attack(ResplitAttack.TRIGGER, split);
            String target = split.pool().classes().get(0);
            int[] features = ResplitAttack.triggerFeatures(split);
            assertEquals(dataset.equals("iris") ? 2 : 3, features.length, dataset);
            assertEquals(baseRows(split), c.rows(), dataset);
            assertEquals(ResplitAttack.count(0.03, split.newRows().length, 5), c.poisoned().size(), dataset);
            double[] hi = ResplitAttack.ApprovedColumns.max(split);
            for (int index : poisonedIndices(c)) {
                assertTrue(index >= split.approved().length, dataset + ": a new row");
                assertNotEquals(target, split.pool().labels()[c.origin(index)], dataset);
                assertEquals(target, c.label(index), dataset);
                for (int f : features) {
                    assertEquals(hi[f], c.values(index)[f], dataset + " feature " + f);
                }
            }
        }
    }

    @Test
    void triggerFeaturesAreThoseWhoseMaximumLiesFurthestAboveTheNinetyNinthPercentile() {
        for (String dataset : ResplitStudy.DATASETS) {
            ResplitPool.Split split = split(dataset);
            double[] gap = gapsAboveTheNinetyNinthPercentile(split);
            int[] chosen = ResplitAttack.triggerFeatures(split);
            double weakestChosen = IntStream.of(chosen).mapToDouble(f -> gap[f]).min().orElseThrow();
            Set<Integer> chosenSet = new HashSet<>(IntStream.of(chosen).boxed().toList());
            assertEquals(chosen.length, chosenSet.size(), dataset);
            for (int f = 0; f < gap.length; f++) {
                if (!chosenSet.contains(f)) {
                    assertTrue(gap[f] <= weakestChosen, dataset + " feature " + f);
                }
            }
            assertTrue(weakestChosen > 0, dataset + ": each trigger value is rare among the approved rows");
        }
    }

    /** Each feature's (approved max - approved 99th percentile) / approved span (0 for a constant feature). */
    private static double[] gapsAboveTheNinetyNinthPercentile(ResplitPool.Split split) {
        double[] lo = ResplitAttack.ApprovedColumns.min(split);
        double[] hi = ResplitAttack.ApprovedColumns.max(split);
        double[] q99 = ResplitAttack.ApprovedColumns.quantile(split, 0.99);
        return IntStream.range(0, hi.length).mapToDouble(f -> hi[f] > lo[f] ? (hi[f] - q99[f]) / (hi[f] - lo[f]) : 0)
                .toArray();
    }

    @Test
    void linearQuantileIsNumpysDefault() {
        // np.quantile([1, 2, 3, 4], 0.99) = 3.97: index 2.97, weight 0.97 >= 0.5, so 4 - (4 - 3) * 0.03.
        assertEquals(4 - (4 - 3) * (1 - (3 * 0.99 - 2)), ResplitAttack.linearQuantile(new double[] {4, 1, 3, 2}, 0.99));
        // np.quantile(range(101), 0.99) = 99.0 (index 99 exactly); np.quantile([5], 0.99) = 5.
        assertEquals(99.0, ResplitAttack.linearQuantile(IntStream.range(0, 101).asDoubleStream().toArray(), 0.99));
        assertEquals(5.0, ResplitAttack.linearQuantile(new double[] {5}, 0.99));
        // np.quantile([0, 10], 0.25) = 2.5: the weight is below 0.5, from the lower neighbour.
        assertEquals(2.5, ResplitAttack.linearQuantile(new double[] {10, 0}, 0.25));
        // numpy 1.24.2: np.quantile([2.3, 4.0], 0.99) == 3.983 exactly, where a + (b - a) t gives 3.9829999999999997.
        assertEquals(3.983, ResplitAttack.linearQuantile(new double[] {4.0, 2.3}, 0.99));
        // 200 values 0..199: index 197.01, so 197.01 (not the maximum 199).
        assertEquals(197.01, ResplitAttack.linearQuantile(IntStream.range(0, 200).asDoubleStream().toArray(), 0.99),
                1e-9);
    }

    @Test
    void evalOverlapAddsDistinctRowsOfTheSplitsEvaluationPart() {
        for (String dataset : ResplitStudy.DATASETS) {
            ResplitPool.Split split = split(dataset);
            ResplitCandidate c = attack(ResplitAttack.EVAL_OVERLAP, split);
            int added = ResplitAttack.count(0.03, split.newRows().length, 3);
            assertEquals(baseRows(split) + added, c.rows(), dataset);
            Set<Integer> evaluation = new HashSet<>(IntStream.of(split.evaluation()).boxed().toList());
            Set<Integer> leaked = new HashSet<>();
            for (int i = baseRows(split); i < c.rows(); i++) {
                assertTrue(evaluation.contains(c.origin(i)), dataset);
                assertArrayEquals(split.pool().rows()[c.origin(i)], c.values(i), dataset);
                assertEquals(split.pool().labels()[c.origin(i)], c.label(i), dataset);
                leaked.add(c.origin(i));
            }
            assertEquals(added, leaked.size(), dataset + ": distinct");
            assertEquals(leaked, c.poisoned(), dataset);
        }
    }

    @Test
    void approvedRelabelledGivesFivePercentOfApprovedRowsANewLabelInPlace() {
        for (String dataset : ResplitStudy.DATASETS) {
            ResplitPool.Split split = split(dataset);
            ResplitCandidate c = attack(ResplitAttack.APPROVED_RELABELLED, split);
            assertEquals(baseRows(split), c.rows(), dataset);
            assertEquals(ResplitAttack.count(0.05, split.approved().length, 2), c.poisoned().size(), dataset);
            Set<Integer> approved = new HashSet<>(IntStream.of(split.approved()).boxed().toList());
            assertTrue(approved.containsAll(c.poisoned()), dataset);
            for (int i = 0; i < c.rows(); i++) {
                boolean relabelled = c.poisoned().contains(c.origin(i));
                assertEquals(relabelled, !c.label(i).equals(split.pool().labels()[c.origin(i)]), dataset + " row " + i);
                assertEquals(0, differingFeatures(c.values(i), split.pool().rows()[c.origin(i)]), dataset);
            }
        }
    }

    @Test
    void theEarlierAttacksDrawAsBefore() {
        // Appending attacks must not change the earlier ones' random streams (seeded by ordinal in ResplitStudy).
        assertEquals(List.of("flip-2pct", "flip-5pct", "flip-10pct", "targeted-flip", "injected-ood"),
                List.of(ResplitAttack.values()).subList(0, 5).stream().map(a -> a.caseName).toList());
    }

    private static ResplitPool.Split split(String dataset) {
        return POOLS.get(dataset).split(ResplitStudy.splitSeed(dataset, 0));
    }

    private static ResplitCandidate attack(ResplitAttack attack, ResplitPool.Split split) {
        return attack.apply(split, new SplittableRandom(11));
    }

    private static int baseRows(ResplitPool.Split split) {
        return split.approved().length + split.newRows().length;
    }

    private static List<Integer> poisonedIndices(ResplitCandidate c) {
        return IntStream.range(0, c.rows()).filter(i -> c.poisoned().contains(c.origin(i))).boxed().toList();
    }

    private static Set<Integer> origins(ResplitCandidate c) {
        return new HashSet<>(IntStream.range(0, c.rows()).map(c::origin).boxed().toList());
    }

    private static long labelCount(ResplitCandidate c, String label) {
        return IntStream.range(0, c.rows()).filter(i -> c.label(i).equals(label)).count();
    }

    private static int differingFeatures(double[] a, double[] b) {
        return (int) IntStream.range(0, a.length).filter(f -> a[f] != b[f]).count();
    }

    private static int widest(double[] lo, double[] hi) {
        int widest = 0;
        for (int f = 1; f < lo.length; f++) {
            if (hi[f] - lo[f] > hi[widest] - lo[widest]) {
                widest = f;
            }
        }
        return widest;
    }

    /** The approved row closest to {@code row} (by the largest difference in any feature). */
    private static int nearestApproved(ResplitPool.Split split, double[] row) {
        int best = -1;
        double bestDistance = Double.POSITIVE_INFINITY;
        for (int a : split.approved()) {
            double[] other = split.pool().rows()[a];
            double d = IntStream.range(0, row.length).mapToDouble(f -> Math.abs(row[f] - other[f])).max().orElse(0);
            if (d < bestDistance) {
                best = a;
                bestDistance = d;
            }
        }
        return best;
    }
}
