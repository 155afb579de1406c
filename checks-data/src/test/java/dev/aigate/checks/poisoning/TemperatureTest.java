package dev.aigate.checks.poisoning;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.Test;

/** Temperature scaling finds the overconfidence it is shown, and never sharpens a model. */
class TemperatureTest {
    /**
     * Rows whose true class probabilities are softmax(s), reported by a model that claims softmax(3 s): the fitted
     * temperature is close to 3, and tempering gives back the true probabilities.
     */
    @Test
    void recoversAKnownOverconfidence() {
        Random random = new Random(11);
        int rows = 4000;
        double[][] scores = new double[rows][];
        int[] labels = new int[rows];
        for (int i = 0; i < rows; i++) {
            double[] truth = {random.nextGaussian() * 2, random.nextGaussian() * 2, random.nextGaussian() * 2};
            labels[i] = draw(truth, random);
            scores[i] = new double[] {3 * truth[0], 3 * truth[1], 3 * truth[2]};
        }
        double t = Temperature.fit(scores, labels, rows);
        assertEquals(3, t, 0.25);
        double[] claimed = {6, 0, -3};
        assertEquals(Temperature.probability(new double[] {2, 0, -1}, 0, 1), Temperature.probability(claimed, 0, 3),
                1e-12);
    }

    @Test
    void aCalibratedOrUnderconfidentModelKeepsItsProbabilities() {
        Random random = new Random(12);
        int rows = 2000;
        double[][] scores = new double[rows][];
        int[] labels = new int[rows];
        for (int i = 0; i < rows; i++) {
            double[] truth = {random.nextGaussian() * 2, random.nextGaussian() * 2};
            labels[i] = draw(truth, random);
            scores[i] = new double[] {truth[0] / 2, truth[1] / 2}; // underconfident: would need T = 0.5
        }
        assertEquals(1, Temperature.fit(scores, labels, rows), 1e-6);
        assertEquals(1, Temperature.fit(scores, labels, 0));
    }

    @Test
    void temperedProbabilitiesComeFromLogProbabilities() {
        double[] probabilities = {0.9, 0.09, 0.01};
        double tempered = Temperature.tempered(probabilities, 2, 2);
        double expected = Math.sqrt(0.01) / (Math.sqrt(0.9) + Math.sqrt(0.09) + Math.sqrt(0.01));
        assertEquals(expected, tempered, 1e-12);
        assertTrue(tempered > 0.01, "tempering makes an improbable label less improbable");
        assertEquals(List.of(0.9, 0.09, 0.01).get(2), Temperature.tempered(probabilities, 2, 1), 1e-12);
    }

    private static int draw(double[] score, Random random) {
        double u = random.nextDouble() * java.util.Arrays.stream(score).map(Math::exp).sum();
        for (int c = 0; c < score.length; c++) {
            u -= Math.exp(score[c]);
            if (u <= 0) {
                return c;
            }
        }
        return score.length - 1;
    }
}
