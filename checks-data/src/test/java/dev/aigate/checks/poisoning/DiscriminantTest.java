package dev.aigate.checks.poisoning;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.Random;
import java.util.stream.IntStream;
import org.junit.jupiter.api.Test;

class DiscriminantTest {
    private static final int N = 60;
    private static final int DIMS = 4;
    private static final int CLASSES = 3;

    @Test
    void theLeftOutPosteriorIsWhatTheFitWithoutTheRowGives() {
        Random random = new Random(11);
        float[] z = new float[N * DIMS];
        int[] label = new int[N];
        for (int r = 0; r < N; r++) {
            label[r] = r % CLASSES;
            for (int f = 0; f < DIMS; f++) {
                // Overlapping classes, so that posteriors are not all 0 or 1.
                z[r * DIMS + f] = (float) (random.nextGaussian() + (f == label[r] ? 1.2 : 0));
            }
        }
        int[] all = IntStream.range(0, N).toArray();
        Discriminant full = Discriminant.fit(z, DIMS, all, label, CLASSES);
        int higherInSample = 0;
        for (int i = 0; i < N; i++) {
            int left = i;
            int[] others = IntStream.range(0, N).filter(r -> r != left).toArray();
            double refit = Discriminant.fit(z, DIMS, others, label, CLASSES).posterior(z, i * DIMS, label[i]);
            double leftOut = full.leftOutPosterior(z, i * DIMS, label[i]);
            // Exact but for the shrinkage target's trace, which the closed form keeps from the full fit.
            assertEquals(refit, leftOut, 0.01, "row " + i);
            higherInSample += full.posterior(z, i * DIMS, label[i]) > leftOut ? 1 : 0;
        }
        // In sample a row looks more typical of its own class than out of it.
        assertEquals(N, higherInSample);
    }
}
