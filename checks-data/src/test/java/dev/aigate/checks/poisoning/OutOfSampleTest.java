package dev.aigate.checks.poisoning;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Random;
import java.util.stream.IntStream;
import org.junit.jupiter.api.Test;

/**
 * Approved rows are judged out of sample, as new rows are: with many features and few rows, in-sample distances and
 * probabilities make the approved rows look more typical than clean new rows drawn from the same source.
 */
class OutOfSampleTest {
    private static final int FEATURES = 30;
    private static final int APPROVED = 80;
    private static final int NEW = 60;

    /** Two overlapping Gaussian classes in many features, every row from the same source. */
    private static Table table(int rows, long seed) {
        Random random = new Random(seed);
        double[] x = new double[rows * FEATURES];
        int[] labels = new int[rows];
        int[] lines = new int[rows];
        List<String> names = new ArrayList<>();
        for (int f = 0; f < FEATURES; f++) {
            names.add("f" + f);
        }
        for (int r = 0; r < rows; r++) {
            labels[r] = r % 2;
            for (int f = 0; f < FEATURES; f++) {
                x[r * FEATURES + f] = Math.round(((f == 0 ? 0.8 * labels[r] : 0) + random.nextGaussian()) * 1e6) / 1e6;
            }
            lines[r] = r + 2;
        }
        return new Table(List.of(Path.of("t.csv")), names, "label", x, labels, List.of("0", "1"), rows, FEATURES,
                lines, true, Collections.nCopies(FEATURES, null));
    }

    @Test
    void cleanNewRowsAreNotBeyondTheApprovedRowsOutOfSample() {
        Table approved = table(APPROVED, 21);
        Table all = table(APPROVED + NEW, 21);
        Baseline baseline = BaselineBuilder.compute(approved, 10, 1, "test", List.of(), List.of());
        List<Signals.Signal> signals = new Judge(all, baseline, PoisoningEvaluationTest.defaults(), 1).run(null);
        Signals.Signal covariance = signals.stream().filter(s -> s.rule() == Signals.COVARIANCE_OUTLIER).findFirst()
                .orElseThrow();
        // In sample, 30 features fitted on 80 rows shrink every approved distance, so most clean new rows would lie
        // beyond the farthest approved one; out of sample about 1 in 81 does.
        assertTrue(covariance.rows().size() <= 3, covariance.statement());
        assertFalse(covariance.fired(), covariance.statement());
    }

    @Test
    void theBaselineRecordsItsHardRowsProbabilityOutOfSample() {
        Table approved = table(APPROVED, 22);
        Baseline baseline = BaselineBuilder.compute(approved, 10, 1, "test", List.of(), List.of());
        float[] z = new Encoding(baseline.features()).encode(approved);
        int dims = new Encoding(baseline.features()).dims();
        int[] label = approved.labels();
        // The hard rows of the baseline, recomputed: rows whose label at most half of their 10 neighbours share.
        List<Double> refitted = new ArrayList<>();
        int[] all = IntStream.range(0, APPROVED).toArray();
        Neighbours.Result near = Neighbours.search(z, all, z, APPROVED, all, dims, 10, 1);
        for (int r = 0; r < APPROVED; r++) {
            int agree = 0;
            for (int j = 0; j < 10; j++) {
                agree += label[near.neighbour(r, j)] == label[r] ? 1 : 0;
            }
            if (agree * 2 <= 10) {
                int left = r;
                int[] others = IntStream.range(0, APPROVED).filter(i -> i != left).toArray();
                refitted.add(Discriminant.fit(z, dims, others, label, 2).posterior(z, r * dims, label[r]));
            }
        }
        double[][] hard = baseline.neighbours().hardRows();
        assertTrue(hard.length >= 5, "overlapping classes have hard rows: " + hard.length);
        assertEquals(refitted.size(), hard.length);
        for (int i = 0; i < hard.length; i++) {
            assertEquals(refitted.get(i), hard[i][2], 0.02, "hard row " + i);
        }
    }
}
