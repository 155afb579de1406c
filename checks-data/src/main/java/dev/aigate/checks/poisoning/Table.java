package dev.aigate.checks.poisoning;

import java.nio.file.Path;
import java.util.List;

/**
 * A labelled table in memory: {@code rows} rows of {@code features} values, row-major, as doubles ({@code NaN} is a
 * missing value, present only when the policy allows missing values). A categorical feature holds the index of its
 * value in {@link #categories()} for that column. Labels are indices into {@link #classes()} (in first-seen order).
 *
 * @param files the files the table was read from (a CSV or Parquet file, or NumPy features then labels)
 * @param rowNumbers for each row, its line in a CSV file or its 1-based row number otherwise
 * @param rowsAreLines whether {@code rowNumbers} are CSV lines (messages say "line") or row numbers ("row")
 * @param categories for each feature, the distinct values of a categorical column in first-seen order, or null
 */
record Table(
        List<Path> files,
        List<String> featureNames,
        String labelName,
        double[] x,
        int[] labels,
        List<String> classes,
        int rows,
        int features,
        int[] rowNumbers,
        boolean rowsAreLines,
        List<List<String>> categories) {

    double value(int row, int feature) {
        return x[row * features + feature];
    }

    boolean categorical(int feature) {
        return categories.get(feature) != null;
    }

    String where(int row) {
        return (rowsAreLines ? "line " : "row ") + rowNumbers[row];
    }

    String whereWord() {
        return rowsAreLines ? "line" : "row";
    }

    String categoryOf(int row, int feature) {
        return categories.get(feature).get((int) value(row, feature));
    }
}
