package dev.aigate.checks.poisoning;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Random;
import org.junit.jupiter.api.Test;

class CovarianceDistanceTest {
    private static final int N = 25;

    /** Correlated 2-D rows, one of them far along the minor axis. */
    private static float[] rows() {
        Random random = new Random(7);
        float[] z = new float[N * 2];
        for (int i = 0; i < N; i++) {
            double a = random.nextGaussian();
            z[2 * i] = (float) a;
            z[2 * i + 1] = (float) (0.9 * a + 0.3 * random.nextGaussian());
        }
        z[0] = 1.5f;
        z[1] = -1.5f;
        return z;
    }

    /** Row i's squared distance from the fit of the other rows, computed directly (2 x 2 inverse). */
    private static double leftOutDirectly(float[] z, int i, double shrinkage) {
        double[] mean = new double[2];
        for (int r = 0; r < N; r++) {
            if (r != i) {
                mean[0] += z[2 * r];
                mean[1] += z[2 * r + 1];
            }
        }
        mean[0] /= N - 1;
        mean[1] /= N - 1;
        double sxx = 0;
        double sxy = 0;
        double syy = 0;
        for (int r = 0; r < N; r++) {
            if (r != i) {
                double x = z[2 * r] - mean[0];
                double y = z[2 * r + 1] - mean[1];
                sxx += x * x;
                sxy += x * y;
                syy += y * y;
            }
        }
        sxx /= N - 1;
        sxy /= N - 1;
        syy /= N - 1;
        double ridge = shrinkage * (sxx + syy) / 2;
        double a = (1 - shrinkage) * sxx + ridge;
        double b = (1 - shrinkage) * sxy;
        double d = (1 - shrinkage) * syy + ridge;
        double det = a * d - b * b;
        double x = z[2 * i] - mean[0];
        double y = z[2 * i + 1] - mean[1];
        return (d * x * x - 2 * b * x * y + a * y * y) / det;
    }

    @Test
    void theLeftOutDistanceIsTheDistanceFromTheFitOfTheOtherRows() {
        float[] z = rows();
        int[] all = new int[N];
        java.util.Arrays.setAll(all, i -> i);
        CovarianceDistance fit = CovarianceDistance.fit(z, 2, all);
        double[] scratch = fit.scratch();
        for (int i = 0; i < N; i++) {
            double inSample = fit.squared(z, 2 * i, scratch);
            double leftOut = CovarianceDistance.leftOutSquared(inSample, N, Discriminant.SHRINKAGE);
            double direct = leftOutDirectly(z, i, Discriminant.SHRINKAGE);
            // Exact but for the shrinkage target's trace, which the formula keeps from the full fit: a lower bound
            // (the trace only falls when a row is left out), within 10% even for this far row of a 2-feature table,
            // where one row holds much of the trace.
            assertTrue(leftOut <= direct * (1 + 1e-9), "row " + i + ": " + leftOut + " > " + direct);
            assertTrue(leftOut >= 0.9 * direct, "row " + i + ": " + leftOut + " < 0.9 x " + direct);
            assertTrue(leftOut > inSample, "out of sample a row is farther");
        }
        // The far row is much farther out of sample than in it.
        double inSample = fit.squared(z, 0, scratch);
        assertTrue(CovarianceDistance.leftOutSquared(inSample, N, Discriminant.SHRINKAGE) > 1.5 * inSample);
    }

    @Test
    void withoutShrinkageItIsExact() {
        float[] z = rows();
        for (int i = 0; i < N; i++) {
            // Unshrunk full fit, from the same direct computation over all rows.
            double direct = leftOutDirectly(z, i, 0);
            double full = fullSquared(z, i);
            assertEquals(direct, CovarianceDistance.leftOutSquared(full, N, 0), 1e-9 * direct, "row " + i);
        }
        assertEquals(Double.POSITIVE_INFINITY, CovarianceDistance.leftOutSquared(1, 2, 0));
    }

    /** Row i's squared distance under the unshrunk fit of all rows (divisor n, as the check's fit). */
    private static double fullSquared(float[] z, int i) {
        double mx = 0;
        double my = 0;
        for (int r = 0; r < N; r++) {
            mx += z[2 * r];
            my += z[2 * r + 1];
        }
        mx /= N;
        my /= N;
        double sxx = 0;
        double sxy = 0;
        double syy = 0;
        for (int r = 0; r < N; r++) {
            double x = z[2 * r] - mx;
            double y = z[2 * r + 1] - my;
            sxx += x * x;
            sxy += x * y;
            syy += y * y;
        }
        sxx /= N;
        sxy /= N;
        syy /= N;
        double det = sxx * syy - sxy * sxy;
        double x = z[2 * i] - mx;
        double y = z[2 * i + 1] - my;
        return (syy * x * x - 2 * sxy * x * y + sxx * y * y) / det;
    }
}
