package dev.aigate.checks.poisoning;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Random;
import org.junit.jupiter.api.Test;

/** The models behind the model-disagreement and covariance-outlier signals, on data whose answer is known. */
class ModelSignalsTest {
    /** Three Gaussian classes in 4 features, centres 4 standard deviations apart. */
    private static float[] gaussians(int n, int[] label, long seed) {
        Random random = new Random(seed);
        float[] z = new float[n * 4];
        for (int r = 0; r < n; r++) {
            label[r] = r % 3;
            for (int f = 0; f < 4; f++) {
                z[r * 4 + f] = (float) ((f == label[r] ? 4 : 0) + random.nextGaussian());
            }
        }
        return z;
    }

    @Test
    void theLogisticModelFindsAFlippedLabelImprobableAndAConfidentOtherClass() {
        int n = 600;
        int[] label = new int[n];
        float[] z = gaussians(n, label, 1);
        int[] reference = java.util.stream.IntStream.range(0, 500).toArray();
        ConfidentLearning.Fit fit = ConfidentLearning.fit(z, 4, reference, label, 3, 1);
        assertTrue(fit.thresholds()[0] > 0.8, "classes this far apart are predicted confidently");
        double[] p = new double[3];
        int flipped = 0;
        int named = 0;
        for (int r = 500; r < n; r++) {
            fit.model().probabilities(z, r * 4, p);
            int wrong = (label[r] + 1) % 3;
            if (fit.confidentOther(p, wrong) == label[r]) {
                flipped++;
            }
            if (fit.confidentOther(p, label[r]) >= 0) {
                named++;
            }
        }
        // A row is named only when its true class clears that class's (high) mean confidence: most, not all.
        assertTrue(flipped >= 75, "most flipped rows are named, with their true class: " + flipped);
        assertTrue(named <= 2, "almost no correct row is named: " + named);
    }

    @Test
    void theModelDoesNotDependOnTheThreadCount() {
        int[] label = new int[300];
        float[] z = gaussians(300, label, 2);
        int[] reference = java.util.stream.IntStream.range(0, 300).toArray();
        ConfidentLearning.Fit one = ConfidentLearning.fit(z, 4, reference, label, 3, 1);
        ConfidentLearning.Fit three = ConfidentLearning.fit(z, 4, reference, label, 3, 3);
        assertEquals(java.util.Arrays.toString(one.thresholds()), java.util.Arrays.toString(three.thresholds()));
        assertEquals(one.sampleSuspects(), three.sampleSuspects());
    }

    @Test
    void aRowBreakingTheCorrelationIsFarAlongThePrincipalAxes() {
        // Two features that move together: (3, -3) is inside the bounding box but against the correlation.
        Random random = new Random(3);
        int n = 500;
        float[] z = new float[(n + 2) * 2];
        for (int r = 0; r < n; r++) {
            double t = random.nextGaussian() * 2;
            z[2 * r] = (float) (t + 0.1 * random.nextGaussian());
            z[2 * r + 1] = (float) (t + 0.1 * random.nextGaussian());
        }
        z[2 * n] = 3;
        z[2 * n + 1] = -3;
        z[2 * n + 2] = 3;
        z[2 * n + 3] = 3;
        CovarianceDistance distance = CovarianceDistance.fit(z, 2, java.util.stream.IntStream.range(0, n).toArray());
        double[] scratch = distance.scratch();
        double farthest = 0;
        for (int r = 0; r < n; r++) {
            farthest = Math.max(farthest, distance.squared(z, 2 * r, scratch));
        }
        assertTrue(distance.squared(z, 2 * n, scratch) > farthest, "against the correlation: beyond every row");
        assertTrue(distance.squared(z, 2 * n + 2, scratch) < farthest, "along the correlation: ordinary");
    }
}
