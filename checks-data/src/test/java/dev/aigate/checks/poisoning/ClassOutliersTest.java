package dev.aigate.checks.poisoning;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import java.util.Set;
import java.util.TreeSet;
import java.util.stream.IntStream;
import org.junit.jupiter.api.Test;

class ClassOutliersTest {
    private static final int DIMS = 5;
    private static final int APPROVED = 120;
    private static final int NEW = 80;
    private static final List<String> CLASSES = List.of("a", "b");

    /** Two Gaussian classes 4 standard deviations apart on every feature; heavy draws Cauchy values instead. */
    private static float[] rows(int[] label, boolean heavy, long seed) {
        Random random = new Random(seed);
        float[] z = new float[label.length * DIMS];
        for (int r = 0; r < label.length; r++) {
            for (int f = 0; f < DIMS; f++) {
                double noise = heavy ? Math.tan(Math.PI * (random.nextDouble() - 0.5)) : random.nextGaussian();
                z[r * DIMS + f] = (float) (4 * label[r] + noise);
            }
        }
        return z;
    }

    private static int[] labels() {
        return IntStream.range(0, APPROVED + NEW).map(r -> r % 2).toArray();
    }

    private static Signals.Signal judge(float[] z, int[] label, double alpha) {
        int[] reference = IntStream.range(0, APPROVED).toArray();
        int[] newRows = IntStream.range(APPROVED, APPROVED + NEW).toArray();
        return new ClassOutliers(z, DIMS, reference, label, CLASSES, newRows, alpha).signal();
    }

    private static Set<Integer> named(Signals.Signal signal) {
        Set<Integer> out = new TreeSet<>();
        signal.rows().forEach(s -> out.add(s.row()));
        return out;
    }

    @Test
    void rowsOfOneClassLabelledAsTheOtherAreNamedAndNoOthers() {
        int[] label = labels();
        float[] z = rows(label, false, 1);
        Set<Integer> relabelled = Set.of(APPROVED + 1, APPROVED + 13, APPROVED + 27, APPROVED + 41);
        for (int r : relabelled) {
            label[r] = 0;
        }
        Signals.Signal signal = judge(z, label, 0.001);
        assertTrue(signal.fired(), signal.statement());
        assertEquals(relabelled, named(signal), signal.statement());
        // A row signal in the report's chart and table: its suspects and their rate among the new rows.
        assertEquals(4, signal.stats().get("suspects"));
        assertEquals(0.05, signal.stats().get("rate"));
    }

    @Test
    void anAttackLargerThanTheTestedRowsIsNamedWhole() {
        int[] label = labels();
        float[] z = rows(label, false, 2);
        Set<Integer> relabelled = new TreeSet<>();
        for (int r = APPROVED + 1; relabelled.size() < 20; r += 2) {
            relabelled.add(r);
            label[r] = 0;
        }
        Signals.Signal signal = judge(z, label, 0.001);
        assertTrue(signal.fired(), signal.statement());
        // More than the 10 rows the first test looks at, and no clean row (row 129 happens to lie nearer class a:
        // tempered, its p-value alone is not significant among the 61 rows left).
        assertTrue(relabelled.containsAll(named(signal)) && named(signal).size() >= 18, signal.statement());
        assertEquals(named(signal).size(), signal.rows().size());
    }

    @Test
    void cleanGaussianRowsDoNotFireOverManySeeds() {
        int fired = 0;
        for (long seed = 0; seed < 40; seed++) {
            Signals.Signal signal = judge(rows(labels(), false, seed), labels(), 0.01);
            assertNotNull(signal);
            fired += signal.fired() ? 1 : 0;
        }
        // At a level of 0.01, 40 clean tables fire more than twice with chance below 0.008.
        assertTrue(fired <= 2, fired + " of 40 clean tables fired");
    }

    @Test
    void heavyTailedApprovedRowsAreNotJudged() {
        int[] label = labels();
        float[] z = rows(label, true, 3);
        for (int r = APPROVED; r < APPROVED + 4; r++) {
            label[r] = 1 - label[r];
        }
        Signals.Signal signal = judge(z, label, 0.001);
        assertFalse(signal.fired(), signal.statement());
        assertTrue(signal.statement().startsWith("not judged: the approved rows of class"), signal.statement());
        assertTrue(signal.rows().isEmpty());
        assertEquals(true, signal.stats().get("notJudged"));
    }

    @Test
    void manyClassesOfManyFeaturesAreNotFitted() {
        List<String> classes = IntStream.range(0, 200).mapToObj(Integer::toString).toList();
        Signals.Signal signal = new ClassOutliers(new float[0], 512, new int[0], new int[0], classes, new int[] {0},
                0.001).signal();
        assertFalse(signal.fired());
        assertTrue(signal.statement().startsWith("not judged: 200 classes of 512"), signal.statement());
    }

    @Test
    void theTailRateIsAboutOneForCalibratedSurpriseAndSmallForAHeavierTail() {
        Random random = new Random(7);
        List<Double> calibrated = new ArrayList<>();
        List<Double> heavy = new ArrayList<>();
        for (int i = 0; i < 2000; i++) {
            double e = -Math.log(1 - random.nextDouble());
            calibrated.add(e);
            heavy.add(5 * e);
        }
        ClassOutliers.Tail light = ClassOutliers.Tail.fit(calibrated);
        ClassOutliers.Tail tempered = ClassOutliers.Tail.fit(heavy);
        assertTrue(light.rate() > 0.8 && light.rate() <= 1, "rate " + light.rate());
        assertTrue(tempered.rate() < 0.25, "rate " + tempered.rate());
        // Above the threshold, a surprise of -ln p keeps about its p under the calibrated tail.
        double surprise = light.threshold() + 5;
        assertEquals(light.share() * Math.exp(-light.rate() * 5), light.probability(surprise), 1e-12);
        assertEquals(0.1, light.share(), 0.002);
        assertTrue(tempered.probability(surprise) > light.probability(surprise) * 50, "p " + tempered.probability(surprise));
        assertEquals(1, light.probability(light.threshold() - 1));
    }

    @Test
    void aBinaryFeatureRareInOneClassIsLeftOutOfThatClassModel() {
        // Five Gaussian features and a binary one, set in 3% of class a's rows and half of class b's: a Gaussian fitted
        // to class a's few set rows (or none) made a clean new row with the bit set look impossibly far.
        int dims = DIMS + 1;
        int fired = 0;
        for (long seed = 0; seed < 40; seed++) {
            int[] label = labels();
            float[] gaussian = rows(label, false, seed);
            Random random = new Random(1000 + seed);
            float[] z = new float[label.length * dims];
            for (int r = 0; r < label.length; r++) {
                System.arraycopy(gaussian, r * DIMS, z, r * dims, DIMS);
                z[r * dims + DIMS] = random.nextDouble() < (label[r] == 0 ? 0.03 : 0.5) ? 1 : 0;
            }
            standardise(z, dims);
            Signals.Signal signal = new ClassOutliers(z, dims, IntStream.range(0, APPROVED).toArray(), label, CLASSES,
                    IntStream.range(APPROVED, APPROVED + NEW).toArray(), 0.001).signal();
            fired += signal.fired() ? 1 : 0;
        }
        assertEquals(0, fired, fired + " of 40 clean tables fired");
    }

    @Test
    void anOverflowedCoordinateIsAsFarAsItGets() {
        // A value the encoding overflows to infinity, beside a feature constant in the class: 0 times infinity is NaN
        // in the distance, which must not read as a typical row.
        int dims = DIMS + 1;
        int[] label = labels();
        float[] gaussian = rows(label, false, 5);
        float[] z = new float[label.length * dims];
        for (int r = 0; r < label.length; r++) {
            System.arraycopy(gaussian, r * DIMS, z, r * dims, DIMS);
        }
        int row = APPROVED + 3;
        z[row * dims] = Float.POSITIVE_INFINITY;
        z[row * dims + 1] = Float.NEGATIVE_INFINITY;
        Signals.Signal signal = new ClassOutliers(z, dims, IntStream.range(0, APPROVED).toArray(), label, CLASSES,
                IntStream.range(APPROVED, APPROVED + NEW).toArray(), 0.001).signal();
        assertTrue(signal.fired(), signal.statement());
        assertEquals(Set.of(row), named(signal), signal.statement());
    }

    /** Standardised on the approved rows, as the encoding does. */
    private static void standardise(float[] z, int dims) {
        for (int f = 0; f < dims; f++) {
            double sum = 0;
            double squares = 0;
            for (int r = 0; r < APPROVED; r++) {
                sum += z[r * dims + f];
                squares += z[r * dims + f] * z[r * dims + f];
            }
            double mean = sum / APPROVED;
            double sd = Math.sqrt(Math.max(squares / APPROVED - mean * mean, 1e-12));
            for (int r = 0; r < z.length / dims; r++) {
                z[r * dims + f] = (float) ((z[r * dims + f] - mean) / sd);
            }
        }
    }
}
