package dev.aigate.checks.poisoning;

import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;

/**
 * The attacks of tools/poisoning/make_poisoning_eval.py that change only the new rows, applied to a split in Java:
 * the same shares, minimum counts and rounding (Python's {@code round} is half-to-even, as {@link Math#rint}).
 */
enum ResplitAttack {
    FLIP_2PCT("flip-2pct"),
    FLIP_5PCT("flip-5pct"),
    FLIP_10PCT("flip-10pct"),
    TARGETED_FLIP("targeted-flip"),
    INJECTED_OOD("injected-ood");

    final String caseName;

    ResplitAttack(String caseName) {
        this.caseName = caseName;
    }

    /** The approved rows, then the new rows changed by this attack (rows it adds come last). */
    ResplitCandidate apply(ResplitPool.Split split, SplittableRandom random) {
        ResplitCandidate candidate = ResplitCandidate.approvedThenNew(split);
        int first = split.approved().length;
        int fresh = split.newRows().length;
        switch (this) {
            case FLIP_2PCT -> flip(candidate, first, fresh, 0.02, split.pool().classes(), random);
            case FLIP_5PCT -> flip(candidate, first, fresh, 0.05, split.pool().classes(), random);
            case FLIP_10PCT -> flip(candidate, first, fresh, 0.10, split.pool().classes(), random);
            case TARGETED_FLIP -> targetedFlip(candidate, first, split.pool().classes());
            case INJECTED_OOD -> injectOutOfDistribution(candidate, split, random);
            default -> throw new AssertionError(this);
        }
        return candidate;
    }

    static int count(double fraction, int newRows, int minimum) {
        return Math.max(minimum, (int) Math.rint(fraction * newRows));
    }

    /** That share of the new rows (at least 2) relabelled to a random other class. */
    private static void flip(ResplitCandidate candidate, int first, int fresh, double fraction, List<String> classes,
            SplittableRandom random) {
        int[] order = ResplitPool.permutation(fresh, random);
        for (int i = 0; i < count(fraction, fresh, 2); i++) {
            int row = first + order[i];
            List<String> others = new ArrayList<>(classes);
            others.remove(candidate.label(row));
            candidate.relabel(row, others.get(random.nextInt(others.size())));
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
        int features = pool.featureNames().size();
        double[] lo = new double[features];
        double[] hi = new double[features];
        java.util.Arrays.fill(lo, Double.POSITIVE_INFINITY);
        java.util.Arrays.fill(hi, Double.NEGATIVE_INFINITY);
        for (int row : split.approved()) {
            for (int f = 0; f < features; f++) {
                lo[f] = Math.min(lo[f], pool.rows()[row][f]);
                hi[f] = Math.max(hi[f], pool.rows()[row][f]);
            }
        }
        boolean integers = pool.dataset().equals("digits"); // the generator rounds digits' pixel values
        for (int i = 0; i < count(0.03, split.newRows().length, 3); i++) {
            double[] row = new double[features];
            for (int f = 0; f < features; f++) {
                double v = lo[f] + random.nextDouble() * (hi[f] - lo[f]);
                row[f] = integers ? Math.rint(v) : v;
            }
            candidate.inject(row, pool.classes().get(random.nextInt(pool.classes().size())));
        }
    }
}
