package dev.aigate.checks.poisoning;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.stream.IntStream;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The resplit study's machinery on a few splits; the study itself runs from bench/poisoning-resplits.sh, and its rates
 * are not asserted here.
 */
class ResplitStudyTest {
    static final Map<String, ResplitPool> POOLS = new TreeMap<>();

    @BeforeAll
    static void load(@TempDir Path work) {
        for (String dataset : ResplitStudy.DATASETS) {
            POOLS.put(dataset, ResplitPool.load(dataset, work));
        }
    }

    @Test
    void theCommittedSplitRebuiltInMemoryPassesAsTheCommittedFilesDo(@TempDir Path work) {
        for (String dataset : ResplitStudy.DATASETS) {
            ResplitPool pool = POOLS.get(dataset);
            int approved = Evaluation.read(Evaluation.gunzip(Evaluation.ROOT.resolve(dataset)
                    .resolve("approved.csv.gz"), work)).rows();
            int fresh = (int) Math.rint(pool.size() * ResplitPool.NEW_SHARE);
            // The pool holds the committed rows in file order: approved, new, evaluation.
            ResplitPool.Split split = new ResplitPool.Split(pool, 7, IntStream.range(0, approved).toArray(),
                    IntStream.range(approved, approved + fresh).toArray(),
                    IntStream.range(approved + fresh, pool.size()).toArray());
            ResplitStudy.Outcome clean = ResplitStudy.seed(pool, split, 0, true, false).get(0);
            assertFalse(clean.failed()[0], dataset + ": " + clean.shippedDetails());
            assertTrue(clean.order().agrees(), dataset + ": " + clean.order().difference());
        }
    }

    @Test
    void splitsUseTheGeneratorsShares() {
        ResplitPool.Split split = POOLS.get("iris").split(ResplitStudy.splitSeed("iris", 0));
        assertEquals(List.of(75, 52, 23), List.of(split.approved().length, split.newRows().length,
                split.evaluation().length));
        int[] all = IntStream.concat(IntStream.concat(IntStream.of(split.approved()), IntStream.of(split.newRows())),
                IntStream.of(split.evaluation())).sorted().toArray();
        assertArrayEquals(IntStream.range(0, 150).toArray(), all);
    }

    @Test
    void aSeedGivesTheSameResultsEveryTime() {
        List<ResplitStudy.Outcome> first = ResplitStudy.seed(POOLS.get("wine"), 3, true, true);
        List<ResplitStudy.Outcome> again = ResplitStudy.seed(POOLS.get("wine"), 3, true, true);
        assertEquals(summary(first), summary(again));
        assertEquals(1 + ResplitAttack.values().length, first.size());
    }

    /** Row order must not change what the check concludes: both orders of a clean split are judged alike. */
    @Test
    void cleanAndShuffledOrdersAgree() {
        PoisoningConfig shipped = ResplitStudy.atLevel(0.001);
        for (String dataset : ResplitStudy.DATASETS) {
            for (int s = 0; s < 3; s++) {
                ResplitPool pool = POOLS.get(dataset);
                ResplitPool.Split split = pool.split(ResplitStudy.splitSeed(dataset, s));
                Baseline baseline = baseline(split);
                Table evaluation = ResplitCandidate.of(pool, split.evaluation()).table("evaluation");
                ResplitCandidate inOrder = ResplitCandidate.approvedThenNew(split);
                ResplitCandidate shuffled = ResplitStudy.shuffled(inOrder, split);
                ResplitRun a = ResplitRun.judge(inOrder, inOrder.table("a"), baseline, evaluation, shipped, 1);
                ResplitRun b = ResplitRun.judge(shuffled, shuffled.table("b"), baseline, evaluation, shipped, 1);
                assertEquals(a.failed(), b.failed(), dataset + " seed " + s);
                assertEquals(a.fired(), b.fired(), dataset + " seed " + s);
                assertEquals(a.flagged(), b.flagged(), dataset + " seed " + s);
            }
        }
    }

    /** The models are fitted on the approved rows in an order given by their content, not by the table's. */
    @Test
    void theModelSignalsDoNotDependOnRowOrder() {
        // Digits seed 13 failed in the generator's order and passed shuffled while the models' folds followed the
        // table's order; they now follow the rows' content.
        ResplitStudy.Outcome digits13 = ResplitStudy.seed(POOLS.get("digits"), 13, true, false).get(0);
        assertEquals(digits13.failed()[0], digits13.order().shuffledFailed(), digits13.causes().toString());
        assertEquals("", digits13.order().difference());
    }

    @Test
    void tenPercentFlipsAreCaughtOnDigits() {
        for (int s = 0; s < 3; s++) {
            ResplitPool pool = POOLS.get("digits");
            ResplitPool.Split split = pool.split(ResplitStudy.splitSeed("digits", s));
            ResplitCandidate flipped = ResplitAttack.FLIP_10PCT.apply(split, new java.util.SplittableRandom(s));
            assertEquals(ResplitAttack.count(0.10, split.newRows().length, 2), flipped.poisoned().size());
            ResplitRun run = ResplitRun.judge(flipped, flipped.table("flip"), baseline(split),
                    ResplitCandidate.of(pool, split.evaluation()).table("evaluation"), ResplitStudy.atLevel(0.001), 1);
            assertTrue(run.failed(), "seed " + s);
            assertTrue(run.caught(flipped.poisoned()) * 2 > flipped.poisoned().size(), "seed " + s);
            // At the shipped level, the verdict recomputed from the statistics is the verdict.
            assertEquals(run.failed(), run.failedFromStats(0.001));
        }
    }

    @Test
    void theShippedLevelIsTheDefaults() {
        assertEquals(PoisoningEvaluationTest.defaults(), ResplitStudy.atLevel(0.001));
    }

    @Test
    void clopperPearsonUpperBound() {
        // With no event in n trials the bound has a closed form: 1 - 0.025^(1/n).
        assertEquals(1 - Math.pow(0.025, 1 / 200.0), ResplitReport.clopperPearsonUpper(0, 200), 1e-9);
        // 5 of 100: 0.1128 (Clopper and Pearson's tables; R's binom.test gives 0.1128).
        assertEquals(0.1128, ResplitReport.clopperPearsonUpper(5, 100), 5e-5);
        assertEquals(1, ResplitReport.clopperPearsonUpper(3, 3));
    }

    private static Baseline baseline(ResplitPool.Split split) {
        return BaselineBuilder.compute(ResplitCandidate.of(split.pool(), split.approved()).table("approved"),
                PoisoningConfig.DEFAULT_NEIGHBOURS, 1, "test", List.of(), List.of());
    }


    private static List<String> summary(List<ResplitStudy.Outcome> outcomes) {
        return outcomes.stream().map(o -> o.caseName() + " " + java.util.Arrays.toString(o.failed())
                + java.util.Arrays.toString(o.fromStats()) + o.causes() + o.aloneCauses() + o.shippedDetails() + " " + o.caught()
                + " of " + o.poisoned() + " " + o.order()).toList();
    }
}
