package dev.aigate.checks.poisoning;

import dev.aigate.core.Rule;
import dev.aigate.core.Severity;
import java.util.List;
import java.util.Map;

/** The rules of the poisoning check and what a signal reports. */
final class Signals {
    private Signals() {
    }

    static final Rule LABEL_SHIFT = new Rule("poisoning/label-shift", Severity.HIGH,
            "The label distribution differs from the approved baseline's (chi-square test and population stability"
                    + " index).",
            "Check where the rows of the shifted classes went or came from; if the new distribution is intended,"
                    + " re-approve the data ('aigate poisoning baseline', then 'aigate datasets lock').");
    static final Rule CLASS_VANISHED = new Rule("poisoning/class-vanished", Severity.HIGH,
            "A class of the approved data has no rows any more.",
            "Restore the class's rows, or re-approve the data if dropping the class is intended.");
    static final Rule CLASS_APPEARED = new Rule("poisoning/class-appeared", Severity.HIGH,
            "The data has a label the approved data never had.",
            "Check the rows with the new label; re-approve the data if the class is intended.");
    static final Rule FEATURE_DRIFT = new Rule("poisoning/feature-drift", Severity.MEDIUM,
            "A feature's distribution in the new rows differs from the approved baseline's (Kolmogorov-Smirnov test,"
                    + " or chi-square and PSI for a categorical feature).",
            "Check the new rows' source and preprocessing for this feature.");
    static final Rule OUT_OF_RANGE = new Rule("poisoning/out-of-range", Severity.HIGH,
            "New rows hold values outside the approved range (or categories the approved data never had), more"
                    + " often than the approved data itself does.",
            "Check the named rows' values; fix or remove them, or re-approve if the wider range is real.");
    static final Rule CONFLICTING_DUPLICATE = new Rule("poisoning/conflicting-duplicate", Severity.HIGH,
            "Rows with identical or near-identical features carry different labels.",
            "Decide which label is right for each named row and remove the others.");
    static final Rule NEIGHBOUR_DISAGREEMENT = new Rule("poisoning/neighbour-disagreement", Severity.HIGH,
            "New rows whose label few of their nearest approved rows share, more often than in the approved data"
                    + " itself (a sign of flipped labels).",
            "Review the labels of the named rows against the rows they conflict with.");
    static final Rule CORROBORATED_DISAGREEMENT = new Rule("poisoning/corroborated-disagreement", Severity.HIGH,
            "New rows whose label both their nearest approved rows and a logistic regression fitted on the approved"
                    + " rows contradict, more often than approved rows are contradicted by both (a sign of flipped"
                    + " labels).",
            "Review the labels of the named rows; the class their neighbours and the model agree on is the likely"
                    + " right one.");
    static final Rule RESIDUAL_DISAGREEMENT = new Rule("poisoning/residual-disagreement", Severity.MEDIUM,
            "Once another label-noise signal has shown the new rows' labels noisier than the approved data's, the"
                    + " further new rows whose label their nearest approved rows do not favour and a logistic"
                    + " regression finds less probable than any approved row's.",
            "Review the labels of the named rows with those the label-noise signals named.");
    static final Rule OUTLIER = new Rule("poisoning/outlier", Severity.HIGH,
            "New rows far from every approved row, more often than the approved data's own outliers explain"
                    + " (injected or corrupted rows).",
            "Check where the named rows came from; remove them if they do not belong to the data.");
    static final Rule MODEL_DISAGREEMENT = new Rule("poisoning/model-disagreement", Severity.HIGH,
            "New rows whose label a logistic regression fitted on the approved rows finds improbable while it is"
                    + " confident of another class (confident learning), more often than in the approved data itself.",
            "Review the labels of the named rows; the class the model is confident of is the likely right one.");
    static final Rule COVARIANCE_OUTLIER = new Rule("poisoning/covariance-outlier", Severity.HIGH,
            "New rows farther from the approved rows' mean, measured along their principal axes (Mahalanobis"
                    + " distance), than any approved row, more often than the approved data explains (injected rows"
                    + " that break the features' correlations).",
            "Check where the named rows came from; remove them if they do not belong to the data.");
    static final Rule CLASS_OUTLIER = new Rule("poisoning/class-outlier", Severity.HIGH,
            "New rows too far from the approved rows of their own label for a Gaussian model of each class, fitted"
                    + " and checked on the approved rows (rows of another class relabelled, often with a trigger;"
                    + " injected rows).",
            "Check the named rows' labels and values against the approved rows of their class; remove rows that do"
                    + " not belong.");
    static final Rule TRIGGER = new Rule("poisoning/trigger", Severity.HIGH,
            "A rare feature pattern co-occurs with one label in new rows far more often than the approved data"
                    + " allows (how a backdoor trigger looks).",
            "Inspect the named rows: a planted pattern relabelled to one class is a backdoor; remove them.");
    static final Rule LEAKAGE = new Rule("poisoning/train-eval-overlap", Severity.HIGH,
            "Training rows also appear in the evaluation set, so evaluation results overstate the model.",
            "Remove the named rows from the training data (or from the evaluation set).");

    static final List<Rule> RULES = List.of(LABEL_SHIFT, CLASS_VANISHED, CLASS_APPEARED, FEATURE_DRIFT, OUT_OF_RANGE,
            CONFLICTING_DUPLICATE, NEIGHBOUR_DISAGREEMENT, MODEL_DISAGREEMENT, CORROBORATED_DISAGREEMENT,
            RESIDUAL_DISAGREEMENT, OUTLIER, COVARIANCE_OUTLIER, CLASS_OUTLIER, TRIGGER, LEAKAGE);
    /** The signals that judge labels against their neighbours or a model: residual-disagreement runs after them. */
    static final List<Rule> LABEL_NOISE = List.of(NEIGHBOUR_DISAGREEMENT, MODEL_DISAGREEMENT,
            CORROBORATED_DISAGREEMENT);

    /** One suspect row: its index in the table, score, the rows it conflicts with (indices) and why. */
    record Suspect(int row, Rule rule, double score, List<Integer> conflicts, String detail) {
    }

    /**
     * What one signal concluded: whether it fired, its statement (the finding's message without the row list), the
     * evidence, its suspect rows (empty for table-level signals) and its statistics for the report.
     */
    record Signal(Rule rule, boolean fired, String statement, String expected, String actual,
            List<Suspect> rows, Map<String, Object> stats) {
    }
}
