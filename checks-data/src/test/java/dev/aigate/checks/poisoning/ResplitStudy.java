package dev.aigate.checks.poisoning;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.SplittableRandom;
import java.util.TreeMap;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;

/**
 * How often the poisoning check fails clean data, and how often it catches each attack, over many random splits of
 * each evaluation dataset (docs/poisoning.md, "False failures and detection over many splits"). Each seed splits the
 * dataset's pool anew (50% approved, 35% new, 15% evaluation), records a baseline of the approved rows, and judges
 * the clean candidate (in two orders, which are compared) and, for the first seeds, each attack of the evaluation
 * ({@link ResplitAttack}). Every judgement is made at the shipped level (0.001) and, where it passed, again at 0.01
 * and 0.05.
 *
 * <pre>bench/poisoning-resplits.sh [clean seeds] [attack seeds] [threads]   (default 200 50 2)</pre>
 */
final class ResplitStudy {
    static final List<String> DATASETS = PoisoningEvaluationTest.DATASETS;
    static final double[] LEVELS = {0.001, 0.01, 0.05};
    static final String CLEAN = "clean";

    /**
     * One candidate judged at every level. {@code failed[i]} is the verdict of a judgement with every configurable
     * level at {@code LEVELS[i]}; {@code fromStats[i]} the verdict recomputed from the shipped judgement's statistics.
     */
    record Outcome(String dataset, String caseName, int seed, boolean[] failed, boolean[] fromStats,
            List<List<String>> causes, List<List<String>> aloneCauses, List<String> shippedDetails, int poisoned, int caught, OrderCheck order) {
    }

    /**
     * A clean split judged in a second, shuffled order (at the shipped level): its verdict, and what differs from
     * the first order's judgement (fired signals or named rows), empty when they agree. Null for attacks.
     */
    record OrderCheck(boolean shuffledFailed, List<String> shuffledCauses, String difference) {
        boolean agrees() {
            return difference.isEmpty();
        }
    }

    private ResplitStudy() {
    }

    public static void main(String[] args) throws Exception {
        int cleanSeeds = args.length > 0 ? Integer.parseInt(args[0]) : 200;
        int attackSeeds = args.length > 1 ? Integer.parseInt(args[1]) : 50;
        int threads = args.length > 2 ? Integer.parseInt(args[2]) : 2;
        long start = System.nanoTime();
        List<Outcome> outcomes = run(cleanSeeds, attackSeeds, threads);
        double seconds = (System.nanoTime() - start) / 1e9;
        System.out.print(ResplitReport.markdown(outcomes));
        System.out.printf(Locale.ROOT, "%nStudy: %d clean seeds, %d attack seeds per dataset, %d threads: %.1f s%n",
                cleanSeeds, attackSeeds, threads, seconds);
    }

    /** The shipped defaults with every configurable level set to {@code level} (trigger keeps its 0.01 floor). */
    static PoisoningConfig atLevel(double level) {
        PoisoningConfig.Data table = new PoisoningConfig.Data("t.csv", null, null, null, "label", null);
        return new PoisoningConfig(null, table, null, null, null, table, null, null,
                new PoisoningConfig.LabelShift(null, level, null), new PoisoningConfig.FeatureDrift(null, level, null,
                null), new PoisoningConfig.OutOfRange(null, null, level), null,
                new PoisoningConfig.NeighbourDisagreement(null, null, null, null, level),
                new PoisoningConfig.Outliers(null, null, level),
                new PoisoningConfig.Trigger(null, null, null, Math.max(0.01, level)), null,
                new PoisoningConfig.ModelDisagreement(null, level), new PoisoningConfig.CovarianceOutliers(null, level),
                new PoisoningConfig.ClassOutliers(null, level),
                new PoisoningConfig.CorroboratedDisagreement(null, level), null, null);
    }

    /** The split seed of seed number {@code s} of a dataset: fixed, and different per dataset. */
    static long splitSeed(String dataset, int s) {
        return (20261202L * 31 + dataset.hashCode()) * 1_000_003L + s;
    }

    static List<Outcome> run(int cleanSeeds, int attackSeeds, int threads) throws Exception {
        Path work = Files.createTempDirectory("aigate-resplit");
        try {
            Map<String, ResplitPool> pools = new TreeMap<>();
            for (String dataset : DATASETS) {
                pools.put(dataset, ResplitPool.load(dataset, work));
            }
            ExecutorService executor = Executors.newFixedThreadPool(threads);
            try {
                List<Future<List<Outcome>>> tasks = new ArrayList<>();
                for (String dataset : DATASETS) {
                    for (int s = 0; s < Math.max(cleanSeeds, attackSeeds); s++) {
                        int seed = s;
                        boolean clean = s < cleanSeeds;
                        boolean attacks = s < attackSeeds;
                        tasks.add(executor.submit(() -> seed(pools.get(dataset), seed, clean, attacks)));
                    }
                }
                List<Outcome> outcomes = new ArrayList<>();
                for (Future<List<Outcome>> task : tasks) {
                    outcomes.addAll(task.get());
                }
                return outcomes;
            } catch (ExecutionException e) {
                throw e.getCause() instanceof Exception cause ? cause : e;
            } finally {
                executor.shutdownNow();
            }
        } finally {
            deleteTree(work);
        }
    }

    /** Everything judged on one split: the clean candidate and (when {@code attacks}) each attack. One thread. */
    static List<Outcome> seed(ResplitPool pool, int s, boolean clean, boolean attacks) {
        return seed(pool, pool.split(splitSeed(pool.dataset(), s)), s, clean, attacks);
    }

    static List<Outcome> seed(ResplitPool pool, ResplitPool.Split split, int s, boolean clean, boolean attacks) {
        Baseline baseline = BaselineBuilder.compute(ResplitCandidate.of(pool, split.approved()).table("approved"),
                PoisoningConfig.DEFAULT_NEIGHBOURS, 1, "test", List.of(), List.of());
        Table evaluation = ResplitCandidate.of(pool, split.evaluation()).table("evaluation");
        List<Outcome> out = new ArrayList<>();
        if (clean) {
            out.add(clean(split, baseline, evaluation, s));
        }
        if (attacks) {
            for (ResplitAttack attack : ResplitAttack.values()) {
                SplittableRandom random = new SplittableRandom(split.seed() * 31 + attack.ordinal() + 1);
                out.add(judgeAtLevels(attack.apply(split, random), attack.caseName, split, baseline, evaluation, s));
            }
        }
        return out;
    }

    /**
     * The clean candidate, and the same rows shuffled. The check is meant to be order-independent; where the two
     * judgements differ the difference is recorded (the study reports it), not thrown, so the rates still come out.
     */
    static Outcome clean(ResplitPool.Split split, Baseline baseline, Table evaluation, int s) {
        ResplitCandidate inOrder = ResplitCandidate.approvedThenNew(split);
        ResplitCandidate shuffled = shuffled(inOrder, split);
        ResplitRun a = ResplitRun.judge(inOrder, inOrder.table("clean"), baseline, evaluation, atLevel(LEVELS[0]), 1);
        ResplitRun b = ResplitRun.judge(shuffled, shuffled.table("shuffled"), baseline, evaluation,
                atLevel(LEVELS[0]), 1);
        OrderCheck order = new OrderCheck(b.failed(), b.causes(), difference(a, b));
        return judgeAtLevels(inOrder, CLEAN, split, baseline, evaluation, s, a, order);
    }

    static ResplitCandidate shuffled(ResplitCandidate candidate, ResplitPool.Split split) {
        return candidate.reordered(ResplitPool.permutation(candidate.rows(), new SplittableRandom(split.seed() * 31)));
    }

    /** What differs between two judgements of the same rows: fired signals, named rows; empty when nothing. */
    static String difference(ResplitRun a, ResplitRun b) {
        List<String> out = new ArrayList<>();
        if (!a.fired().equals(b.fired())) {
            out.add("fired " + a.fired() + " vs " + b.fired());
        }
        if (!a.flagged().equals(b.flagged())) {
            out.add(a.flagged().size() + " vs " + b.flagged().size() + " rows named, "
                    + a.flagged().stream().filter(r -> !b.flagged().contains(r)).count() + " and "
                    + b.flagged().stream().filter(r -> !a.flagged().contains(r)).count() + " by one order only");
        }
        return String.join("; ", out);
    }

    static Outcome judgeAtLevels(ResplitCandidate candidate, String caseName, ResplitPool.Split split,
            Baseline baseline, Table evaluation, int s) {
        Table table = candidate.table(caseName);
        ResplitRun shipped = ResplitRun.judge(candidate, table, baseline, evaluation, atLevel(LEVELS[0]), 1);
        return judgeAtLevels(candidate, caseName, split, baseline, evaluation, s, shipped, null);
    }

    /**
     * Re-judges at each looser level only while the verdict is a pass: the verdict cannot turn back to a pass at a
     * looser level (every test's p-value and every alone-significant tier only admit more at a larger level, and the
     * corroborated signal, whose firing changes what the neighbour and model signals judge, fails the table itself).
     */
    private static Outcome judgeAtLevels(ResplitCandidate candidate, String caseName, ResplitPool.Split split,
            Baseline baseline, Table evaluation, int s, ResplitRun shipped, OrderCheck order) {
        boolean[] failed = new boolean[LEVELS.length];
        boolean[] fromStats = new boolean[LEVELS.length];
        List<List<String>> causes = new ArrayList<>();
        List<List<String>> alone = new ArrayList<>();
        ResplitRun run = shipped;
        Table table = null;
        for (int i = 0; i < LEVELS.length; i++) {
            if (i > 0 && !run.failed()) {
                table = table == null ? candidate.table(caseName) : table;
                run = ResplitRun.judge(candidate, table, baseline, evaluation, atLevel(LEVELS[i]), 1);
            }
            failed[i] = run.failed();
            fromStats[i] = shipped.failedFromStats(LEVELS[i]);
            causes.add(run.causes());
            alone.add(run.aloneCauses(LEVELS[i]));
        }
        return new Outcome(split.pool().dataset(), caseName, s, failed, fromStats, causes, alone, shipped.causeDetails(),
                candidate.poisoned().size(), shipped.caught(candidate.poisoned()), order);
    }

    private static void deleteTree(Path dir) throws IOException {
        try (var paths = Files.walk(dir)) {
            paths.sorted(Comparator.reverseOrder()).forEach(p -> {
                try {
                    Files.delete(p);
                } catch (IOException e) {
                    throw new UncheckedIOException(e);
                }
            });
        }
    }
}
