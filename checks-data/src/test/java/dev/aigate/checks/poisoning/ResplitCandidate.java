package dev.aigate.checks.poisoning;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;

/**
 * A table to judge, built in memory row by row (through {@link TableBuilder}, as the readers build theirs), with
 * where each row came from: its pool index, or a negative id for a row an attack made up. The rows an attack changed
 * or added are its {@code poisoned} ids.
 */
final class ResplitCandidate {
    private final ResplitPool pool;
    private final List<double[]> values = new ArrayList<>();
    private final List<String> labels = new ArrayList<>();
    private final List<Integer> origins = new ArrayList<>();
    private final Set<Integer> poisoned = new HashSet<>();
    private int injected;

    ResplitCandidate(ResplitPool pool) {
        this.pool = pool;
    }

    /** The approved rows followed by the new rows, as the generator's candidates are. */
    static ResplitCandidate approvedThenNew(ResplitPool.Split split) {
        ResplitCandidate candidate = new ResplitCandidate(split.pool());
        candidate.addPoolRows(split.approved());
        candidate.addPoolRows(split.newRows());
        return candidate;
    }

    static ResplitCandidate of(ResplitPool pool, int[] rows) {
        ResplitCandidate candidate = new ResplitCandidate(pool);
        candidate.addPoolRows(rows);
        return candidate;
    }

    void addPoolRows(int[] rows) {
        for (int row : rows) {
            values.add(pool.rows()[row]);
            labels.add(pool.labels()[row]);
            origins.add(row);
        }
    }

    /** Appends a row that is in no split; it counts as poisoned. */
    void inject(double[] row, String label) {
        int id = -1 - injected++;
        values.add(row);
        labels.add(label);
        origins.add(id);
        poisoned.add(id);
    }

    /** Appends a row of the pool that belongs elsewhere (an evaluation row); it counts as poisoned. */
    void leak(int poolRow) {
        addPoolRows(new int[] {poolRow});
        poisoned.add(poolRow);
    }

    /** Sets one value of the table row at {@code index} (on a copy: pool rows are shared); it counts as poisoned. */
    void setValue(int index, int feature, double value) {
        double[] row = values.get(index).clone();
        row[feature] = value;
        values.set(index, row);
        poisoned.add(origins.get(index));
    }

    /** Removes the table rows at these indices; a removed row is gone, not poisoned. */
    void remove(Set<Integer> indices) {
        for (int index = values.size() - 1; index >= 0; index--) {
            if (indices.contains(index)) {
                values.remove(index);
                labels.remove(index);
                origins.remove(index);
            }
        }
    }

    /** Relabels the table row at {@code index}; it counts as poisoned. */
    void relabel(int index, String label) {
        labels.set(index, label);
        poisoned.add(origins.get(index));
    }

    int rows() {
        return values.size();
    }

    String label(int index) {
        return labels.get(index);
    }

    double[] values(int index) {
        return values.get(index).clone();
    }

    int origin(int index) {
        return origins.get(index);
    }

    Set<Integer> poisoned() {
        return Set.copyOf(poisoned);
    }

    /** The same rows in another order (row {@code i} of the result is row {@code order[i]} of this one). */
    ResplitCandidate reordered(int[] order) {
        ResplitCandidate out = new ResplitCandidate(pool);
        for (int i : order) {
            out.values.add(values.get(i));
            out.labels.add(labels.get(i));
            out.origins.add(origins.get(i));
        }
        out.poisoned.addAll(poisoned);
        out.injected = injected;
        return out;
    }

    Table table(String name) {
        Path file = Path.of(name + ".csv");
        TableBuilder builder = new TableBuilder(file, pool.featureNames(), "label",
                new boolean[pool.featureNames().size()], Long.MAX_VALUE);
        for (int r = 0; r < values.size(); r++) {
            int line = r + 2; // as in a CSV file with a header
            builder.startRow(line, "line " + line);
            for (double v : values.get(r)) {
                builder.number(v);
            }
            builder.label(labels.get(r), "line " + line);
            builder.endRow();
        }
        return builder.build(List.of(file), true);
    }
}
