package dev.aigate.checks.poisoning;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;
import java.util.TreeSet;

/**
 * One dataset's rows for the resplit study: the committed fixture's approved, new and evaluation rows together
 * ({@code clean-new.csv.gz} and {@code evaluation.csv.gz}), to be split again at random with the generator's shares.
 *
 * @param classes the distinct labels in sorted order (the generator's {@code np.unique}); attacks draw from them
 */
record ResplitPool(String dataset, List<String> featureNames, double[][] rows, String[] labels, List<String> classes) {
    /** The shares of tools/poisoning/make_poisoning_eval.py: half approved, 35% new, the rest evaluation. */
    static final double NEW_SHARE = 0.35;

    /** The approved, new and evaluation rows of one split, as indices into the pool. */
    record Split(ResplitPool pool, long seed, int[] approved, int[] newRows, int[] evaluation) {
    }

    static ResplitPool load(String dataset, Path work) {
        List<double[]> rows = new ArrayList<>();
        List<String> labels = new ArrayList<>();
        List<String> names = null;
        for (String file : List.of("clean-new.csv.gz", "evaluation.csv.gz")) {
            Table table = Evaluation.read(Evaluation.gunzip(Evaluation.ROOT.resolve(dataset).resolve(file), work));
            names = table.featureNames();
            for (int r = 0; r < table.rows(); r++) {
                double[] row = new double[table.features()];
                System.arraycopy(table.x(), r * table.features(), row, 0, table.features());
                rows.add(row);
                labels.add(table.classes().get(table.labels()[r]));
            }
        }
        // Numeric order where the labels are numbers ("2" before "10"), as np.unique orders the generator's classes.
        TreeSet<String> classes = new TreeSet<>((a, b) -> a.length() != b.length() ? a.length() - b.length()
                : a.compareTo(b));
        classes.addAll(labels);
        return new ResplitPool(dataset, names, rows.toArray(new double[0][]), labels.toArray(new String[0]),
                List.copyOf(classes));
    }

    int size() {
        return rows.length;
    }

    /** A random split: the pool permuted by {@code seed}, then cut at the generator's shares. */
    Split split(long seed) {
        int[] order = permutation(size(), new SplittableRandom(seed));
        int approved = size() / 2;
        int fresh = (int) Math.rint(size() * NEW_SHARE); // Python's round: half to even (iris: 52.5 -> 52)
        return new Split(this, seed, slice(order, 0, approved), slice(order, approved, approved + fresh),
                slice(order, approved + fresh, size()));
    }

    static int[] permutation(int n, SplittableRandom random) {
        int[] order = new int[n];
        for (int i = 0; i < n; i++) {
            order[i] = i;
        }
        for (int i = n - 1; i > 0; i--) {
            int j = random.nextInt(i + 1);
            int swap = order[i];
            order[i] = order[j];
            order[j] = swap;
        }
        return order;
    }

    private static int[] slice(int[] order, int from, int to) {
        int[] out = new int[to - from];
        System.arraycopy(order, from, out, 0, out.length);
        return out;
    }
}
