package dev.aigate.checks.poisoning;

import dev.aigate.core.InputException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * Collects a table row by row for the readers, enforcing the bounds every reader shares: cells, distinct classes and
 * categories, and the length of a label or category value.
 */
final class TableBuilder {
    static final int MAX_CLASSES = 10_000;
    static final int MAX_CATEGORIES = 100_000;
    static final int MAX_TEXT_CHARS = 256;

    private final Path file;
    private final List<String> featureNames;
    private final String labelName;
    private final long maxCells;
    private final boolean[] categorical;
    private final List<Map<String, Integer>> categoryIndex = new ArrayList<>();
    private final List<List<String>> categories = new ArrayList<>();
    private final Map<String, Integer> classIndex = new HashMap<>();
    private final List<String> classes = new ArrayList<>();
    private double[] x = new double[1024];
    private int[] labels = new int[256];
    private int[] rowNumbers = new int[256];
    private int rows;
    private int cell;

    TableBuilder(Path file, List<String> featureNames, String labelName, boolean[] categorical, long maxCells) {
        this.file = file;
        this.featureNames = List.copyOf(featureNames);
        this.labelName = labelName;
        this.categorical = categorical.clone();
        this.maxCells = maxCells;
        for (boolean isCategorical : categorical) {
            categoryIndex.add(isCategorical ? new HashMap<>() : null);
            categories.add(isCategorical ? new ArrayList<>() : null);
        }
    }

    int features() {
        return featureNames.size();
    }

    int rows() {
        return rows;
    }

    boolean isCategorical(int feature) {
        return categorical[feature];
    }

    /** Starts a row; {@code where} names it in messages ("line 12", "row 7"). */
    void startRow(int rowNumber, String where) {
        if ((long) (rows + 1) * Math.max(1, features()) > maxCells) {
            throw new InputException(file, where + ": more than " + maxCells + " feature values (" + rows
                    + " rows read); the limit bounds memory");
        }
        if (rows == labels.length) {
            labels = Arrays.copyOf(labels, rows * 2);
            rowNumbers = Arrays.copyOf(rowNumbers, rows * 2);
        }
        rowNumbers[rows] = rowNumber;
        cell = 0;
    }

    void number(double value) {
        ensure();
        x[rows * features() + cell++] = value;
    }

    void category(String value, String where) {
        int feature = cell;
        if (value.length() > MAX_TEXT_CHARS) {
            throw new InputException(file, where + ", column '" + featureNames.get(feature) + "': value is longer"
                    + " than " + MAX_TEXT_CHARS + " characters");
        }
        Map<String, Integer> index = categoryIndex.get(feature);
        Integer code = index.get(value);
        if (code == null) {
            if (index.size() >= MAX_CATEGORIES) {
                throw new InputException(file, where + ", column '" + featureNames.get(feature) + "': more than "
                        + MAX_CATEGORIES + " distinct values in a categorical column");
            }
            code = index.size();
            index.put(value, code);
            categories.get(feature).add(value);
        }
        ensure();
        x[rows * features() + cell++] = code;
    }

    void label(String value, String where) {
        if (value.length() > MAX_TEXT_CHARS) {
            throw new InputException(file, where + ", column '" + labelName + "': label is longer than "
                    + MAX_TEXT_CHARS + " characters");
        }
        if (value.isEmpty()) {
            throw new InputException(file, where + ", column '" + labelName + "': the label is empty");
        }
        Integer code = classIndex.get(value);
        if (code == null) {
            if (classes.size() >= MAX_CLASSES) {
                throw new InputException(file, where + ", column '" + labelName + "': more than " + MAX_CLASSES
                        + " distinct labels");
            }
            code = classes.size();
            classIndex.put(value, code);
            classes.add(value);
        }
        labels[rows] = code;
    }

    void endRow() {
        rows++;
    }

    private void ensure() {
        int needed = rows * features() + cell + 1;
        if (needed > x.length) {
            x = Arrays.copyOf(x, (int) Math.min(Integer.MAX_VALUE - 8, Math.max(needed, (long) x.length * 2)));
        }
    }

    Table build(List<Path> files, boolean rowsAreLines) {
        return new Table(files, featureNames, labelName, Arrays.copyOf(x, rows * features()),
                Arrays.copyOf(labels, rows), List.copyOf(classes), rows, features(), Arrays.copyOf(rowNumbers, rows),
                rowsAreLines, java.util.Collections.unmodifiableList(new ArrayList<>(categories)));
    }
}
