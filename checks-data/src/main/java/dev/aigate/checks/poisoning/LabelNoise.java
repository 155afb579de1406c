package dev.aigate.checks.poisoning;

import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;

/**
 * The label-noise signals: new rows whose label their nearest approved rows (neighbour-disagreement), a logistic
 * regression of the approved rows (model-disagreement) or both (corroborated-disagreement) doubt, each judged against
 * the approved rows' own rate, and, once one of them fired, the further rows both doubt more weakly
 * (residual-disagreement). They account for each other's rows, so they are judged together; the neighbour search
 * they use is the one the outlier and duplicate signals use too ({@link Judge} runs it).
 */
final class LabelNoise {
    /**
     * The encoded rows and what was searched among them: the reference rows (the approved rows present, or every row
     * when too few are approved), the neighbours of the new rows (queries 0 to new rows - 1) and then of
     * {@code approvedQueries}, approved rows each left out of its own neighbours.
     */
    record Reference(float[] z, int dims, int[] rows, boolean approved, Neighbours.Result neighbours,
            int[] approvedQueries) {
    }

    private final Table table;
    private final Baseline baseline;
    private final PoisoningConfig config;
    private final int[] label;
    private final List<String> classes;
    private final int[] newRows;
    private final Reference reference;
    private final Neighbours.Result neighbours;
    private final ConfidentLearning.Fit modelFit;
    private final int k;
    private Discriminant discriminant;
    /** The discriminant's overconfidence on the approved rows (see {@link Discriminant#calibrationTemperature}). */
    private double temperature = 1;
    /** Per new row (in {@code newRows} order): how the neighbour criterion sees it; null when it did not run. */
    private NeighbourView[] views;
    /** Per new row: the class confident learning prefers to its label, or -1; and the model's probabilities. */
    private int[] modelOther;
    private double[] modelLabelProbability;
    /** Per new row: the model's probability of its label, tempered on the approved rows out of fold. */
    private double[] modelCalibrated;
    private double[] modelOtherProbability;
    /**
     * Whether the corroborated signal fired: then the rows it names are accounted for, and the neighbour and model
     * signals judge only the rows each alone names, against the approved rows each alone names.
     */
    private boolean accounted;
    /**
     * Of the approved rows the logistic model doubts out of fold, how many share their label with at most half of
     * their own neighbours (each left out of its own), and how many the neighbour criterion names.
     */
    private long jointHard;
    private long jointDisagreeing;
    private final List<Signals.Signal> signals = new ArrayList<>();

    /**
     * @param label each row's label as an index into {@code classes} (the baseline's), or -1
     * @param modelFit confident learning's fit of the approved rows, or null when the model signal does not run
     */
    LabelNoise(Table table, Baseline baseline, PoisoningConfig config, int[] label, List<String> classes,
            int[] newRows, Reference reference, ConfidentLearning.Fit modelFit) {
        this.table = table;
        this.baseline = baseline;
        this.config = config;
        this.label = label;
        this.classes = classes;
        this.newRows = newRows;
        this.reference = reference;
        this.neighbours = reference.neighbours();
        this.modelFit = modelFit;
        this.k = baseline.neighbours().k();
    }

    /** Whether the corroborated signal runs (it needs both criteria it combines). */
    static boolean corroborating(PoisoningConfig config, ConfidentLearning.Fit modelFit) {
        return modelFit != null && config.corroboratedDisagreement().enabled()
                && config.neighbourDisagreement().enabled() && config.modelDisagreement().enabled();
    }

    /**
     * The approved rows to search besides the new rows: those the logistic model doubts out of fold, whose
     * neighbours give the corroborated signal its baseline (how many of them the neighbour criterion doubts as well).
     */
    static int[] approvedQueries(PoisoningConfig config, ConfidentLearning.Fit modelFit) {
        return corroborating(config, modelFit) ? modelFit.sampleSuspectRows() : new int[0];
    }

    /** Every enabled label-noise signal, in the report's order. */
    List<Signals.Signal> signals() {
        if (neighbours != null && config.neighbourDisagreement().enabled()) {
            discriminant = Discriminant.fit(reference.z(), reference.dims(), reference.rows(), label, classes.size());
            temperature = discriminant == null ? 1 : discriminant.calibrationTemperature(reference.z(),
                    reference.rows(), label, ConfidentLearning.MAX_MODEL_ROWS);
            views = new NeighbourView[newRows.length];
            for (int q = 0; q < newRows.length; q++) {
                views[q] = neighbourView(q, newRows[q]);
            }
        }
        if (modelFit != null) {
            judgeByModel();
        }
        // Rows both criteria name are judged first; when that evidence is significant, those rows are accounted for
        // and the neighbour and model signals judge only the rows each alone names (see docs/poisoning.md).
        Signals.Signal corroboratedSignal = null;
        if (corroborating(config, modelFit) && views != null) {
            int[] approvedQueries = reference.approvedQueries();
            for (int i = 0; i < approvedQueries.length; i++) {
                NeighbourView view = neighbourView(newRows.length + i, approvedQueries[i]);
                jointHard += view.hard() ? 1 : 0;
                jointDisagreeing += view.disagrees() ? 1 : 0;
            }
            corroboratedSignal = corroboratedDisagreement();
            accounted = corroboratedSignal.fired();
        }
        if (views != null) {
            neighbourDisagreement();
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
        return signals;
    }

    /** How the neighbour criterion sees one query row (a new row, or an approved row left out of its own). */
    private record NeighbourView(int agree, int top, int topCount, double probability, double calibrated,
            List<Integer> conflicts, boolean disagrees, boolean hard) {
    }

    private NeighbourView neighbourView(int q, int r) {
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
        // The discriminant's probability of the label as fitted, and tempered (one set of scores for both).
        double probability = -1;
        double calibrated = -1;
        if (discriminant != null && label[r] >= 0) {
            double[] score = new double[classes.size()];
            discriminant.scores(reference.z(), r * reference.dims(), score);
            probability = Discriminant.probability(score, label[r], 1);
            calibrated = Discriminant.probability(score, label[r], temperature);
        } else if (discriminant != null) {
            probability = 0;
            calibrated = 0;
        }
        boolean disagrees = disagrees(agree / (double) kk, topCount / (double) kk, probability,
                config.neighbourDisagreement());
        // Hard: at most half of the neighbours share the label (the baseline's hard rows; the k-nearest-neighbour
        // vote does not favour it).
        return new NeighbourView(agree, top, topCount, probability, calibrated, List.copyOf(conflicts), disagrees,
                agree * 2 <= kk);
    }

    private String neighbourDetail(int r, NeighbourView view) {
        return "label '" + Text.abbreviate(table.classes().get(table.labels()[r])) + "' shared by " + view.agree()
                + " of its " + neighbours.k() + " nearest " + (reference.approved() ? "approved " : "") + "rows, "
                + view.topCount() + " of them are '" + Text.abbreviate(table.classes().get(view.top())) + "'"
                + (view.probability() < 0 ? "" : "; linear model's probability of the label "
                + Text.num(view.probability()));
    }

    private void neighbourDisagreement() {
        PoisoningConfig.NeighbourDisagreement settings = config.neighbourDisagreement();
        List<Signals.Suspect> suspects = new ArrayList<>();
        List<Double> calibrated = new ArrayList<>();
        int kk = neighbours.k();
        for (int q = 0; q < newRows.length; q++) {
            int r = newRows[q];
            NeighbourView view = views[q];
            if (!view.disagrees() || (accounted && corroborates(q))) {
                continue;
            }
            double probability = view.probability();
            if (view.calibrated() >= 0) {
                calibrated.add(view.calibrated());
            }
            suspects.add(new Signals.Suspect(r, Signals.NEIGHBOUR_DISAGREEMENT,
                    Judge.round(1 - view.agree() / (double) kk + (probability < 0 ? 0 : 1 - probability)),
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
                + " nearest " + (reference.approved() ? "approved " : "") + "rows share while "
                + Text.percent(settings.minOtherAgreement()) + " or more share another"
                + (discriminant == null ? "" : ", and that a linear model fitted on them finds improbable")
                + (accounted ? ", and that the logistic regression does not doubt (rows both doubt are named by "
                + Signals.CORROBORATED_DISAGREEMENT.id() + ")" : "");
        ImprobableLabels improbable = ImprobableLabels.judge(calibrated, newRows.length, classes.size());
        int strong = improbable.p() < settings.alpha() ? improbable.rows() : 0;
        signals.add(RowTest.rate(Signals.NEIGHBOUR_DISAGREEMENT, suspects, newRows.length, baselineCount,
                baseline.neighbours().queries(), settings.alpha(), what, strong,
                improbableText(strong, improbable, "linear discriminant", temperature)));
    }

    private static boolean disagrees(double agreement, double other, double probability,
            PoisoningConfig.NeighbourDisagreement settings) {
        return agreement <= settings.maxAgreement() + 1e-12 && other >= settings.minOtherAgreement() - 1e-12
                && (probability < 0 || probability < settings.maxProbability());
    }

    /** Confident learning's verdict on every new row (see {@link #modelOther}). */
    private void judgeByModel() {
        modelOther = new int[newRows.length];
        modelLabelProbability = new double[newRows.length];
        modelCalibrated = new double[newRows.length];
        modelOtherProbability = new double[newRows.length];
        double[] probabilities = new double[classes.size()];
        for (int q = 0; q < newRows.length; q++) {
            int r = newRows[q];
            modelOther[q] = -1;
            if (label[r] < 0) {
                continue; // a label the approved data never had is class-appeared's
            }
            modelFit.model().probabilities(reference.z(), r * reference.dims(), probabilities);
            modelOther[q] = modelFit.confidentOther(probabilities, label[r]);
            modelLabelProbability[q] = probabilities[label[r]];
            modelCalibrated[q] = Temperature.tempered(probabilities, label[r], modelFit.temperature());
            modelOtherProbability[q] = modelOther[q] < 0 ? 0 : probabilities[modelOther[q]];
        }
    }

    private void modelDisagreement() {
        ConfidentLearning.Fit fit = modelFit;
        List<Signals.Suspect> suspects = new ArrayList<>();
        List<Double> calibrated = new ArrayList<>();
        for (int q = 0; q < newRows.length; q++) {
            int r = newRows[q];
            int other = modelOther[q];
            if (other < 0 || (accounted && corroborates(q))) {
                continue;
            }
            calibrated.add(modelCalibrated[q]);
            suspects.add(new Signals.Suspect(r, Signals.MODEL_DISAGREEMENT, Judge.round(1 - modelLabelProbability[q]),
                    List.of(), "label '" + Text.abbreviate(classes.get(label[r])) + "' has probability "
                    + Text.num(modelLabelProbability[q]) + "; '" + Text.abbreviate(classes.get(other))
                    + "' has " + Text.num(modelOtherProbability[q]) + ", at least its threshold "
                    + Text.num(fit.thresholds()[other])));
        }
        double baselineCount = fit.sampleSuspects() - (accounted ? jointHard : 0);
        double alpha = config.modelDisagreement().alpha();
        ImprobableLabels improbable = ImprobableLabels.judge(calibrated, newRows.length, classes.size());
        int strong = improbable.p() < alpha ? improbable.rows() : 0;
        signals.add(RowTest.rate(Signals.MODEL_DISAGREEMENT, suspects, newRows.length, baselineCount, fit.sampleRows(),
                alpha, "have a label that a logistic regression fitted on the approved"
                        + " rows finds improbable while another class's probability clears that class's threshold"
                        + " (confident learning; thresholds: the approved rows' mean out-of-fold probability of"
                        + " their own class)" + (accounted ? ", and that more than half of their nearest approved rows"
                        + " share (rows both doubt are named by " + Signals.CORROBORATED_DISAGREEMENT.id() + ")" : ""),
                strong, improbableText(strong, improbable, "logistic regression", fit.temperature())));
    }

    /** What a signal says when a few labels are significant alone (see {@link ImprobableLabels}). */
    private static String improbableText(int strong, ImprobableLabels improbable, String model, double temperature) {
        return strong + " of them with labels so improbable to the " + model + ", calibrated on the approved rows"
                + " (temperature " + Text.num(temperature) + "; down to " + Text.num(improbable.lowest()) + "), that"
                + " together they are significant alone (p = " + Text.num(improbable.p()) + ")";
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
        List<Double> calibrated = new ArrayList<>();
        for (int q = 0; q < newRows.length; q++) {
            if (!corroborates(q)) {
                continue;
            }
            calibrated.add(modelCalibrated[q]);
            int r = newRows[q];
            NeighbourView view = views[q];
            suspects.add(new Signals.Suspect(r, Signals.CORROBORATED_DISAGREEMENT,
                    Judge.round(1 - modelLabelProbability[q]), view.conflicts(), neighbourDetail(r, view)
                    + "; logistic regression's probability of the label " + Text.num(modelLabelProbability[q])
                    + ", of '" + Text.abbreviate(classes.get(modelOther[q])) + "' "
                    + Text.num(modelOtherProbability[q])));
        }
        double alpha = config.corroboratedDisagreement().alpha();
        ImprobableLabels improbable = ImprobableLabels.judge(calibrated, newRows.length, classes.size());
        int strong = improbable.p() < alpha ? improbable.rows() : 0;
        return RowTest.rate(Signals.CORROBORATED_DISAGREEMENT, suspects, newRows.length, jointHard,
                modelFit.sampleRows(), alpha, "have a label that a logistic regression fitted on the approved rows"
                        + " finds improbable (confident learning) and that at most half of their " + neighbours.k()
                        + " nearest approved rows share; the approved rows' own rate: those both doubt, each judged"
                        + " out of fold and left out of its own neighbours", strong,
                improbableText(strong, improbable, "logistic regression", modelFit.temperature()));
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
            suspects.add(new Signals.Suspect(r, Signals.RESIDUAL_DISAGREEMENT,
                    Judge.round(1 - modelLabelProbability[q]),
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
                Judge.stats("suspects", suspects.size(), "judged", judged, "lowestApprovedProbability",
                        Judge.round(lowest),
                        "after", List.copyOf(after))));
    }
}
