package dev.aigate.checks.poisoning;

import dev.aigate.formats.npy.NpyReader;
import dev.aigate.core.InputException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * Reads a labelled table from two NumPy files: features of shape (rows, features) and labels of shape (rows,) or
 * (rows, 1). Features are named {@code f0, f1, ...}; labels must be whole numbers (their decimal text is the class).
 */
final class NpyTableReader {
    private NpyTableReader() {
    }

    static Table read(Path featuresFile, Path labelsFile, List<String> categoricalColumns, boolean allowMissing,
            long maxCells) {
        NpyReader.NpyArray features = NpyReader.read(featuresFile, maxCells);
        NpyReader.NpyArray labels = NpyReader.read(labelsFile, maxCells);
        return build(featuresFile, features, labelsFile, labels, categoricalColumns, allowMissing, maxCells);
    }

    static Table build(Path featuresFile, NpyReader.NpyArray features, Path labelsFile, NpyReader.NpyArray labels,
            List<String> categoricalColumns, boolean allowMissing, long maxCells) {
        if (features.shape().length != 2) {
            throw new InputException(featuresFile, "features have shape " + NpyReader.shapeText(features.shape())
                    + "; expected (rows, features)");
        }
        long n = features.shape()[0];
        long d = features.shape()[1];
        if (d < 1) {
            throw new InputException(featuresFile, "features have shape " + NpyReader.shapeText(features.shape())
                    + ": no feature columns");
        }
        if (n < 1) {
            throw new InputException(featuresFile, "features have no rows");
        }
        if (labels.shape().length != 1 && !(labels.shape().length == 2 && labels.shape()[1] == 1)) {
            throw new InputException(labelsFile, "labels have shape " + NpyReader.shapeText(labels.shape())
                    + "; expected one label per row, e.g. (" + n + ",)");
        }
        if (labels.shape()[0] != n) {
            throw new InputException(labelsFile, labels.shape()[0] + " labels for " + n + " rows in "
                    + featuresFile.getFileName());
        }
        List<String> names = new ArrayList<>();
        for (int f = 0; f < d; f++) {
            names.add("f" + f);
        }
        boolean[] categorical = new boolean[(int) d];
        for (String name : categoricalColumns) {
            int index = names.indexOf(name);
            if (index < 0) {
                throw new InputException(featuresFile, "categorical column '" + name + "' is not a feature (NumPy"
                        + " features are named f0 to f" + (d - 1) + ")");
            }
            categorical[index] = true;
        }
        TableBuilder table = new TableBuilder(featuresFile, names, "labels", categorical, maxCells);
        double[] x = features.values();
        double[] y = labels.values();
        for (int r = 0; r < n; r++) {
            String where = "row " + (r + 1);
            table.startRow(r + 1, where);
            for (int f = 0; f < d; f++) {
                double value = x[(int) (r * d + f)];
                if (Double.isNaN(value)) {
                    if (!allowMissing) {
                        throw new InputException(featuresFile, where + ", feature f" + f + ": missing value (NaN);"
                                + " set 'allowMissing: true' to accept missing values");
                    }
                } else if (Double.isInfinite(value)) {
                    throw new InputException(featuresFile, where + ", feature f" + f + ": value is infinite");
                }
                if (categorical[f]) {
                    table.category(Double.isNaN(value) ? "" : Text.num(value), where);
                } else {
                    table.number(value);
                }
            }
            double label = y[r];
            if (!Double.isFinite(label) || label != Math.rint(label) || Math.abs(label) > 1e15) {
                throw new InputException(labelsFile, where + ": label " + label + " is not a whole number");
            }
            table.label(String.valueOf((long) label), where);
            table.endRow();
        }
        return table.build(List.of(featuresFile, labelsFile), false);
    }
}
