package dev.aigate.checks.robustness;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.function.Function;
import org.junit.jupiter.api.Test;

class TiedMaximaTest {
    private static final float STEP = 1e-3f;

    /** The finite-difference batch of one sample, laid out as AttackEngine builds it, and its central gradient. */
    private record Batch(float[] scores, float[] raised, double[] central) {
    }

    private static Batch batch(Function<float[], float[]> model, float[] point, double[] weights) {
        int d = point.length;
        int classes = model.apply(point).length;
        float[] scores = new float[(2 * d + 1) * classes];
        float[] raised = new float[d];
        double[] central = new double[d];
        System.arraycopy(model.apply(point), 0, scores, 0, classes);
        for (int j = 0; j < d; j++) {
            float[] up = point.clone();
            float[] down = point.clone();
            up[j] += STEP;
            down[j] -= STEP;
            raised[j] = up[j] - point[j];
            float[] plus = model.apply(up);
            float[] minus = model.apply(down);
            System.arraycopy(plus, 0, scores, (1 + 2 * j) * classes, classes);
            System.arraycopy(minus, 0, scores, (2 + 2 * j) * classes, classes);
            double dot = 0;
            for (int k = 0; k < classes; k++) {
                dot += weights[k] * ((double) plus[k] - minus[k]);
            }
            central[j] = dot / (up[j] - down[j]);
        }
        return new Batch(scores, raised, central);
    }

    /** Two 2-feature max-pooling windows, then a linear layer: the shape of a CNN that pools its input. */
    private static float[] pooled(float[] x) {
        float a = Math.max(x[0], x[1]);
        float b = Math.max(x[2], x[3]);
        return new float[] {3 * a - 2 * b + x[4], -a + 0.5f * b};
    }

    @Test
    void theFirstOfTiedMaximaGetsTheWholeGradientAndTheOthersNone() {
        float[] point = {0.5f, 0.5f, 0f, 0f, 0.25f};
        double[] weights = {1, 0.5};
        Batch batch = batch(TiedMaximaTest::pooled, point, weights);
        // The central difference splits each window's gradient over its two tied features.
        assertArrayEquals(new double[] {1.25, 1.25, -0.875, -0.875, 1}, batch.central(), 1e-3);
        double[] gradient = batch.central().clone();
        int ties = TiedMaxima.resolve(batch.scores(), 0, 2, point, weights, batch.raised(), gradient);
        assertEquals(2, ties);
        // As autograd's max-pool backward: everything to the first maximum of a window, in feature order.
        assertArrayEquals(new double[] {2.5, 0, -1.75, 0, 1}, gradient, 1e-3);
    }

    @Test
    void aUniqueMaximumAndUntiedFeaturesKeepTheCentralDifference() {
        float[] point = {0.75f, 0.5f, 0.25f, 0.125f, 0.5f};
        double[] weights = {1, 0.5};
        Batch batch = batch(TiedMaximaTest::pooled, point, weights);
        double[] gradient = batch.central().clone();
        assertEquals(0, TiedMaxima.resolve(batch.scores(), 0, 2, point, weights, batch.raised(), gradient));
        assertArrayEquals(batch.central(), gradient, 0);
    }

    @Test
    void equalValuesInDifferentWindowsAreNotOneTie() {
        // All four pooled features hold 0.5, but raising one of the first window changes the output differently from
        // raising one of the second: two ties of two, not one of four.
        float[] point = {0.5f, 0.5f, 0.5f, 0.5f, 0f};
        double[] weights = {1, 0.5};
        Batch batch = batch(TiedMaximaTest::pooled, point, weights);
        double[] gradient = batch.central().clone();
        assertEquals(2, TiedMaxima.resolve(batch.scores(), 0, 2, point, weights, batch.raised(), gradient));
        assertArrayEquals(new double[] {2.5, 0, -1.75, 0, 1}, gradient, 1e-3);
    }

    @Test
    void aKinkThatIsNotATieIsLeftToTheCentralDifference() {
        // ReLU at exactly 0 on one feature: raising moves the output, lowering does not, but nothing shares it.
        Function<float[], float[]> relu = x -> new float[] {2 * Math.max(x[0], 0) + x[1]};
        float[] point = {0f, 0.5f};
        double[] weights = {1};
        Batch batch = batch(relu, point, weights);
        double[] gradient = batch.central().clone();
        assertEquals(0, TiedMaxima.resolve(batch.scores(), 0, 1, point, weights, batch.raised(), gradient));
        assertArrayEquals(new double[] {1, 1}, gradient, 1e-3);
    }

    @Test
    void readsTheSampleAtItsRowOffset() {
        float[] point = {0.5f, 0.5f, 0f, 0f, 0.25f};
        double[] weights = {1, 0.5};
        Batch batch = batch(TiedMaximaTest::pooled, point, weights);
        int rows = batch.scores().length / 2;
        float[] two = new float[batch.scores().length * 2];
        java.util.Arrays.fill(two, 0, batch.scores().length, 7f);
        System.arraycopy(batch.scores(), 0, two, batch.scores().length, batch.scores().length);
        double[] gradient = batch.central().clone();
        assertEquals(2, TiedMaxima.resolve(two, rows, 2, point, weights, batch.raised(), gradient));
        assertArrayEquals(new double[] {2.5, 0, -1.75, 0, 1}, gradient, 1e-3);
    }
}
