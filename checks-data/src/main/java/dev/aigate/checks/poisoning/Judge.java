package dev.aigate.checks.poisoning;

import dev.aigate.core.InputException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * Judges a table against its baseline: finds which rows are approved (their fingerprint with their label is in the
 * baseline) and which are new, then runs every enabled signal. Row signals judge the new rows only and fire when
 * their suspects are more frequent than the approved data's own rate explains; the neighbour signals compare each
 * new row with the approved rows present. Everything is deterministic: rows in table order, ties by index.
 */
final class Judge {
    /**
     * A value beyond the approved range by this many spans, and by this factor times the largest leave-one-out
     * excess of any approved row, is out of range on its own (real tables are heavy-tailed: on the evaluation set
     * clean new rows reach 1.4 spans, and 2.2 times the approved rows' largest excess).
     */
    static final double STRONG_EXCESS = 2;
    static final double STRONG_EXCESS_FACTOR = 4;
    private final Table table;
    private final Baseline baseline;
    private final PoisoningConfig config;
    private final int threads;
    private final int n;
    private final int k;
    final List<String> baselineClasses;
    /** Each row's label as an index into the baseline's classes, or -1 for a label the baseline never saw. */
    final int[] label;
    final long[] hashes;
    final boolean[] approved;
    final int[] newRows;
    int[] reference;
    boolean referenceIsApproved;
    /** The neighbours of the new rows (queries 0 to new rows - 1), then of the label-noise signals' approved rows. */
    Neighbours.Result neighbours;
    final List<Signals.Signal> signals = new ArrayList<>();

    Judge(Table table, Baseline baseline, PoisoningConfig config, int threads) {
        this.table = table;
        this.baseline = baseline;
        this.config = config;
        this.threads = threads;
        this.n = table.rows();
        this.k = baseline.neighbours().k();
        Path file = table.files().get(0);
        if (!table.labelName().equals(baseline.label())) {
            throw new InputException(file, "the label column is '" + table.labelName() + "' but the baseline was"
                    + " recorded with '" + baseline.label() + "'; re-approve with 'aigate poisoning baseline'");
        }
        if (!table.featureNames().equals(baseline.featureNames())) {
            throw new InputException(file, "the feature columns differ from the baseline's ("
                    + Text.abbreviate(String.join(", ", diff(table.featureNames(), baseline.featureNames())))
                    + "); re-approve with 'aigate poisoning baseline'");
        }
        for (int f = 0; f < table.features(); f++) {
            if (table.categorical(f) != baseline.features().get(f).categorical()) {
                throw new InputException(file, "feature '" + table.featureNames().get(f) + "' is "
                        + (table.categorical(f) ? "" : "not ") + "categorical in the policy but was "
                        + (table.categorical(f) ? "not " : "") + "when the baseline was recorded; re-approve");
            }
        }
        baselineClasses = new ArrayList<>(baseline.classes().keySet());
        Map<String, Integer> classIndex = new HashMap<>();
        for (int c = 0; c < baselineClasses.size(); c++) {
            classIndex.put(baselineClasses.get(c), c);
        }
        label = new int[n];
        for (int r = 0; r < n; r++) {
            label[r] = classIndex.getOrDefault(table.classes().get(table.labels()[r]), -1);
        }
        hashes = Encoding.featureHashes(table);
        approved = new boolean[n];
        int newCount = 0;
        for (int r = 0; r < n; r++) {
            approved[r] = label[r] >= 0 && approvedPair(hashes[r], label[r]);
            if (!approved[r]) {
                newCount++;
            }
        }
        newRows = new int[newCount];
        for (int r = 0, i = 0; r < n; r++) {
            if (!approved[r]) {
                newRows[i++] = r;
            }
        }
    }

    private static List<String> diff(List<String> actual, List<String> expected) {
        List<String> out = new ArrayList<>();
        for (String name : actual) {
            if (!expected.contains(name)) {
                out.add("+" + name);
            }
        }
        for (String name : expected) {
            if (!actual.contains(name)) {
                out.add("-" + name);
            }
        }
        if (out.isEmpty()) {
            out.add("same columns in another order");
        }
        return out;
    }

    private boolean approvedPair(long hash, int labelIndex) {
        int at = firstFingerprint(hash);
        for (int i = at; i >= 0 && i < baseline.fingerprints().length && baseline.fingerprints()[i] == hash; i++) {
            if (baseline.fingerprintLabels()[i] == labelIndex) {
                return true;
            }
        }
        return false;
    }

    /** The first index of {@code hash} in the sorted fingerprints, or -1. */
    private int firstFingerprint(long hash) {
        long[] prints = baseline.fingerprints();
        int at = Arrays.binarySearch(prints, hash);
        if (at < 0) {
            return -1;
        }
        while (at > 0 && prints[at - 1] == hash) {
            at--;
        }
        return at;
    }

    /** Runs every enabled signal; {@code evaluation} is the evaluation set, or null. */
    List<Signals.Signal> run(Table evaluation) {
        if (config.labelShift().enabled()) {
            labelShift();
        }
        if (config.featureDrift().enabled()) {
            signals.addAll(new FeatureDrift(table, baseline, config.featureDrift(), newRows).signals());
        }
        if (config.outOfRange().enabled()) {
            outOfRange();
        }
        Encoding encoding = new Encoding(baseline.features());
        float[] z = encoding.encode(table);
        int approvedCount = n - newRows.length;
        referenceIsApproved = approvedCount >= k;
        if (referenceIsApproved) {
            reference = new int[approvedCount];
            for (int r = 0, i = 0; r < n; r++) {
                if (approved[r]) {
                    reference[i++] = r;
                }
            }
        } else {
            reference = new int[n];
            Arrays.setAll(reference, i -> i);
        }
        reference = canonicalOrder(reference);
        int kk = Math.min(k, referenceIsApproved ? reference.length : n - 1);
        // The model-based signals learn from the approved rows; an entirely new table has none to learn from.
        ConfidentLearning.Fit modelFit = null;
        if (referenceIsApproved && newRows.length > 0 && config.modelDisagreement().enabled()) {
            modelFit = ConfidentLearning.fit(z, encoding.dims(), reference, label, baselineClasses.size(), threads);
        }
        // The approved rows the corroborated signal needs are searched in the same search as the new rows.
        int[] approvedQueries = LabelNoise.approvedQueries(config, modelFit);
        if (newRows.length > 0 && kk >= 1) {
            int count = newRows.length + approvedQueries.length;
            float[] queries = new float[count * encoding.dims()];
            int[] self = new int[count];
            for (int i = 0; i < count; i++) {
                int row = i < newRows.length ? newRows[i] : approvedQueries[i - newRows.length];
                System.arraycopy(z, row * encoding.dims(), queries, i * encoding.dims(), encoding.dims());
                self[i] = referenceIsApproved && i < newRows.length ? -1 : row;
            }
            neighbours = Neighbours.search(z, reference, queries, count, self, encoding.dims(), kk, threads);
        }
        if (config.duplicates().enabled()) {
            duplicates();
        }
        signals.addAll(new LabelNoise(table, baseline, config, label, baselineClasses, newRows,
                new LabelNoise.Reference(z, encoding.dims(), reference, referenceIsApproved, neighbours,
                        approvedQueries), modelFit).signals());
        if (neighbours != null && config.outliers().enabled()) {
            outliers();
        }
        if (referenceIsApproved && newRows.length > 0 && config.covarianceOutliers().enabled()) {
            covarianceOutliers(z, encoding.dims());
        }
        if (referenceIsApproved && newRows.length > 0 && config.classOutliers().enabled()) {
            signals.add(new ClassOutliers(z, encoding.dims(), reference, label, baselineClasses, newRows,
                    config.classOutliers().alpha()).signal());
        }
        if (config.trigger().enabled()) {
            signals.addAll(new TriggerSignal(table, baseline, config.trigger(), newRows).signals());
        }
        if (evaluation != null && config.leakage().enabled()) {
            leakage(evaluation);
        }
        return signals;
    }

    // ------------------------------------------------------------------------------------------ label shift

    private void labelShift() {
        int classes = baselineClasses.size();
        long[] observed = new long[classes];
        Map<String, List<Integer>> appeared = new TreeMap<>();
        for (int r = 0; r < n; r++) {
            if (label[r] >= 0) {
                observed[label[r]]++;
            } else {
                appeared.computeIfAbsent(table.classes().get(table.labels()[r]), c -> new ArrayList<>()).add(r);
            }
        }
        long total = Arrays.stream(observed).sum();
        double chi = 0;
        double psi = 0;
        for (int c = 0; c < classes; c++) {
            long base = baseline.classes().get(baselineClasses.get(c));
            double expected = total * (double) base / baseline.rows();
            if (expected > 0) {
                chi += (observed[c] - expected) * (observed[c] - expected) / expected;
            }
            double a = (observed[c] + 0.5) / (total + 0.5 * classes);
            double e = (base + 0.5) / (baseline.rows() + 0.5 * classes);
            psi += (a - e) * Math.log(a / e);
            if (base > 0 && observed[c] == 0) {
                signals.add(new Signals.Signal(Signals.CLASS_VANISHED, true, "class '"
                        + Text.abbreviate(baselineClasses.get(c)) + "' has no rows; the approved data had " + base,
                        base + " rows", "0 rows", List.of(), stats("class", baselineClasses.get(c), "approved", base)));
            }
        }
        for (Map.Entry<String, List<Integer>> entry : appeared.entrySet()) {
            List<Signals.Suspect> rows = new ArrayList<>();
            for (int r : entry.getValue()) {
                rows.add(new Signals.Suspect(r, Signals.CLASS_APPEARED, 1, List.of(), "label '"
                        + Text.abbreviate(entry.getKey()) + "' is not a class of the approved data"));
            }
            signals.add(new Signals.Signal(Signals.CLASS_APPEARED, true, entry.getValue().size() + " rows have label '"
                    + Text.abbreviate(entry.getKey()) + "', which the approved data never had", "one of the classes "
                    + Text.abbreviate(String.join(", ", baselineClasses)), "'" + Text.abbreviate(entry.getKey())
                    + "'", rows, stats("class", entry.getKey(), "rows", entry.getValue().size())));
        }
        double p = Stats.chiSquareUpper(chi, classes - 1);
        boolean fired = total > 0 && p < config.labelShift().alpha() && psi >= config.labelShift().minPsi();
        signals.add(new Signals.Signal(Signals.LABEL_SHIFT, fired, "the label distribution shifted from the"
                + " approved data's (chi-square " + Text.num(chi) + " on " + (classes - 1) + " degrees of freedom, p = "
                + Text.num(p) + "; PSI " + Text.num(psi) + ")", "p >= " + Text.num(config.labelShift().alpha())
                + " or PSI < " + Text.num(config.labelShift().minPsi()), "p = " + Text.num(p) + ", PSI "
                + Text.num(psi), List.of(), stats("chiSquare", round(chi), "pValue", p, "psi", round(psi))));
    }

    // ------------------------------------------------------------------------------------------ out of range

    private void outOfRange() {
        double margin = config.outOfRange().margin();
        List<Signals.Suspect> suspects = new ArrayList<>();
        // Per suspect, its largest excess over a feature whose approved values vary: only such an excess is measured
        // against a scale. A value outside a feature the approved rows hold constant (or an unseen category) counts
        // as out of range, but how far out cannot be judged, so it is never significant alone: in clean data a value
        // seen once in the source lands among the new rows only about as often as new rows are a share of all rows.
        List<Double> measured = new ArrayList<>();
        for (int r : newRows) {
            double worst = 0;
            double worstMeasured = 0;
            int worstFeature = -1;
            int outside = 0;
            for (int f = 0; f < table.features(); f++) {
                Baseline.FeatureStats stats = baseline.features().get(f);
                double excess;
                if (stats.categorical()) {
                    excess = stats.categories().containsKey(table.categoryOf(r, f)) ? 0 : 1e9;
                } else {
                    double v = table.value(r, f);
                    double span = stats.max() - stats.min();
                    excess = Double.isNaN(v) ? 0 : v > stats.max() ? BaselineBuilder.spans(v - stats.max(), span)
                            : v < stats.min() ? BaselineBuilder.spans(stats.min() - v, span) : 0;
                }
                if (excess > margin) {
                    outside++;
                    if (!stats.categorical() && stats.max() > stats.min()) {
                        worstMeasured = Math.max(worstMeasured, excess);
                    }
                    if (excess > worst) {
                        worst = excess;
                        worstFeature = f;
                    }
                }
            }
            if (worstFeature >= 0) {
                Baseline.FeatureStats stats = baseline.features().get(worstFeature);
                String name = Text.abbreviate(table.featureNames().get(worstFeature));
                String detail = stats.categorical() ? "feature '" + name + "' = '"
                        + Text.abbreviate(table.categoryOf(r, worstFeature))
                        + "', a category the approved data never had"
                        : "feature '" + name + "' = " + Text.num(table.value(r, worstFeature)) + ", approved range "
                        + Text.num(stats.min()) + " to " + Text.num(stats.max());
                suspects.add(new Signals.Suspect(r, Signals.OUT_OF_RANGE, round(Math.min(worst, 1e9)), List.of(),
                        detail + (outside > 1 ? " (" + outside + " features out of range)" : "")));
                measured.add(worstMeasured);
            }
        }
        long baselineCount = Arrays.stream(baseline.rangeExcess()).filter(e -> e > margin).count();
        // The approved rows' own largest leave-one-out excess: where one of them lies far outside the others' range (or
        // alone varies a feature the others hold constant), no new row's excess is significant alone.
        double largest = baseline.rangeExcess().length == 0 ? 0 : baseline.rangeExcess()[0];
        double strongExcess = Math.max(STRONG_EXCESS, STRONG_EXCESS_FACTOR * largest);
        int strong = (int) measured.stream().filter(e -> e > strongExcess).count();
        rateSignal(Signals.OUT_OF_RANGE, suspects, baselineCount, baseline.rows(), config.outOfRange().alpha(),
                "hold values outside the approved range widened by " + Text.percent(margin) + " of its span", strong,
                strong + " of them beyond it by more than " + Text.num(strongExcess) + " spans (at least "
                        + Text.num(STRONG_EXCESS) + ", and " + Text.num(STRONG_EXCESS_FACTOR) + " times the most any"
                        + " approved row lies beyond the others)");
    }

    // ------------------------------------------------------------------------------------------ duplicates

    private void duplicates() {
        Map<Long, List<Integer>> byHash = new HashMap<>();
        for (int r = 0; r < n; r++) {
            byHash.computeIfAbsent(hashes[r], h -> new ArrayList<>(1)).add(r);
        }
        double near = config.duplicates().nearDistance() * baseline.neighbours().nearestMedian();
        List<Signals.Suspect> suspects = new ArrayList<>();
        for (int q = 0; q < newRows.length; q++) {
            int r = newRows[q];
            List<Integer> conflicts = new ArrayList<>();
            for (int other : byHash.get(hashes[r])) {
                if (other != r && table.labels()[other] != table.labels()[r]) {
                    conflicts.add(other);
                }
            }
            List<String> approvedLabels = new ArrayList<>();
            int at = firstFingerprint(hashes[r]);
            for (int i = at; i >= 0 && i < baseline.fingerprints().length && baseline.fingerprints()[i] == hashes[r];
                    i++) {
                if (baseline.fingerprintLabels()[i] != label[r]) {
                    approvedLabels.add("'" + Text.abbreviate(baselineClasses.get(baseline.fingerprintLabels()[i]))
                            + "'");
                }
            }
            if (neighbours != null && near > 0) {
                for (int j = 0; j < neighbours.k(); j++) {
                    int other = neighbours.neighbour(q, j);
                    if (other < 0 || neighbours.distance(q, j) > near) {
                        break;
                    }
                    if (table.labels()[other] != table.labels()[r] && !conflicts.contains(other)) {
                        conflicts.add(other);
                    }
                }
            }
            if (!conflicts.isEmpty() || !approvedLabels.isEmpty()) {
                conflicts.sort(null);
                String detail = "label '" + Text.abbreviate(table.classes().get(table.labels()[r])) + "'"
                        + (conflicts.isEmpty() ? "" : ", same features as " + lines(conflicts) + " with another label")
                        + (approvedLabels.isEmpty() ? "" : (conflicts.isEmpty() ? ", " : "; ")
                        + "these features were approved with label " + String.join(", ", approvedLabels));
                suspects.add(new Signals.Suspect(r, Signals.CONFLICTING_DUPLICATE, 1, List.copyOf(conflicts), detail));
            }
        }
        if (baseline.conflictingRows() == 0) {
            boolean fired = !suspects.isEmpty();
            signals.add(new Signals.Signal(Signals.CONFLICTING_DUPLICATE, fired, suspects.size() + " new rows repeat"
                    + " the features of another row with a different label (the approved data had none)",
                    "no conflicting duplicates", suspects.size() + " rows", suspects,
                    stats("suspects", suspects.size(), "judged", newRows.length, "baselineRate", 0.0)));
        } else {
            rateSignal(Signals.CONFLICTING_DUPLICATE, suspects, baseline.conflictingRows(), baseline.rows(),
                    config.alpha(), "repeat the features of another row with a different label");
        }
    }

    private String lines(List<Integer> rows) {
        StringBuilder text = new StringBuilder(table.whereWord() + (rows.size() > 1 ? "s " : " "));
        for (int i = 0; i < Math.min(5, rows.size()); i++) {
            text.append(i == 0 ? "" : ", ").append(table.rowNumbers()[rows.get(i)]);
        }
        return text.append(rows.size() > 5 ? " and " + (rows.size() - 5) + " more" : "").toString();
    }

    private void outliers() {
        Baseline.NeighbourStats stats = baseline.neighbours();
        double q99 = stats.distanceQuantiles()[Baseline.QUANTILES - 2];
        double threshold = config.outliers().factor() * q99;
        List<Signals.Suspect> suspects = new ArrayList<>();
        int kk = neighbours.k();
        for (int q = 0; q < newRows.length; q++) {
            double sum = 0;
            List<Integer> nearest = new ArrayList<>();
            for (int j = 0; j < kk; j++) {
                sum += neighbours.distance(q, j);
                if (j < 3) {
                    nearest.add(neighbours.neighbour(q, j));
                }
            }
            double mean = sum / kk;
            if (mean > threshold) {
                suspects.add(new Signals.Suspect(newRows[q], Signals.OUTLIER, round(mean / Math.max(q99, 1e-12)),
                        List.copyOf(nearest), "mean distance to its " + kk + " nearest approved rows is "
                        + Text.num(mean / Math.max(q99, 1e-12)) + " times the approved rows' 99th percentile"));
            }
        }
        // No tier for a row alone: distances on standardised features are heavy-tailed (one rare value of a
        // near-constant feature dominates), so however far one clean new row lies is no evidence by itself; on random
        // splits of the evaluation's digits a tier at 3 times the farthest approved row failed 12% of clean splits.
        long baselineCount = Arrays.stream(stats.distanceTail()).filter(v -> v > threshold).count();
        rateSignal(Signals.OUTLIER, suspects, baselineCount, stats.queries(), config.outliers().alpha(),
                "lie far from every approved row (mean distance to the " + kk + " nearest above "
                        + Text.num(config.outliers().factor()) + " times the approved rows' 99th percentile)");
    }

    private void covarianceOutliers(float[] z, int dims) {
        CovarianceDistance distance = CovarianceDistance.fit(z, dims, reference);
        if (distance == null) {
            return;
        }
        double[] scratch = distance.scratch();
        double farthest = 0;
        // Each approved row's distance out of sample (left out of the fit), as the new rows' distances are: in sample
        // the approved rows would look nearer than clean new rows and the bar would be too low.
        for (int r : reference) {
            farthest = Math.max(farthest, CovarianceDistance.leftOutSquared(distance.squared(z, r * dims, scratch),
                    reference.length, Discriminant.SHRINKAGE));
        }
        double largest = Math.sqrt(farthest);
        List<Signals.Suspect> suspects = new ArrayList<>();
        for (int r : newRows) {
            double d = Math.sqrt(distance.squared(z, r * dims, scratch));
            if (d > largest) {
                double ratio = d / Math.max(largest, 1e-12);
                suspects.add(new Signals.Suspect(r, Signals.COVARIANCE_OUTLIER, round(ratio), List.of(),
                        "Mahalanobis distance from the approved rows' mean " + Text.num(d) + ", " + Text.num(ratio)
                        + " times the farthest approved row's"));
            }
        }
        // By construction no approved row is beyond the farthest: the test is the exact chance that the rows beyond it
        // are all new, not a rate.
        double p = Stats.beyondEveryApproved(suspects.size(), newRows.length, reference.length);
        signals.add(RowTest.withP(Signals.COVARIANCE_OUTLIER, suspects, newRows.length, p, 1.0 / (reference.length + 1),
                config.covarianceOutliers().alpha(), "lie farther from the approved rows' mean, measured along their"
                        + " principal axes (Mahalanobis distance), than any approved row (" + Text.num(largest)
                        + "); a new row of clean data is beyond all " + reference.length + " approved rows with"
                        + " chance 1 in " + (reference.length + 1), 0, null));
    }

    // ------------------------------------------------------------------------------------------ leakage

    private void leakage(Table evaluation) {
        if (!evaluation.featureNames().equals(table.featureNames())) {
            throw new InputException(evaluation.files().get(0), "the evaluation set's feature columns differ from"
                    + " the training data's, so their rows cannot be compared");
        }
        long[] evalHashes = Encoding.featureHashes(evaluation);
        Map<Long, List<Integer>> byHash = new HashMap<>();
        for (int r = 0; r < evaluation.rows(); r++) {
            byHash.computeIfAbsent(evalHashes[r], h -> new ArrayList<>(1)).add(r);
        }
        List<Signals.Suspect> suspects = new ArrayList<>();
        for (int r = 0; r < n; r++) {
            List<Integer> same = byHash.get(hashes[r]);
            if (same != null) {
                StringBuilder where = new StringBuilder();
                for (int i = 0; i < Math.min(5, same.size()); i++) {
                    where.append(i == 0 ? "" : ", ").append(evaluation.rowNumbers()[same.get(i)]);
                }
                suspects.add(new Signals.Suspect(r, Signals.LEAKAGE, 1, List.of(), "same features as evaluation "
                        + evaluation.whereWord() + " " + where + (same.size() > 5 ? " and more" : "")));
            }
        }
        signals.add(new Signals.Signal(Signals.LEAKAGE, !suspects.isEmpty(), suspects.size()
                + " training rows also appear in the evaluation set", "no shared rows", suspects.size() + " rows",
                suspects, stats("suspects", suspects.size(), "evaluationRows", evaluation.rows())));
    }

    // ------------------------------------------------------------------------------------------ helpers

    private void rateSignal(dev.aigate.core.Rule rule, List<Signals.Suspect> suspects, double baselineCount,
            long baselineRows, double alpha, String what) {
        rateSignal(rule, suspects, baselineCount, baselineRows, alpha, what, 0, null);
    }

    private void rateSignal(dev.aigate.core.Rule rule, List<Signals.Suspect> suspects, double baselineCount,
            long baselineRows, double alpha, String what, int strong, String strongText) {
        signals.add(RowTest.rate(rule, suspects, newRows.length, baselineCount, baselineRows, alpha, what, strong,
                strongText));
    }

    /**
     * The rows ordered by their content (feature fingerprint, then label), not by their place in the file: the
     * models are fitted, their folds assigned and neighbour ties broken in this order, so the findings do not depend
     * on how the table is sorted. Rows with the same features and label are interchangeable; the line order keeps
     * them deterministic.
     */
    private int[] canonicalOrder(int[] rows) {
        return Arrays.stream(rows).boxed().sorted((a, b) -> {
            int byHash = Long.compare(hashes[a], hashes[b]);
            if (byHash != 0) {
                return byHash;
            }
            int byLabel = Integer.compare(table.labels()[a] < 0 ? -1 : label[a], table.labels()[b] < 0 ? -1
                    : label[b]);
            return byLabel != 0 ? byLabel : Integer.compare(a, b);
        }).mapToInt(Integer::intValue).toArray();
    }

    static Map<String, Object> stats(Object... pairs) {
        Map<String, Object> out = new LinkedHashMap<>();
        for (int i = 0; i < pairs.length; i += 2) {
            out.put((String) pairs[i], pairs[i + 1]);
        }
        return out;
    }

    static double round(double value) {
        return Double.isFinite(value) ? Math.round(value * 1e6) / 1e6 : value;
    }
}
