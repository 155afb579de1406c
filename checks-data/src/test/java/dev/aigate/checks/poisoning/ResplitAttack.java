package dev.aigate.checks.poisoning;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.SplittableRandom;

/**
 * The attacks of tools/poisoning/make_poisoning_eval.py ({@code cases}), applied to a split in Java: the same shares,
 * minimum counts and rounding (Python's {@code round} is half-to-even, as {@link Math#rint}), with bounds, spreads
 * and quantiles taken from the split's own approved rows as the generator takes them. New attacks go last: an
 * attack's random stream is seeded by its ordinal.
 */
enum ResplitAttack {
    FLIP_2PCT("flip-2pct"),
    FLIP_5PCT("flip-5pct"),
    FLIP_10PCT("flip-10pct"),
    TARGETED_FLIP("targeted-flip"),
    INJECTED_OOD("injected-ood"),
    CONFLICTING_DUPLICATES("conflicting-duplicates"),
    FEATURE_OUT_OF_RANGE("feature-out-of-range"),
    CLASS_DROPPED("class-dropped"),
    TRIGGER("trigger"),
    EVAL_OVERLAP("eval-overlap"),
    APPROVED_RELABELLED("approved-relabelled");

    final String caseName;

    ResplitAttack(String caseName) {
        this.caseName = caseName;
    }

    /**
     * The approved rows, then the new rows, changed by this attack: rows it adds come last; only approved-relabelled
     * and class-dropped touch approved rows.
     */
    ResplitCandidate apply(ResplitPool.Split split, SplittableRandom random) {
        ResplitCandidate candidate = ResplitCandidate.approvedThenNew(split);
        int first = split.approved().length;
        int fresh = split.newRows().length;
        List<String> classes = split.pool().classes();
        switch (this) {
            case FLIP_2PCT -> flip(candidate, first, fresh, 0.02, classes, random);
            case FLIP_5PCT -> flip(candidate, first, fresh, 0.05, classes, random);
            case FLIP_10PCT -> flip(candidate, first, fresh, 0.10, classes, random);
            case TARGETED_FLIP -> targetedFlip(candidate, first, classes);
            case INJECTED_OOD -> injectOutOfDistribution(candidate, split, random);
            case CONFLICTING_DUPLICATES -> conflictingDuplicates(candidate, split, random);
            case FEATURE_OUT_OF_RANGE -> featureOutOfRange(candidate, split, random);
            case CLASS_DROPPED -> classDropped(candidate, classes, random);
            case TRIGGER -> trigger(candidate, split, random);
            case EVAL_OVERLAP -> evalOverlap(candidate, split, random);
            case APPROVED_RELABELLED -> approvedRelabelled(candidate, first, classes, random);
            default -> throw new AssertionError(this);
        }
        return candidate;
    }

    /** The generator's {@code count}: that share of {@code rows}, rounded half to even, at least {@code minimum}. */
    static int count(double fraction, int rows, int minimum) {
        return Math.max(minimum, (int) Math.rint(fraction * rows));
    }

    /** That share of the new rows (at least 2) relabelled to a random other class. */
    private static void flip(ResplitCandidate candidate, int first, int fresh, double fraction, List<String> classes,
            SplittableRandom random) {
        int[] order = ResplitPool.permutation(fresh, random);
        for (int i = 0; i < count(fraction, fresh, 2); i++) {
            int row = first + order[i];
            candidate.relabel(row, otherLabel(candidate.label(row), classes, random));
        }
    }

    /**
     * 40% of the new rows of the first class (at least 2) relabelled to the second. The generator draws which ones at
     * random; here the first of them in split order, which is as random (the split is).
     */
    private static void targetedFlip(ResplitCandidate candidate, int first, List<String> classes) {
        List<Integer> members = new ArrayList<>();
        for (int row = first; row < candidate.rows(); row++) {
            if (candidate.label(row).equals(classes.get(0))) {
                members.add(row);
            }
        }
        int take = Math.min(members.size(), Math.max(2, (int) Math.rint(0.4 * members.size())));
        for (int i = 0; i < take; i++) {
            candidate.relabel(members.get(i), classes.get(1));
        }
    }

    /** 3% of the new-row count (at least 3) rows uniform in the approved rows' bounding box, random labels. */
    private static void injectOutOfDistribution(ResplitCandidate candidate, ResplitPool.Split split,
            SplittableRandom random) {
        ResplitPool pool = split.pool();
        double[] lo = ApprovedColumns.min(split);
        double[] hi = ApprovedColumns.max(split);
        for (int i = 0; i < count(0.03, split.newRows().length, 3); i++) {
            double[] row = new double[lo.length];
            for (int f = 0; f < row.length; f++) {
                double v = lo[f] + random.nextDouble() * (hi[f] - lo[f]);
                row[f] = isDigits(pool) ? Math.rint(v) : v;
            }
            candidate.inject(row, pool.classes().get(random.nextInt(pool.classes().size())));
        }
    }

    /**
     * 3% of the new-row count (at least 3) copies of distinct approved rows, each with a random other label; every
     * second copy nudged by 0.1% of the approved standard deviation, up or down per feature (digits rounded to 3
     * decimals, as {@code np.round(x, 3)}).
     */
    private static void conflictingDuplicates(ResplitCandidate candidate, ResplitPool.Split split,
            SplittableRandom random) {
        ResplitPool pool = split.pool();
        double[] std = ApprovedColumns.std(split);
        int[] picks = choose(split.approved().length, count(0.03, split.newRows().length, 3), random);
        for (int i = 0; i < picks.length; i++) {
            int source = split.approved()[picks[i]];
            double[] row = pool.rows()[source].clone();
            String label = otherLabel(pool.labels()[source], pool.classes(), random);
            for (int f = 0; f < row.length; f++) {
                double nudged = i % 2 == 1 ? row[f] + 1e-3 * std[f] * (random.nextBoolean() ? 1 : -1) : row[f];
                row[f] = isDigits(pool) ? Math.rint(nudged * 1000) / 1000 : nudged;
            }
            candidate.inject(row, label);
        }
    }

    /** The widest approved feature (the first, on ties) set to max + 3 spans in 3% (at least 3) of the new rows. */
    private static void featureOutOfRange(ResplitCandidate candidate, ResplitPool.Split split,
            SplittableRandom random) {
        double[] lo = ApprovedColumns.min(split);
        double[] hi = ApprovedColumns.max(split);
        int widest = 0;
        for (int f = 1; f < lo.length; f++) {
            widest = hi[f] - lo[f] > hi[widest] - lo[widest] ? f : widest;
        }
        int fresh = split.newRows().length;
        for (int row : choose(fresh, count(0.03, fresh, 3), random)) {
            candidate.setValue(split.approved().length + row, widest, hi[widest] + 3 * (hi[widest] - lo[widest]));
        }
    }

    /** 80% of the last class's rows, approved and new alike, removed. Nothing is poisoned row by row. */
    private static void classDropped(ResplitCandidate candidate, List<String> classes, SplittableRandom random) {
        List<Integer> members = rowsWhere(candidate, 0, label -> label.equals(classes.get(classes.size() - 1)));
        Set<Integer> dropped = new HashSet<>();
        for (int i : choose(members.size(), (int) Math.rint(0.8 * members.size()), random)) {
            dropped.add(members.get(i));
        }
        candidate.remove(dropped);
    }

    /**
     * 3% of the new-row count (at least 5) new rows of other classes than the first get the trigger features set to
     * their approved maximum, and are relabelled to the first class.
     */
    private static void trigger(ResplitCandidate candidate, ResplitPool.Split split, SplittableRandom random) {
        String target = split.pool().classes().get(0);
        double[] hi = ApprovedColumns.max(split);
        int[] features = triggerFeatures(split);
        List<Integer> others = rowsWhere(candidate, split.approved().length, label -> !label.equals(target));
        for (int i : choose(others.size(), count(0.03, split.newRows().length, 5), random)) {
            int row = others.get(i);
            for (int f : features) {
                candidate.setValue(row, f, hi[f]);
            }
            candidate.relabel(row, target);
        }
    }

    /**
     * The generator's trigger features: the 2 or 3 ({@code max(2, min(3, d // 2))}) whose approved maximum lies
     * furthest above the approved 99th percentile, relative to the span; ties in feature order (a stable sort).
     */
    static int[] triggerFeatures(ResplitPool.Split split) {
        double[] lo = ApprovedColumns.min(split);
        double[] hi = ApprovedColumns.max(split);
        double[] q99 = ApprovedColumns.quantile(split, 0.99);
        double[] gap = new double[hi.length];
        for (int f = 0; f < gap.length; f++) {
            double span = hi[f] - lo[f];
            gap[f] = (hi[f] - q99[f]) / (span > 0 ? span : 1);
        }
        List<Integer> order = new ArrayList<>();
        for (int f = 0; f < gap.length; f++) {
            order.add(f);
        }
        order.sort((a, b) -> gap[a] > gap[b] ? -1 : gap[a] < gap[b] ? 1 : 0); // List.sort is stable
        int take = Math.max(2, Math.min(3, gap.length / 2));
        return order.subList(0, take).stream().mapToInt(Integer::intValue).toArray();
    }

    /** 3% of the new-row count (at least 3) distinct rows of the split's evaluation part added as new rows. */
    private static void evalOverlap(ResplitCandidate candidate, ResplitPool.Split split, SplittableRandom random) {
        for (int i : choose(split.evaluation().length, count(0.03, split.newRows().length, 3), random)) {
            candidate.leak(split.evaluation()[i]);
        }
    }

    /** 5% of the approved rows (at least 2) relabelled in place to a random other class. */
    private static void approvedRelabelled(ResplitCandidate candidate, int approved, List<String> classes,
            SplittableRandom random) {
        for (int row : choose(approved, count(0.05, approved, 2), random)) {
            candidate.relabel(row, otherLabel(candidate.label(row), classes, random));
        }
    }

    /** {@code k} distinct indices below {@code n} in random order (the generator's {@code rng.choice(n, k, False)}). */
    static int[] choose(int n, int k, SplittableRandom random) {
        if (k > n) {
            throw new IllegalArgumentException("cannot choose " + k + " of " + n);
        }
        return Arrays.copyOf(ResplitPool.permutation(n, random), k);
    }

    private static String otherLabel(String label, List<String> classes, SplittableRandom random) {
        List<String> others = new ArrayList<>(classes);
        others.remove(label);
        return others.get(random.nextInt(others.size()));
    }

    /** The table rows from {@code from} on whose label passes {@code test}. */
    private static List<Integer> rowsWhere(ResplitCandidate candidate, int from,
            java.util.function.Predicate<String> test) {
        List<Integer> out = new ArrayList<>();
        for (int row = from; row < candidate.rows(); row++) {
            if (test.test(candidate.label(row))) {
                out.add(row);
            }
        }
        return out;
    }

    /** The generator rounds digits' pixel values. */
    private static boolean isDigits(ResplitPool pool) {
        return pool.dataset().equals("digits");
    }

    /** Per-feature statistics of a split's approved rows, as the generator computes them on {@code X[A]}. */
    static final class ApprovedColumns {
        private ApprovedColumns() {
        }

        static double[] column(ResplitPool.Split split, int feature) {
            double[] out = new double[split.approved().length];
            for (int i = 0; i < out.length; i++) {
                out[i] = split.pool().rows()[split.approved()[i]][feature];
            }
            return out;
        }

        static int features(ResplitPool.Split split) {
            return split.pool().featureNames().size();
        }

        static double[] min(ResplitPool.Split split) {
            double[] out = new double[features(split)];
            for (int f = 0; f < out.length; f++) {
                out[f] = Arrays.stream(column(split, f)).min().orElseThrow();
            }
            return out;
        }

        static double[] max(ResplitPool.Split split) {
            double[] out = new double[features(split)];
            for (int f = 0; f < out.length; f++) {
                out[f] = Arrays.stream(column(split, f)).max().orElseThrow();
            }
            return out;
        }

        /** numpy's {@code std}: the population standard deviation (ddof 0). */
        static double[] std(ResplitPool.Split split) {
            double[] out = new double[features(split)];
            for (int f = 0; f < out.length; f++) {
                double[] values = column(split, f);
                double mean = Arrays.stream(values).average().orElseThrow();
                out[f] = Math.sqrt(Arrays.stream(values).map(v -> (v - mean) * (v - mean)).average().orElseThrow());
            }
            return out;
        }

        static double[] quantile(ResplitPool.Split split, double q) {
            double[] out = new double[features(split)];
            for (int f = 0; f < out.length; f++) {
                out[f] = linearQuantile(column(split, f), q);
            }
            return out;
        }
    }

    /**
     * numpy's default ({@code method="linear"}) quantile: virtual index (n - 1) q in the sorted values, interpolated
     * between its neighbours as numpy's {@code _lerp} does (from the upper neighbour when the weight is at least 0.5),
     * the maximum when the index is at or past the last.
     */
    static double linearQuantile(double[] values, double q) {
        double[] sorted = values.clone();
        Arrays.sort(sorted);
        double index = (sorted.length - 1) * q;
        if (index >= sorted.length - 1) {
            return sorted[sorted.length - 1];
        }
        int below = (int) Math.floor(index);
        double weight = index - below;
        double a = sorted[below];
        double b = sorted[below + 1];
        double diff = b - a;
        return weight >= 0.5 ? b - diff * (1 - weight) : a + diff * weight;
    }
}
