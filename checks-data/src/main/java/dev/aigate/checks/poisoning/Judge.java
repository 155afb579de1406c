package dev.aigate.checks.poisoning;

import dev.aigate.core.InputException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
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
    /** A row farther from the approved rows than this factor times the farthest approved row is an outlier alone. */
    static final double STRONG_DISTANCE_FACTOR = 3;
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
    /** The neighbours of the new rows (queries 0 to new rows - 1), then of {@link #approvedQueries}. */
    Neighbours.Result neighbours;
    /** Approved rows searched after the new rows, each left out of its own neighbours. */
    int[] approvedQueries = new int[0];
    Discriminant discriminant;
    /** Per new row (in {@link #newRows} order): how the neighbour criterion sees it; null when it did not run. */
    NeighbourView[] views;
    ConfidentLearning.Fit modelFit;
    /** Per new row: the class confident learning prefers to its label, or -1; and the model's probabilities. */
    int[] modelOther;
    double[] modelLabelProbability;
    double[] modelOtherProbability;
    /**
     * Whether the corroborated signal fired: then the rows it names are accounted for, and the neighbour and model
     * signals judge only the rows each alone names, against the approved rows each alone names.
     */
    boolean accounted;
    /**
     * Of the approved rows the logistic model doubts out of fold, how many share their label with at most half of
     * their own neighbours (each left out of its own), and how many the neighbour criterion names.
     */
    long jointHard;
    long jointDisagreeing;
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
        int kk = Math.min(k, referenceIsApproved ? reference.length : n - 1);
        // The model-based signals learn from the approved rows; an entirely new table has none to learn from.
        boolean models = referenceIsApproved && newRows.length > 0;
        boolean corroborate = models && config.corroboratedDisagreement().enabled()
                && config.neighbourDisagreement().enabled() && config.modelDisagreement().enabled();
        if (models && config.modelDisagreement().enabled()) {
            modelFit = ConfidentLearning.fit(z, encoding.dims(), reference, label, baselineClasses.size(), threads);
        }
        // The approved rows the logistic model doubts out of fold are searched too (each left out of its own
        // neighbours), in the same search as the new rows: the corroborated signal's baseline is how many of them the
        // neighbour criterion names as well.
        approvedQueries = corroborate && modelFit != null ? modelFit.sampleSuspectRows() : new int[0];
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
        if (neighbours != null && config.neighbourDisagreement().enabled()) {
            discriminant = Discriminant.fit(z, encoding.dims(), reference, label, baselineClasses.size());
            views = new NeighbourView[newRows.length];
            for (int q = 0; q < newRows.length; q++) {
                views[q] = neighbourView(z, encoding.dims(), q, newRows[q]);
            }
        }
        if (modelFit != null) {
            judgeByModel(z, encoding.dims());
        }
        // Rows both criteria name are judged first; when that evidence is significant, those rows are accounted for
        // and the neighbour and model signals judge only the rows each alone names (see docs/poisoning.md).
        Signals.Signal corroboratedSignal = null;
        if (corroborate && views != null && modelFit != null) {
            for (int i = 0; i < approvedQueries.length; i++) {
                NeighbourView view = neighbourView(z, encoding.dims(), newRows.length + i, approvedQueries[i]);
                jointHard += view.hard() ? 1 : 0;
                jointDisagreeing += view.disagrees() ? 1 : 0;
            }
            corroboratedSignal = corroboratedDisagreement();
            accounted = corroboratedSignal.fired();
        }
        if (config.duplicates().enabled()) {
            duplicates();
        }
        if (views != null) {
            neighbourDisagreement();
        }
        if (neighbours != null && config.outliers().enabled()) {
            outliers();
        }
        if (modelFit != null) {
            modelDisagreement();
        }
        if (corroboratedSignal != null) {
            signals.add(corroboratedSignal);
        }
        if (views != null && modelFit != null && config.residualDisagreement().enabled()) {
            residualDisagreement();
        }
        if (referenceIsApproved && newRows.length > 0 && config.covarianceOutliers().enabled()) {
            covarianceOutliers(z, encoding.dims());
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
        for (int r : newRows) {
            double worst = 0;
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
                        + Text.abbreviate(table.categoryOf(r, worstFeature)) + "', a category the approved data never had"
                        : "feature '" + name + "' = " + Text.num(table.value(r, worstFeature)) + ", approved range "
                        + Text.num(stats.min()) + " to " + Text.num(stats.max());
                suspects.add(new Signals.Suspect(r, Signals.OUT_OF_RANGE, round(Math.min(worst, 1e9)), List.of(),
                        detail + (outside > 1 ? " (" + outside + " features out of range)" : "")));
            }
        }
        long baselineCount = Arrays.stream(baseline.rangeExcess()).filter(e -> e > margin).count();
        double largest = baseline.rangeExcess().length == 0 ? 0 : baseline.rangeExcess()[0];
        double strongExcess = Math.max(STRONG_EXCESS, STRONG_EXCESS_FACTOR * largest);
        int strong = (int) suspects.stream().filter(s -> s.score() > strongExcess).count();
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
            rateSignal(Signals.CONFLICTING_DUPLICATE, suspects, baseline.conflictingRows(), baseline.rows(), 0.001,
                    "repeat the features of another row with a different label");
        }
    }

    private String lines(List<Integer> rows) {
        StringBuilder text = new StringBuilder(table.whereWord() + (rows.size() > 1 ? "s " : " "));
        for (int i = 0; i < Math.min(5, rows.size()); i++) {
            text.append(i == 0 ? "" : ", ").append(table.rowNumbers()[rows.get(i)]);
        }
        return text.append(rows.size() > 5 ? " and " + (rows.size() - 5) + " more" : "").toString();
    }

    // ------------------------------------------------------------------------------------------ neighbours

    /** How the neighbour criterion sees one query row (a new row, or an approved row left out of its own). */
    private record NeighbourView(int agree, int top, int topCount, double probability, List<Integer> conflicts,
            boolean disagrees, boolean hard) {
    }

    private NeighbourView neighbourView(float[] z, int dims, int q, int r) {
        int kk = neighbours.k();
        int agree = 0;
        Map<Integer, Integer> others = new TreeMap<>();
        List<Integer> conflicts = new ArrayList<>();
        for (int j = 0; j < kk; j++) {
            int other = neighbours.neighbour(q, j);
            if (other < 0) {
                continue;
            }
            if (table.labels()[other] == table.labels()[r]) {
                agree++;
            } else {
                others.merge(table.labels()[other], 1, Integer::sum);
                conflicts.add(other);
            }
        }
        int top = -1;
        for (Map.Entry<Integer, Integer> e : others.entrySet()) {
            if (top < 0 || e.getValue() > others.get(top)) {
                top = e.getKey();
            }
        }
        int topCount = top < 0 ? 0 : others.get(top);
        double probability = discriminant == null ? -1 : discriminant.posterior(z, r * dims, label[r]);
        boolean disagrees = disagrees(agree / (double) kk, topCount / (double) kk, probability,
                config.neighbourDisagreement());
        // Hard: at most half of the neighbours share the label (the baseline's hard rows; the k-nearest-neighbour
        // vote does not favour it).
        return new NeighbourView(agree, top, topCount, probability, List.copyOf(conflicts), disagrees,
                agree * 2 <= kk);
    }

    private String neighbourDetail(int r, NeighbourView view) {
        return "label '" + Text.abbreviate(table.classes().get(table.labels()[r])) + "' shared by " + view.agree()
                + " of its " + neighbours.k() + " nearest " + (referenceIsApproved ? "approved " : "") + "rows, "
                + view.topCount() + " of them are '" + Text.abbreviate(table.classes().get(view.top())) + "'"
                + (view.probability() < 0 ? "" : "; linear model's probability of the label "
                + Text.num(view.probability()));
    }

    private void neighbourDisagreement() {
        PoisoningConfig.NeighbourDisagreement settings = config.neighbourDisagreement();
        List<Signals.Suspect> suspects = new ArrayList<>();
        int kk = neighbours.k();
        double strongest = 1;
        int strong = 0;
        for (int q = 0; q < newRows.length; q++) {
            int r = newRows[q];
            NeighbourView view = views[q];
            if (!view.disagrees() || (accounted && corroborates(q))) {
                continue;
            }
            double probability = view.probability();
            if (strong(view)) {
                strong++;
            }
            strongest = Math.min(strongest, probability < 0 ? 1 : probability);
            suspects.add(new Signals.Suspect(r, Signals.NEIGHBOUR_DISAGREEMENT,
                    round(1 - view.agree() / (double) kk + (probability < 0 ? 0 : 1 - probability)),
                    view.conflicts(), neighbourDetail(r, view)));
        }
        double baselineCount = 0;
        for (double[] hard : baseline.neighbours().hardRows()) {
            if (disagrees(hard[0] / k, hard[1] / k, discriminant == null ? -1 : hard[2], settings)) {
                baselineCount++;
            }
        }
        if (accounted) {
            // The approved rows the corroborated signal counts are its; the rest are this signal's. The baseline's
            // neighbourhoods and the model may be measured on different samples of large tables: rates.
            long queries = baseline.neighbours().queries();
            baselineCount = Math.max(0, baselineCount - jointDisagreeing * (double) queries / modelFit.sampleRows());
        }
        String what = "have a label that at most " + Text.percent(settings.maxAgreement()) + " of their " + kk
                + " nearest " + (referenceIsApproved ? "approved " : "") + "rows share while "
                + Text.percent(settings.minOtherAgreement()) + " or more share another"
                + (discriminant == null ? "" : ", and that a linear model fitted on them finds improbable")
                + (accounted ? ", and that the logistic regression does not doubt (rows both doubt are named by "
                + Signals.CORROBORATED_DISAGREEMENT.id() + ")" : "");
        rateSignal(Signals.NEIGHBOUR_DISAGREEMENT, suspects, baselineCount, baseline.neighbours().queries(),
                settings.alpha(), what, strong, strong + " of them with a label so improbable (down to "
                        + Text.num(strongest) + ") that it is significant alone");
    }

    /** A neighbour suspect whose label is so improbable that it is significant alone (Bonferroni over new rows). */
    private boolean strong(NeighbourView view) {
        return view.probability() >= 0 && view.probability() * newRows.length < config.neighbourDisagreement().alpha();
    }

    private static boolean disagrees(double agreement, double other, double probability,
            PoisoningConfig.NeighbourDisagreement settings) {
        return agreement <= settings.maxAgreement() + 1e-12 && other >= settings.minOtherAgreement() - 1e-12
                && (probability < 0 || probability < settings.maxProbability());
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
        long baselineCount = Arrays.stream(stats.distanceTail()).filter(v -> v > threshold).count();
        double farthest = stats.distanceQuantiles()[Baseline.QUANTILES - 1];
        int strong = 0;
        for (Signals.Suspect suspect : suspects) {
            if (suspect.score() * q99 > STRONG_DISTANCE_FACTOR * farthest) {
                strong++;
            }
        }
        rateSignal(Signals.OUTLIER, suspects, baselineCount, stats.queries(), config.outliers().alpha(),
                "lie far from every approved row (mean distance to the " + kk + " nearest above "
                        + Text.num(config.outliers().factor()) + " times the approved rows' 99th percentile)", strong,
                strong + " of them farther than " + Text.num(STRONG_DISTANCE_FACTOR) + " times the farthest"
                        + " approved row");
    }

    // ------------------------------------------------------------------------------------------ models

    /** Confident learning's verdict on every new row (see {@link #modelOther}). */
    private void judgeByModel(float[] z, int dims) {
        modelOther = new int[newRows.length];
        modelLabelProbability = new double[newRows.length];
        modelOtherProbability = new double[newRows.length];
        double[] probabilities = new double[baselineClasses.size()];
        for (int q = 0; q < newRows.length; q++) {
            int r = newRows[q];
            modelOther[q] = -1;
            if (label[r] < 0) {
                continue; // a label the approved data never had is class-appeared's
            }
            modelFit.model().probabilities(z, r * dims, probabilities);
            modelOther[q] = modelFit.confidentOther(probabilities, label[r]);
            modelLabelProbability[q] = probabilities[label[r]];
            modelOtherProbability[q] = modelOther[q] < 0 ? 0 : probabilities[modelOther[q]];
        }
    }

    private void modelDisagreement() {
        ConfidentLearning.Fit fit = modelFit;
        List<Signals.Suspect> suspects = new ArrayList<>();
        for (int q = 0; q < newRows.length; q++) {
            int r = newRows[q];
            int other = modelOther[q];
            if (other < 0 || (accounted && corroborates(q))) {
                continue;
            }
            suspects.add(new Signals.Suspect(r, Signals.MODEL_DISAGREEMENT, round(1 - modelLabelProbability[q]),
                    List.of(), "label '" + Text.abbreviate(baselineClasses.get(label[r])) + "' has probability "
                    + Text.num(modelLabelProbability[q]) + "; '" + Text.abbreviate(baselineClasses.get(other))
                    + "' has " + Text.num(modelOtherProbability[q]) + ", at least its threshold "
                    + Text.num(fit.thresholds()[other])));
        }
        double baselineCount = fit.sampleSuspects() - (accounted ? jointHard : 0);
        rateSignal(Signals.MODEL_DISAGREEMENT, suspects, baselineCount, fit.sampleRows(),
                config.modelDisagreement().alpha(), "have a label that a logistic regression fitted on the approved"
                        + " rows finds improbable while another class's probability clears that class's threshold"
                        + " (confident learning; thresholds: the approved rows' mean out-of-fold probability of"
                        + " their own class)" + (accounted ? ", and that more than half of their nearest approved rows"
                        + " share (rows both doubt are named by " + Signals.CORROBORATED_DISAGREEMENT.id() + ")" : ""));
    }

    /** Whether both criteria doubt new row {@code q}: confident learning names it, and its neighbours find it hard. */
    private boolean corroborates(int q) {
        return modelOther[q] >= 0 && views[q].hard();
    }

    /**
     * New rows that two different criteria doubt: confident learning names them (the model-disagreement criterion)
     * and at most half of their nearest approved rows share their label (the k-nearest-neighbour vote does not favour
     * it; the baseline's hard rows). Judged against the approved rows both doubt: those the model names out of fold
     * that are hard for their own neighbours (each left out of them). The two criteria are correlated (a row in
     * another class's region is hard for both), so their joint rate is measured, not multiplied from the two rates.
     * A rate test only: the single-criterion signals keep their tiers for rows significant alone.
     */
    private Signals.Signal corroboratedDisagreement() {
        List<Signals.Suspect> suspects = new ArrayList<>();
        for (int q = 0; q < newRows.length; q++) {
            if (!corroborates(q)) {
                continue;
            }
            int r = newRows[q];
            NeighbourView view = views[q];
            suspects.add(new Signals.Suspect(r, Signals.CORROBORATED_DISAGREEMENT,
                    round(1 - modelLabelProbability[q]), view.conflicts(), neighbourDetail(r, view)
                    + "; logistic regression's probability of the label " + Text.num(modelLabelProbability[q])
                    + ", of '" + Text.abbreviate(baselineClasses.get(modelOther[q])) + "' "
                    + Text.num(modelOtherProbability[q])));
        }
        return rateSignalOf(Signals.CORROBORATED_DISAGREEMENT, suspects, jointHard, modelFit.sampleRows(),
                config.corroboratedDisagreement().alpha(), "have a label that a logistic regression fitted on the"
                        + " approved rows finds improbable (confident learning) and that at most half of their "
                        + neighbours.k() + " nearest approved rows share; the approved rows' own rate: those both"
                        + " doubt, each judged out of fold and left out of its own neighbours", 0, null);
    }

    /**
     * Once a label-noise signal has shown the new rows' labels noisier than the approved data's, names the further
     * new rows both criteria doubt more weakly: at most half of their nearest approved rows share the label, and the
     * logistic regression gives it a lower probability than it gives any approved row its own label out of fold. A
     * clean new row is below that minimum with chance about 1 in (approved rows + 1), so this names rows, it is no
     * test: it never fires on its own (medium severity) and only runs after a label-noise signal fired.
     */
    private void residualDisagreement() {
        List<String> after = new ArrayList<>();
        Set<Integer> named = new HashSet<>();
        for (Signals.Signal signal : signals) {
            if (Signals.LABEL_NOISE.contains(signal.rule()) && signal.fired()) {
                after.add(signal.rule().id());
                signal.rows().forEach(suspect -> named.add(suspect.row()));
            }
        }
        double lowest = modelFit.lowestOwnProbability();
        List<Signals.Suspect> suspects = new ArrayList<>();
        for (int q = 0; q < newRows.length && !after.isEmpty(); q++) {
            int r = newRows[q];
            if (named.contains(r) || modelOther == null || label[r] < 0 || !views[q].hard()
                    || !(modelLabelProbability[q] < lowest)) {
                continue;
            }
            suspects.add(new Signals.Suspect(r, Signals.RESIDUAL_DISAGREEMENT, round(1 - modelLabelProbability[q]),
                    views[q].conflicts(), neighbourDetail(r, views[q]) + "; logistic regression's probability of the"
                    + " label " + Text.num(modelLabelProbability[q]) + ", below every approved row's own"));
        }
        long judged = newRows.length;
        String statement = after.isEmpty()
                ? "not judged: no label-noise signal fired"
                : suspects.size() + " more of " + judged + " new rows have a label that at most half of their "
                        + neighbours.k() + " nearest approved rows share and that the logistic regression finds less"
                        + " probable than any approved row's own label out of fold (lowest " + Text.num(lowest)
                        + "); named because " + String.join(", ", after) + " found the new rows' labels noisier than"
                        + " the approved data's (a clean row is this doubted with chance about 1 in "
                        + (modelFit.sampleRows() + 1) + ")";
        signals.add(new Signals.Signal(Signals.RESIDUAL_DISAGREEMENT, !suspects.isEmpty(), statement,
                "named only after a label-noise signal fires", suspects.size() + " of " + judged, suspects,
                stats("suspects", suspects.size(), "judged", judged, "lowestApprovedProbability", round(lowest),
                        "after", List.copyOf(after))));
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
        signals.add(signalOf(Signals.COVARIANCE_OUTLIER, suspects, p, 1.0 / (reference.length + 1),
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

    /** A row signal judged against the baseline's own rate with a one-sided binomial test. */
    private void rateSignal(dev.aigate.core.Rule rule, List<Signals.Suspect> suspects, double baselineCount,
            long baselineRows, double alpha, String what) {
        rateSignal(rule, suspects, baselineCount, baselineRows, alpha, what, 0, null);
    }

    /**
     * A row signal judged against the baseline's own rate with a one-sided binomial test; {@code strong} suspects
     * are beyond anything the approved data shows and fire the signal on their own.
     */
    private void rateSignal(dev.aigate.core.Rule rule, List<Signals.Suspect> suspects, double baselineCount,
            long baselineRows, double alpha, String what, int strong, String strongText) {
        signals.add(rateSignalOf(rule, suspects, baselineCount, baselineRows, alpha, what, strong, strongText));
    }

    /** The signal {@link #rateSignal} adds, not yet added. */
    private Signals.Signal rateSignalOf(dev.aigate.core.Rule rule, List<Signals.Suspect> suspects,
            double baselineCount, long baselineRows, double alpha, String what, int strong, String strongText) {
        double p = Stats.rateTest(suspects.size(), newRows.length, baselineCount, baselineRows);
        return signalOf(rule, suspects, p, baselineRows == 0 ? 0 : baselineCount / baselineRows, alpha, what, strong,
                strongText);
    }

    /** A row signal with its p-value given: it fires below {@code alpha}, or on {@code strong} suspects alone. */
    private Signals.Signal signalOf(dev.aigate.core.Rule rule, List<Signals.Suspect> suspects, double p,
            double baselineRate, double alpha, String what, int strong, String strongText) {
        long judged = newRows.length;
        boolean fired = !suspects.isEmpty() && (p < alpha || strong > 0);
        if (strong > 0) {
            what = what + "; " + strongText;
        }
        double rate = judged == 0 ? 0 : suspects.size() / (double) judged;
        return new Signals.Signal(rule, fired, suspects.size() + " of " + judged + " new rows " + what + " ("
                + Text.percent(rate) + "; the approved data's own rate is " + Text.percent(baselineRate) + ", p = "
                + Text.num(p) + ")", "at most the approved rate " + Text.percent(baselineRate) + " (p >= "
                + Text.num(alpha) + ")", suspects.size() + " of " + judged + " (" + Text.percent(rate) + ")",
                suspects, stats("suspects", suspects.size(), "judged", judged, "rate", round(rate), "baselineRate",
                round(baselineRate), "pValue", p, "beyondApproved", strong));
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
