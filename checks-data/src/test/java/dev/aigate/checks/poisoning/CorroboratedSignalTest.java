package dev.aigate.checks.poisoning;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collections;
import java.util.List;
import java.util.Random;
import java.util.Set;
import java.util.TreeSet;
import org.junit.jupiter.api.Test;

/**
 * The corroborated-disagreement signal: rows that both the neighbours and the logistic model doubt, judged against
 * the approved rows both doubt, on data whose answer is known.
 */
class CorroboratedSignalTest {
    static final int APPROVED = 300;
    static final int NEW = 100;

    /**
     * Three Gaussian classes in 4 features, centres 6 standard deviations apart: the approved rows, then the new
     * rows; {@code flippedApproved} approved rows and {@code flippedNew} new rows get the next class's label.
     */
    static Table table(int rows, Set<Integer> flipped, long seed) {
        Random random = new Random(seed);
        double[] x = new double[rows * 4];
        int[] labels = new int[rows];
        int[] lines = new int[rows];
        for (int r = 0; r < rows; r++) {
            int cls = r % 3;
            for (int f = 0; f < 4; f++) {
                x[r * 4 + f] = Math.round(((f == cls ? 6 : 0) + random.nextGaussian()) * 1e6) / 1e6;
            }
            labels[r] = flipped.contains(r) ? (cls + 1) % 3 : cls;
            lines[r] = r + 2;
        }
        return new Table(List.of(Path.of("t.csv")), List.of("a", "b", "c", "d"), "label", x, labels,
                List.of("0", "1", "2"), rows, 4, lines, true, Collections.nCopies(4, null));
    }

    private static PoisoningConfig config(Boolean corroborated) {
        PoisoningConfig.Data data = new PoisoningConfig.Data("t.csv", null, null, null, "label", null);
        return new PoisoningConfig(null, data, null, null, null, null, null, null, null, null, null, null, null, null,
                null, null, null, null, null, new PoisoningConfig.CorroboratedDisagreement(corroborated, null), null, null);
    }

    private static Signals.Signal signal(List<Signals.Signal> signals, dev.aigate.core.Rule rule) {
        return signals.stream().filter(s -> s.rule() == rule).findFirst().orElseThrow();
    }

    private static Set<Integer> rows(Signals.Signal signal) {
        Set<Integer> out = new TreeSet<>();
        signal.rows().forEach(s -> out.add(s.row()));
        return out;
    }

    /**
     * Eight new rows relabelled where both criteria see it: enough for a significant count against 300 approved rows
     * none of which both doubt (by the exact test, 3 of 100 would have chance 0.015).
     */
    static final Set<Integer> FLIPS = Set.of(APPROVED + 10, APPROVED + 21, APPROVED + 31, APPROVED + 42,
            APPROVED + 52, APPROVED + 63, APPROVED + 83, APPROVED + 94);

    @Test
    void rowsBothCriteriaDoubtAreNamedOnceAgainstTheApprovedRowsBothDoubt() {
        Table all = table(APPROVED + NEW, FLIPS, 5);
        Table approved = table(APPROVED, Set.of(), 5);
        Baseline baseline = BaselineBuilder.compute(approved, 10, 1, "test", List.of(), List.of());
        List<Signals.Signal> signals = new Judge(all, baseline, config(null), 1).run(null);
        Signals.Signal corroborated = signal(signals, Signals.CORROBORATED_DISAGREEMENT);
        assertTrue(corroborated.fired(), corroborated.statement());
        assertTrue(FLIPS.containsAll(rows(corroborated)) && rows(corroborated).size() >= 6, corroborated.statement());
        // Clean approved rows: none is doubted by both, so the rate is the half count's.
        assertEquals(0.0, corroborated.stats().get("baselineRate"));
        // Accounted for there, those rows are not named again by the single-criterion signals, which judge only the
        // rows each alone doubts: here one flip the logistic model does not name, whose label the discriminant finds
        // so improbable that the neighbour signal fires on it alone.
        Signals.Signal neighbours = signal(signals, Signals.NEIGHBOUR_DISAGREEMENT);
        Signals.Signal model = signal(signals, Signals.MODEL_DISAGREEMENT);
        assertTrue(Collections.disjoint(rows(corroborated), rows(neighbours)), neighbours.statement());
        assertTrue(Collections.disjoint(rows(corroborated), rows(model)), model.statement());
        // The class-outlier signal asks another question (does the row belong to its label's distribution?) and
        // names flips too, and only flips; the label-noise signals between them name each flip once.
        List<Integer> named = new ArrayList<>();
        for (Signals.Signal s : signals) {
            if (s.fired() && s.rule() == Signals.CLASS_OUTLIER) {
                assertTrue(FLIPS.containsAll(rows(s)), s.statement());
            } else if (s.fired()) {
                s.rows().forEach(suspect -> named.add(suspect.row()));
            }
        }
        Collections.sort(named);
        assertEquals(new ArrayList<>(new TreeSet<>(FLIPS)), named, "every flip named once, no other row");
    }

    @Test
    void disabledTheSingleCriterionSignalsJudgeAllTheirRowsAsBefore() {
        Table all = table(APPROVED + NEW, FLIPS, 5);
        Baseline baseline = BaselineBuilder.compute(table(APPROVED, Set.of(), 5), 10, 1, "test", List.of(),
                List.of());
        List<Signals.Signal> signals = new Judge(all, baseline, config(false), 1).run(null);
        assertTrue(signals.stream().noneMatch(s -> s.rule() == Signals.CORROBORATED_DISAGREEMENT));
        Signals.Signal neighbours = signal(signals, Signals.NEIGHBOUR_DISAGREEMENT);
        Signals.Signal model = signal(signals, Signals.MODEL_DISAGREEMENT);
        assertTrue(rows(neighbours).containsAll(FLIPS) || rows(model).containsAll(FLIPS));
        assertTrue(neighbours.fired() && model.fired());
    }

    @Test
    void theApprovedJointRateIsMeasuredNotMultiplied() {
        // Nine approved rows mislabelled: hard for their own neighbours and doubted by the model out of fold, both.
        Set<Integer> approvedFlips = new TreeSet<>();
        for (int i = 0; i < 9; i++) {
            approvedFlips.add(7 + 34 * i);
        }
        Set<Integer> flips = new TreeSet<>(approvedFlips);
        flips.add(APPROVED + 10);
        flips.add(APPROVED + 52);
        flips.add(APPROVED + 83);
        Table approved = table(APPROVED, approvedFlips, 6);
        Table all = table(APPROVED + NEW, flips, 6);
        Baseline baseline = BaselineBuilder.compute(approved, 10, 1, "test", List.of(), List.of());
        List<Signals.Signal> signals = new Judge(all, baseline, config(null), 1).run(null);
        Signals.Signal corroborated = signal(signals, Signals.CORROBORATED_DISAGREEMENT);
        double joint = (double) corroborated.stats().get("baselineRate");
        double modelRate = (double) signal(signals, Signals.MODEL_DISAGREEMENT).stats().get("baselineRate");
        double hardRate = Arrays.stream(baseline.neighbours().hardRows()).count() / (double) APPROVED;
        // The mislabelled approved rows are doubted by both: the joint rate is about the model's own rate, far above
        // the product of the two rates an independence assumption would give.
        assertTrue(joint >= 5.0 / APPROVED, "joint " + joint);
        assertTrue(joint > 3 * modelRate * hardRate, joint + " vs " + modelRate + " x " + hardRate);
        // Three flips among 100 new rows are what 9 of 300 approved rows lead one to expect: no finding.
        assertFalse(corroborated.fired(), corroborated.statement());
        assertTrue(corroborated.rows().size() >= 2, corroborated.statement());
    }

    @Test
    void findingsDoNotDependOnTheThreadCount() {
        Table all = table(APPROVED + NEW, FLIPS, 7);
        Baseline baseline = BaselineBuilder.compute(table(APPROVED, Set.of(), 7), 10, 1, "test", List.of(),
                List.of());
        List<String> one = new ArrayList<>();
        List<String> three = new ArrayList<>();
        new Judge(all, baseline, config(null), 1).run(null).forEach(s -> one.add(s.toString()));
        new Judge(all, baseline, config(null), 3).run(null).forEach(s -> three.add(s.toString()));
        assertEquals(one, three);
    }

    @Test
    void theAlphaIsAProbability() {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> new PoisoningConfig.CorroboratedDisagreement(null, 1.5));
        assertTrue(e.getMessage().contains("'corroboratedDisagreement.alpha' must be a probability"), e.getMessage());
        assertEquals(0.001, config(null).corroboratedDisagreement().alpha());
        assertTrue(new PoisoningConfig.CorroboratedDisagreement(null, null).enabled());
    }
}
