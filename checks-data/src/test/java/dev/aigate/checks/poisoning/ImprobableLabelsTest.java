package dev.aigate.checks.poisoning;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.Test;

/** The labels-significant-alone test: its bound, and how often it fires on calibrated clean labels. */
class ImprobableLabelsTest {
    @Test
    void oneLabelIsTheBonferroniTestWithTheClassFactorAndTheUnionOverK() {
        // One suspect of probability 1e-6 among 100 new rows of 3 classes: B(1; 100, 2e-6) is about 2e-4, times 1 k.
        ImprobableLabels one = ImprobableLabels.judge(List.of(1e-6), 100, 3);
        assertEquals(1 - Math.pow(1 - 2e-6, 100), one.p(), 1e-12);
        assertEquals(1, one.rows());
        // Two suspects: the second k is tried too, and the union bound doubles the smaller chance.
        ImprobableLabels two = ImprobableLabels.judge(List.of(1e-6, 2e-6), 100, 3);
        double k1 = Stats.binomialUpper(1, 100, 2e-6);
        double k2 = Stats.binomialUpper(2, 100, 4e-6);
        assertEquals(2 * Math.min(k1, k2), two.p(), 1e-15);
        assertEquals(k2 < k1 ? 2 : 1, two.rows());
        assertEquals(1e-6, two.lowest());
        assertEquals(1, ImprobableLabels.judge(List.of(), 100, 3).p());
    }

    @Test
    void severalModeratelyImprobableLabelsAreSignificantTogether() {
        // Six labels of probability about 3e-5 among 62 rows of 3 classes (wine/flip-10pct): none is alone, together
        // they are.
        List<Double> six = List.of(3e-8, 9e-7, 2.8e-5, 4.8e-5, 6.4e-5, 1.1e-8);
        assertTrue(ImprobableLabels.judge(List.of(4.8e-5), 62, 3).p() > 0.001);
        assertTrue(ImprobableLabels.judge(six, 62, 3).p() < 1e-4);
    }

    /**
     * Calibrated clean labels: each row's label drawn from its own class probabilities. The test fires on at most
     * its level's share of such tables (here none of 2000 at 0.001).
     */
    @Test
    void calibratedCleanLabelsRarelyLookSignificant() {
        Random random = new Random(13);
        int fired = 0;
        for (int table = 0; table < 2000; table++) {
            List<Double> own = new ArrayList<>();
            for (int row = 0; row < 200; row++) {
                double p = Math.pow(random.nextDouble(), 4); // a model confident of most rows
                own.add(random.nextDouble() < p ? p : 1 - p); // the drawn label's probability (two classes)
            }
            own.sort(null);
            if (ImprobableLabels.judge(own.subList(0, 20), 200, 2).p() < 0.001) {
                fired++;
            }
        }
        assertTrue(fired <= 4, fired + " of 2000");
    }
}
