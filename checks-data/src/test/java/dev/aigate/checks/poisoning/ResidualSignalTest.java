package dev.aigate.checks.poisoning;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.aigate.core.Severity;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.Test;

/**
 * The residual-disagreement signal: once a label-noise signal fired, the further new rows that neither the neighbour
 * nor the model criterion names but both doubt more weakly; on the three Gaussian classes of
 * {@link CorroboratedSignalTest}, with one new row planted between two classes under the third class's label.
 */
class ResidualSignalTest {
    private static final int APPROVED = CorroboratedSignalTest.APPROVED;
    /** A new row moved to the midpoint of classes 0 and 1 and labelled 2. */
    private static final int BETWEEN = APPROVED + 40;

    /** Its neighbours are split between 0 and 1 (so no 70% majority) and no other class clears its threshold. */
    private static Table table(Set<Integer> flips) {
        Table table = CorroboratedSignalTest.table(APPROVED + CorroboratedSignalTest.NEW, flips, 5);
        for (int f = 0; f < 4; f++) {
            table.x()[BETWEEN * 4 + f] = f < 2 ? 3 : 0;
        }
        table.labels()[BETWEEN] = 2;
        return table;
    }

    private static List<Signals.Signal> judge(Set<Integer> flips, Boolean residual) {
        PoisoningConfig.Data data = new PoisoningConfig.Data("t.csv", null, null, null, "label", null);
        PoisoningConfig config = new PoisoningConfig(null, data, null, null, null, null, null, null, null, null,
                null, null, null, null, null, null, null, null, null, null,
                new PoisoningConfig.ResidualDisagreement(residual), null);
        Baseline baseline = BaselineBuilder.compute(CorroboratedSignalTest.table(APPROVED, Set.of(), 5), 10, 1,
                "test", List.of(), List.of());
        return new Judge(table(flips), baseline, config, 1).run(null);
    }

    private static Signals.Signal residual(List<Signals.Signal> signals) {
        return signals.stream().filter(s -> s.rule() == Signals.RESIDUAL_DISAGREEMENT).findFirst().orElseThrow();
    }

    @Test
    void afterALabelNoiseSignalFiredTheRowBothDoubtWeaklyIsNamed() {
        List<Signals.Signal> signals = judge(CorroboratedSignalTest.FLIPS, null);
        for (Signals.Signal s : signals) {
            if (s.rule() != Signals.RESIDUAL_DISAGREEMENT) {
                assertTrue(s.rows().stream().noneMatch(r -> r.row() == BETWEEN), s.rule().id() + " names it");
            }
        }
        Signals.Signal residual = residual(signals);
        assertTrue(residual.fired(), residual.statement());
        assertEquals(List.of(BETWEEN), residual.rows().stream().map(Signals.Suspect::row).toList());
        // Named after the signals that fired on the planted flips (the neighbour signal fires on the one flip the
        // model does not name, as in CorroboratedSignalTest).
        assertEquals(List.of("poisoning/neighbour-disagreement", "poisoning/corroborated-disagreement"),
                residual.stats().get("after"));
        assertTrue(residual.statement().contains("named because poisoning/neighbour-disagreement, poisoning/"
                + "corroborated-disagreement found"), residual.statement());
        assertTrue(residual.rows().get(0).detail().contains("below every approved row's own"));
    }

    @Test
    void withoutAFiredLabelNoiseSignalNothingIsNamed() {
        Signals.Signal residual = residual(judge(Set.of(), null));
        assertFalse(residual.fired(), residual.statement());
        assertTrue(residual.rows().isEmpty());
        assertEquals("not judged: no label-noise signal fired", residual.statement());
    }

    @Test
    void itNeverFailsABuildOnItsOwnAndCanBeDisabled() {
        assertEquals(Severity.MEDIUM, Signals.RESIDUAL_DISAGREEMENT.defaultSeverity());
        assertTrue(judge(CorroboratedSignalTest.FLIPS, false).stream()
                .noneMatch(s -> s.rule() == Signals.RESIDUAL_DISAGREEMENT));
    }
}
