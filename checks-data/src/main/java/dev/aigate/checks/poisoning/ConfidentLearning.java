package dev.aigate.checks.poisoning;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.Callable;
import java.util.stream.IntStream;

/**
 * Confident learning (Northcutt, Jiang and Chuang, "Confident Learning: Estimating Uncertainty in Dataset Labels",
 * JAIR 2021) with a logistic regression fitted on the approved rows. Each class's threshold is the mean probability
 * the approved rows of that class get for their own label out of fold (5 folds), so a class the model is naturally
 * unsure of gets a lower bar. A row is suspect when some other class's probability clears that class's threshold
 * and is the most probable of the classes that do. The approved rows judged out of fold by the same rule are the
 * baseline's own rate. Large tables are modelled on an evenly spaced sample of the approved rows.
 */
final class ConfidentLearning {
    static final int FOLDS = 5;
    /** The model is fitted on at most this many approved rows (an evenly spaced sample), keeping large tables fast. */
    static final int MAX_MODEL_ROWS = 10_000;

    /**
     * What the approved rows say: per-class thresholds, the final model, how many approved rows were modelled, and
     * which of them (table rows, ascending) are suspects themselves out of fold.
     */
    record Fit(LogisticModel model, double[] thresholds, int sampleRows, int[] sampleSuspectRows,
            double lowestOwnProbability, double temperature) {
        /** How many approved rows are suspects out of fold: the baseline's own count. */
        int sampleSuspects() {
            return sampleSuspectRows.length;
        }

        /** The class (other than {@code label}) that clears its threshold and is the most probable such, or -1. */
        int confidentOther(double[] probabilities, int label) {
            return ConfidentLearning.confidentOther(probabilities, thresholds, label);
        }
    }

    private ConfidentLearning() {
    }

    /** Null when the features are too many for the model, or the approved rows hold fewer than two classes. */
    static Fit fit(float[] z, int dims, int[] reference, int[] label, int classes, int threads) {
        int[] sample = sample(reference, label);
        long present = Arrays.stream(sample).map(r -> label[r]).distinct().count();
        if (dims > LogisticModel.MAX_DIMS || present < 2 || sample.length < 2 * FOLDS) {
            return null;
        }
        int[] fold = folds(sample, label, classes);
        List<int[]> training = new ArrayList<>();
        for (int f = 0; f < FOLDS; f++) {
            int ff = f;
            training.add(IntStream.range(0, sample.length).filter(i -> fold[i] != ff).map(i -> sample[i]).toArray());
        }
        LogisticModel full = LogisticModel.fit(z, dims, sample, label, classes);
        LogisticModel[] models = fitAll(z, dims, training, label, classes, full, threads);
        double[][] outOfFold = new double[sample.length][classes];
        for (int i = 0; i < sample.length; i++) {
            models[fold[i]].probabilities(z, sample[i] * dims, outOfFold[i]);
        }
        double[] thresholds = new double[classes];
        long[] counts = new long[classes];
        for (int i = 0; i < sample.length; i++) {
            thresholds[label[sample[i]]] += outOfFold[i][label[sample[i]]];
            counts[label[sample[i]]]++;
        }
        for (int c = 0; c < classes; c++) {
            // A class without approved rows cannot be confidently predicted (cleanlab uses 1 as well).
            thresholds[c] = counts[c] == 0 ? 1 : thresholds[c] / counts[c];
        }
        int[] suspects = IntStream.range(0, sample.length)
                .filter(i -> confidentOther(outOfFold[i], thresholds, label[sample[i]]) >= 0).map(i -> sample[i])
                .toArray();
        double lowest = 1;
        double[][] logScores = new double[sample.length][classes];
        int[] labels = new int[sample.length];
        for (int i = 0; i < sample.length; i++) {
            lowest = Math.min(lowest, outOfFold[i][label[sample[i]]]);
            for (int c = 0; c < classes; c++) {
                logScores[i][c] = Math.log(Math.max(outOfFold[i][c], 1e-300));
            }
            labels[i] = label[sample[i]];
        }
        // How overconfident the model is out of fold: its probabilities are tempered by this before a few labels are
        // taken as significant on their own.
        return new Fit(full, thresholds, sample.length, suspects, lowest, Temperature.fit(logScores, labels,
                sample.length));
    }

    static int confidentOther(double[] probabilities, double[] thresholds, int label) {
        int best = -1;
        for (int c = 0; c < probabilities.length; c++) {
            if (probabilities[c] >= thresholds[c] && (best < 0 || probabilities[c] > probabilities[best])) {
                best = c;
            }
        }
        return best == label ? -1 : best;
    }

    /** The approved rows with a known label, evenly spaced down to at most {@link #MAX_MODEL_ROWS}. */
    private static int[] sample(int[] reference, int[] label) {
        int[] known = Arrays.stream(reference).filter(r -> label[r] >= 0).toArray();
        if (known.length <= MAX_MODEL_ROWS) {
            return known;
        }
        int[] out = new int[MAX_MODEL_ROWS];
        for (int i = 0; i < MAX_MODEL_ROWS; i++) {
            out[i] = known[(int) ((long) i * known.length / MAX_MODEL_ROWS)];
        }
        return out;
    }

    /** Stratified folds in table order: the j-th row of each class goes to fold j mod 5. */
    private static int[] folds(int[] sample, int[] label, int classes) {
        int[] seen = new int[classes];
        int[] fold = new int[sample.length];
        for (int i = 0; i < sample.length; i++) {
            fold[i] = seen[label[sample[i]]]++ % FOLDS;
        }
        return fold;
    }

    /**
     * Fits one model per training set from the full model's weights, in parallel; each fit runs on one thread, so
     * the results do not depend on the thread count.
     */
    private static LogisticModel[] fitAll(float[] z, int dims, List<int[]> training, int[] label, int classes,
            LogisticModel start, int threads) {
        LogisticModel[] models = new LogisticModel[training.size()];
        if (threads <= 1) {
            for (int i = 0; i < models.length; i++) {
                models[i] = LogisticModel.fit(z, dims, training.get(i), label, classes, start);
            }
            return models;
        }
        List<Callable<LogisticModel>> fits = new ArrayList<>();
        for (int[] rows : training) {
            fits.add(() -> LogisticModel.fit(z, dims, rows, label, classes, start));
        }
        List<LogisticModel> fitted = ParallelTasks.run(fits, threads, "aigate-logistic", "fitting the logistic model",
                "fitting the logistic model failed");
        for (int i = 0; i < models.length; i++) {
            models[i] = fitted.get(i);
        }
        return models;
    }
}
