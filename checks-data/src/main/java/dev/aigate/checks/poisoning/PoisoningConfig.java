package dev.aigate.checks.poisoning;

import com.fasterxml.jackson.annotation.JsonProperty;
import dev.aigate.core.io.SafePaths;
import java.util.List;

/**
 * The {@code poisoning} section of the policy: which labelled table to judge, where its approved baseline lives, and
 * each signal's threshold. Only {@code data} is required; every default is documented in docs/poisoning.md with
 * where it comes from.
 *
 * @param data the training table (CSV, NumPy pair or Parquet) and its label column
 * @param allowMissing accept missing values (empty, NaN, NA cells; NaN in NumPy; nulls in Parquet); default false
 * @param baseline the approved statistics, written by the {@code baseline} action; relative to the policy
 * @param lockFile the dataset lock that must cover the baseline file (default the datasets section's default)
 * @param evaluation the evaluation set the robustness section evaluates on, for the train/evaluation overlap signal
 * @param neighbours how many nearest neighbours the neighbour signals use (default 10)
 * @param maxRowsInMessage how many suspect rows a finding's message names (all of them are in the JSON report)
 * @param alpha the level of every signal's test whose own {@code alpha} is not set (default 0.001; the trigger signal's
 *     default is ten times it)
 */
public record PoisoningConfig(
        Boolean enabled,
        @JsonProperty(required = true) Data data,
        Boolean allowMissing,
        String baseline,
        String lockFile,
        Data evaluation,
        Integer neighbours,
        Integer maxRowsInMessage,
        LabelShift labelShift,
        FeatureDrift featureDrift,
        OutOfRange outOfRange,
        Duplicates duplicates,
        NeighbourDisagreement neighbourDisagreement,
        Outliers outliers,
        Trigger trigger,
        Leakage leakage,
        ModelDisagreement modelDisagreement,
        CovarianceOutliers covarianceOutliers,
        ClassOutliers classOutliers,
        CorroboratedDisagreement corroboratedDisagreement,
        ResidualDisagreement residualDisagreement,
        Double alpha) {

    public static final String DEFAULT_BASELINE = "aigate-poisoning.baseline.json";
    public static final String DEFAULT_LOCK_FILE = "aigate-datasets.lock.json";
    public static final int DEFAULT_NEIGHBOURS = 10;
    /** The level of every signal's test whose own {@code alpha} the policy does not set. */
    public static final double DEFAULT_ALPHA = 0.001;

    public PoisoningConfig {
        enabled = enabled == null ? Boolean.TRUE : enabled;
        if (data == null) {
            throw new IllegalArgumentException("'data' is required: {csv: FILE, label: COLUMN},"
                    + " {parquet: FILE, label: COLUMN} or {features: X.npy, labels: Y.npy}");
        }
        allowMissing = allowMissing != null && allowMissing;
        baseline = baseline == null ? DEFAULT_BASELINE : baseline;
        requireRelativePath("baseline", baseline);
        lockFile = lockFile == null ? DEFAULT_LOCK_FILE : lockFile;
        requireRelativePath("lockFile", lockFile);
        neighbours = neighbours == null ? DEFAULT_NEIGHBOURS : neighbours;
        if (neighbours < 1 || neighbours > 100) {
            throw new IllegalArgumentException("'neighbours' must be between 1 and 100, was " + neighbours);
        }
        maxRowsInMessage = maxRowsInMessage == null ? 20 : maxRowsInMessage;
        if (maxRowsInMessage < 1 || maxRowsInMessage > 10_000) {
            throw new IllegalArgumentException("'maxRowsInMessage' must be between 1 and 10000");
        }
        alpha = probability("alpha", alpha, DEFAULT_ALPHA);
        double level = alpha;
        labelShift = (labelShift == null ? new LabelShift(null, null, null) : labelShift).withDefaultAlpha(level);
        featureDrift = (featureDrift == null ? new FeatureDrift(null, null, null, null) : featureDrift)
                .withDefaultAlpha(level);
        outOfRange = (outOfRange == null ? new OutOfRange(null, null, null) : outOfRange).withDefaultAlpha(level);
        duplicates = duplicates == null ? new Duplicates(null, null) : duplicates;
        neighbourDisagreement = (neighbourDisagreement == null
                ? new NeighbourDisagreement(null, null, null, null, null) : neighbourDisagreement)
                .withDefaultAlpha(level);
        outliers = (outliers == null ? new Outliers(null, null, null) : outliers).withDefaultAlpha(level);
        // A trigger is planted on purpose and its test is corrected for every value and class it tries: ten times the
        // level (0.01 by default).
        trigger = (trigger == null ? new Trigger(null, null, null, null) : trigger)
                .withDefaultAlpha(Math.min(0.5, 10 * level));
        leakage = leakage == null ? new Leakage(null) : leakage;
        modelDisagreement = (modelDisagreement == null ? new ModelDisagreement(null, null) : modelDisagreement)
                .withDefaultAlpha(level);
        covarianceOutliers = (covarianceOutliers == null ? new CovarianceOutliers(null, null) : covarianceOutliers)
                .withDefaultAlpha(level);
        classOutliers = (classOutliers == null ? new ClassOutliers(null, null) : classOutliers)
                .withDefaultAlpha(level);
        corroboratedDisagreement = (corroboratedDisagreement == null ? new CorroboratedDisagreement(null, null)
                : corroboratedDisagreement).withDefaultAlpha(level);
        residualDisagreement = residualDisagreement == null ? new ResidualDisagreement(null) : residualDisagreement;
        if (leakage.enabled() && evaluation == null) {
            leakage = new Leakage(false);
        }
    }

    /**
     * A labelled table: {@code csv} or {@code parquet} with a {@code label} column (every other column a feature;
     * {@code categorical} ones hold text), or NumPy {@code features} (rows, features) and {@code labels} (rows,).
     */
    public record Data(String csv, String parquet, String features, String labels, String label,
            List<String> categorical) {
        public Data {
            int kinds = (csv != null ? 1 : 0) + (parquet != null ? 1 : 0)
                    + (features != null || labels != null ? 1 : 0);
            if (kinds != 1) {
                throw new IllegalArgumentException("a table needs exactly one of 'csv' (with 'label'), 'parquet'"
                        + " (with 'label') or 'features' and 'labels' (NumPy .npy files)");
            }
            categorical = categorical == null ? List.of() : List.copyOf(categorical);
            if (categorical.stream().distinct().count() != categorical.size()) {
                throw new IllegalArgumentException("'categorical' lists a column twice");
            }
            if (csv != null || parquet != null) {
                requireRelativePath(csv != null ? "csv" : "parquet", csv != null ? csv : parquet);
                if (label == null || label.isBlank()) {
                    throw new IllegalArgumentException("'label' must name the label column of "
                            + (csv != null ? csv : parquet));
                }
            } else {
                requireRelativePath("features", features);
                requireRelativePath("labels", labels);
                if (label != null) {
                    throw new IllegalArgumentException("'label' is for CSV and Parquet tables; NumPy tables use"
                            + " 'labels'");
                }
            }
        }

        /** The files of the table, relative to the policy. */
        public List<String> paths() {
            if (csv != null) {
                return List.of(csv);
            }
            return parquet != null ? List.of(parquet) : List.of(features, labels);
        }
    }

    /**
     * Label-distribution shift of the whole table against the baseline: fails when the chi-square goodness-of-fit
     * p-value is below {@code alpha} and the population stability index is at least {@code minPsi}.
     */
    public record LabelShift(Boolean enabled, Double alpha, Double minPsi) {
        public LabelShift {
            enabled = enabled == null || enabled;
            alpha = alpha == null ? null : probability("labelShift.alpha", alpha, 0);
            minPsi = nonNegative("labelShift.minPsi", minPsi, 0.1);
        }

        /** This setting with {@code level} as its alpha when the policy gives none. */
        LabelShift withDefaultAlpha(double level) {
            return alpha != null ? this : new LabelShift(enabled, level, minPsi);
        }
    }

    /**
     * Per-feature drift of the new rows: Kolmogorov-Smirnov against the baseline's quantiles for numeric features,
     * chi-square and PSI for categorical ones; fails when the Bonferroni-corrected p-value is below {@code alpha}
     * and the statistic is at least {@code minKs} (numeric) or {@code minPsi} (categorical).
     */
    public record FeatureDrift(Boolean enabled, Double alpha, Double minKs, Double minPsi) {
        public FeatureDrift {
            enabled = enabled == null || enabled;
            alpha = alpha == null ? null : probability("featureDrift.alpha", alpha, 0);
            minKs = fraction("featureDrift.minKs", minKs, 0.1);
            minPsi = nonNegative("featureDrift.minPsi", minPsi, 0.1);
        }

        /** This setting with {@code level} as its alpha when the policy gives none. */
        FeatureDrift withDefaultAlpha(double level) {
            return alpha != null ? this : new FeatureDrift(enabled, level, minKs, minPsi);
        }
    }

    /**
     * Values outside the approved range, widened on each side by {@code margin} times the approved span; a category
     * the baseline never saw is out of range too. Fails when more new rows are out of range than the baseline's own
     * leave-one-out rate explains (one-sided binomial test at {@code alpha}).
     */
    public record OutOfRange(Boolean enabled, Double margin, Double alpha) {
        public OutOfRange {
            enabled = enabled == null || enabled;
            margin = nonNegative("outOfRange.margin", margin, 0.1);
            alpha = alpha == null ? null : probability("outOfRange.alpha", alpha, 0);
        }

        /** This setting with {@code level} as its alpha when the policy gives none. */
        OutOfRange withDefaultAlpha(double level) {
            return alpha != null ? this : new OutOfRange(enabled, margin, level);
        }
    }

    /**
     * Identical or near-identical feature rows with different labels; near means a standardised distance of at most
     * {@code nearDistance} times the baseline's median nearest-neighbour distance.
     */
    public record Duplicates(Boolean enabled, Double nearDistance) {
        public Duplicates {
            enabled = enabled == null || enabled;
            nearDistance = fraction("duplicates.nearDistance", nearDistance, 0.01);
        }
    }

    /**
     * A new row is suspect when at most {@code maxAgreement} of its nearest approved rows share its label, at least
     * {@code minOtherAgreement} of them share one other label, and a linear discriminant fitted on the approved rows
     * gives its label a probability below {@code maxProbability}. The signal fails when suspects are more frequent
     * than the approved data's own rate explains (binomial test at {@code alpha}), or when a suspect's label is so
     * improbable that it is significant on its own (probability times the number of new rows below {@code alpha}).
     */
    public record NeighbourDisagreement(Boolean enabled, Double maxAgreement, Double minOtherAgreement,
            Double maxProbability, Double alpha) {
        public NeighbourDisagreement {
            enabled = enabled == null || enabled;
            maxAgreement = fraction("neighbourDisagreement.maxAgreement", maxAgreement, 0.1);
            minOtherAgreement = fraction("neighbourDisagreement.minOtherAgreement", minOtherAgreement, 0.7);
            maxProbability = fraction("neighbourDisagreement.maxProbability", maxProbability, 0.5);
            alpha = alpha == null ? null : probability("neighbourDisagreement.alpha", alpha, 0);
        }

        /** This setting with {@code level} as its alpha when the policy gives none. */
        NeighbourDisagreement withDefaultAlpha(double level) {
            return alpha != null ? this : new NeighbourDisagreement(enabled, maxAgreement, minOtherAgreement,
                    maxProbability, level);
        }
    }

    /**
     * A new row is an outlier when its mean distance to its nearest approved rows exceeds {@code factor} times the
     * baseline's 99th percentile of that distance; fails against the baseline's own rate (binomial test).
     */
    public record Outliers(Boolean enabled, Double factor, Double alpha) {
        public Outliers {
            enabled = enabled == null || enabled;
            factor = nonNegative("outliers.factor", factor, 1.2);
            if (factor < 1) {
                throw new IllegalArgumentException("'outliers.factor' must be at least 1, was " + factor);
            }
            alpha = alpha == null ? null : probability("outliers.alpha", alpha, 0);
        }

        /** This setting with {@code level} as its alpha when the policy gives none. */
        Outliers withDefaultAlpha(double level) {
            return alpha != null ? this : new Outliers(enabled, factor, level);
        }
    }

    /**
     * A rare feature value (beyond the baseline's 1st or 99th percentile, or a category seen in at most 1% of
     * approved rows) that co-occurs with one label in at least {@code minRows} new rows, a share of at least
     * {@code minShare} of the new rows with that value, far more often than the baseline allows (binomial test,
     * Bonferroni-corrected, at {@code alpha}).
     */
    public record Trigger(Boolean enabled, Integer minRows, Double minShare, Double alpha) {
        public Trigger {
            enabled = enabled == null || enabled;
            minRows = minRows == null ? 5 : minRows;
            if (minRows < 1) {
                throw new IllegalArgumentException("'trigger.minRows' must be at least 1");
            }
            minShare = fraction("trigger.minShare", minShare, 0.8);
            alpha = alpha == null ? null : probability("trigger.alpha", alpha, 0);
        }

        /** This setting with {@code level} as its alpha when the policy gives none. */
        Trigger withDefaultAlpha(double level) {
            return alpha != null ? this : new Trigger(enabled, minRows, minShare, level);
        }
    }

    /** Rows of the training table whose features also appear in the evaluation set. */
    public record Leakage(Boolean enabled) {
        public Leakage {
            enabled = enabled == null || enabled;
        }
    }

    /**
     * Confident learning with a logistic regression fitted on the approved rows: a new row is suspect when another
     * class's probability clears that class's threshold (the approved rows' mean out-of-fold probability of their
     * own label); fails against the approved rows' own out-of-fold rate (binomial test at {@code alpha}).
     */
    public record ModelDisagreement(Boolean enabled, Double alpha) {
        public ModelDisagreement {
            enabled = enabled == null || enabled;
            alpha = alpha == null ? null : probability("modelDisagreement.alpha", alpha, 0);
        }

        /** This setting with {@code level} as its alpha when the policy gives none. */
        ModelDisagreement withDefaultAlpha(double level) {
            return alpha != null ? this : new ModelDisagreement(enabled, level);
        }
    }

    /**
     * New rows whose Mahalanobis distance from the approved rows' mean (under their covariance) exceeds every
     * approved row's; fails when they are more than the approved data's rate explains (binomial test at
     * {@code alpha}).
     */
    public record CovarianceOutliers(Boolean enabled, Double alpha) {
        public CovarianceOutliers {
            enabled = enabled == null || enabled;
            alpha = alpha == null ? null : probability("covarianceOutliers.alpha", alpha, 0);
        }

        /** This setting with {@code level} as its alpha when the policy gives none. */
        CovarianceOutliers withDefaultAlpha(double level) {
            return alpha != null ? this : new CovarianceOutliers(enabled, level);
        }
    }

    /**
     * New rows too far from the approved rows of their own label for a Gaussian model of each class (Hotelling's
     * prediction region, tempered by the approved rows' own tail); judges nothing when the approved rows show a class
     * is not Gaussian. Fails when the least probable new rows are too improbable together (binomial test at
     * {@code alpha}).
     */
    public record ClassOutliers(Boolean enabled, Double alpha) {
        public ClassOutliers {
            enabled = enabled == null || enabled;
            alpha = alpha == null ? null : probability("classOutliers.alpha", alpha, 0);
        }

        /** This setting with {@code level} as its alpha when the policy gives none. */
        ClassOutliers withDefaultAlpha(double level) {
            return alpha != null ? this : new ClassOutliers(enabled, level);
        }
    }

    /**
     * New rows that confident learning names (the model-disagreement criterion) and that at most half of their k
     * nearest approved rows agree with; fails when they are more than the approved rows both doubt explain (binomial
     * test at {@code alpha}): the approved rows the model doubts out of fold that are hard for their own neighbours,
     * each left out of them.
     */
    public record CorroboratedDisagreement(Boolean enabled, Double alpha) {
        public CorroboratedDisagreement {
            enabled = enabled == null || enabled;
            alpha = alpha == null ? null : probability("corroboratedDisagreement.alpha", alpha, 0);
        }

        /** This setting with {@code level} as its alpha when the policy gives none. */
        CorroboratedDisagreement withDefaultAlpha(double level) {
            return alpha != null ? this : new CorroboratedDisagreement(enabled, level);
        }
    }

    /**
     * After a label-noise signal fired: the further new rows at most half of whose nearest approved rows share their
     * label and whose label the logistic regression finds less probable than any approved row's (out of fold). Names
     * rows only; it runs when the neighbour and model signals both do.
     */
    public record ResidualDisagreement(Boolean enabled) {
        public ResidualDisagreement {
            enabled = enabled == null || enabled;
        }
    }

    static double probability(String key, Double value, double fallback) {
        double v = value == null ? fallback : value;
        if (!Double.isFinite(v) || v <= 0 || v >= 1) {
            throw new IllegalArgumentException("'" + key + "' must be a probability between 0 and 1 (exclusive), was "
                    + value);
        }
        return v;
    }

    static double fraction(String key, Double value, double fallback) {
        double v = value == null ? fallback : value;
        if (!Double.isFinite(v) || v < 0 || v > 1) {
            throw new IllegalArgumentException("'" + key + "' must be a fraction between 0 and 1, was " + value);
        }
        return v;
    }

    static double nonNegative(String key, Double value, double fallback) {
        double v = value == null ? fallback : value;
        if (!Double.isFinite(v) || v < 0 || v > 1e6) {
            throw new IllegalArgumentException("'" + key + "' must be a number of at least 0, was " + value);
        }
        return v;
    }

    private static void requireRelativePath(String key, String path) {
        if (path == null || path.isBlank()) {
            throw new IllegalArgumentException("'" + key + "' must name a file relative to the policy");
        }
        SafePaths.problemWith(path).ifPresent(problem -> {
            throw new IllegalArgumentException("'" + key + "' path '" + path + "' is not allowed: " + problem
                    + "; name a file inside the policy's directory");
        });
    }
}
